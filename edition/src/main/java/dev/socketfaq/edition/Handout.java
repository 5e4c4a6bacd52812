package dev.socketfaq.edition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes the student edition: the project's tracked files (never build output), each marked source reduced to its
 * starting point ({@link Regions}), and a README that says what to do first. One source for both editions, so the
 * starting point and the reference solution cannot drift apart.
 */
final class Handout {
    /** What the edition leaves out: the proof that builds an edition makes no sense inside one. */
    private static final String LEFT_OUT = "edition/src/test/";

    /** The tasks written, by id, each with the file that holds its starting point. */
    record Written(Map<String, String> tasks, int files) {}

    private Handout() {}

    static Written write(Path root, Path target) throws IOException {
        if (Files.exists(target) && (!Files.isDirectory(target) || hasEntries(target))) {
            throw new IllegalArgumentException(target + " exists and is not an empty directory");
        }
        var tasks = new TreeMap<String, String>();
        int files = 0;
        for (String file : trackedFiles(root)) {
            Path from = root.resolve(file);
            if (file.startsWith(LEFT_OUT) || !Files.isRegularFile(from)) continue;
            Path to = target.resolve(file);
            Files.createDirectories(to.getParent());
            String text = file.endsWith(".java") ? Files.readString(from) : null;
            if (text != null && Regions.marked(text)) {
                Regions.Result start = Regions.startingPoint(file, text);
                Files.writeString(to, start.text());
                start.tasks().forEach(task -> tasks.put(task, file));
            } else {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            files++;
        }
        Path readme = target.resolve("README.md");
        Files.writeString(readme, studentReadme(tasks) + Files.readString(readme));
        return new Written(tasks, files);
    }

    /** Copies the reference solution of every marked file of {@code root} over the edition in {@code target}. */
    static List<String> writeSolutions(Path root, Path target) throws IOException {
        var written = new ArrayList<String>();
        for (String file : trackedFiles(root)) {
            Path from = root.resolve(file);
            if (file.endsWith(".java") && Files.isRegularFile(from) && Regions.marked(Files.readString(from))) {
                Files.copy(from, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                written.add(file);
            }
        }
        return written;
    }

    /** Git's view of the project, so nothing built or ignored is copied; files not yet committed are included. */
    static List<String> trackedFiles(Path root) throws IOException {
        if (!Files.exists(root.resolve(".git"))) {
            throw new IllegalArgumentException(root + " is not a git checkout: the edition is written from one");
        }
        var git = new ProcessBuilder(
                        "git", "-C", root.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        git.getOutputStream().close();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                git.destroyForcibly();
                throw new IOException("git ls-files failed in " + root);
            }
        } catch (InterruptedException e) {
            git.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing " + root, e);
        }
        return List.of(listing.split("\0")).stream().filter(s -> !s.isEmpty()).toList();
    }

    private static boolean hasEntries(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String studentReadme(Map<String, String> tasks) {
        var s = new StringBuilder();
        s.append("# Student edition: what to do first\n\n");
        s.append(
                        "This copy of Socket FAQ Labs leaves the fixes to you. Every lab still holds its broken code, its tests")
                .append(" and its page; in each lab, one or more fixed implementations are reduced to a starting point")
                .append(" marked `Your turn, task <id>`. The lab's own contract grades what you write: the same tests")
                .append(" that prove the reference solution.\n\n");
        s.append(
                "1. Build once and see where you stand: `./lab check` (one line per task: done, or not yet and why).\n");
        s.append("2. Open a lab's page (`docs/src/docs/asciidoc/labs/<lab>.adoc`) and read its \"Your turn\"")
                .append(" section: the task, a hint, the command that checks it.\n");
        s.append("3. Write the fix where the comment says, then run the lab's tasks alone, for example")
                .append(
                        " `mvn test -pl lab-nagle -Dgroups=graded`. A failure states what the contract saw, then a hint.\n");
        s.append("4. `mvn test -pl <lab>` runs the lab's whole suite: the tests that exercise the fixed")
                .append(" implementations pass once your fix is right, whatever its shape.\n\n");
        s.append("The tasks:\n\n");
        tasks.forEach((task, file) ->
                s.append("- `").append(task).append("`: `").append(file).append("`\n"));
        s.append("\n---\n\n");
        return s.toString();
    }
}
