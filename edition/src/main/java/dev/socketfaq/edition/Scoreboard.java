package dev.socketfaq.edition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * The scoreboard: every lab's graded tasks (tests marked {@code @Graded}) in one Maven run, then one verdict per
 * task read from Surefire's reports. The tasks are found in the labs' test sources, so a lab whose code does not
 * compile still shows its tasks, as not done.
 */
final class Scoreboard {
    /** A graded test method: {@code @Graded}, then (after other annotations) its {@code void name(}. */
    private static final Pattern GRADED = Pattern.compile("@Graded\\b[^;{}]*?\\bvoid\\s+(\\w+)\\s*\\(");

    private static final Duration LIMIT = Duration.ofMinutes(20);

    /** One task's verdict; {@code reason} is empty when it is done. */
    record Task(String id, String lab, boolean done, String reason) {}

    private Scoreboard() {}

    /** The labs of the project at {@code root}, in the course's order (the root pom's). */
    static List<String> labs(Path root) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        var labs = new ArrayList<String>();
        var m = Pattern.compile("<module>(lab-[a-z-]+)</module>").matcher(pom);
        while (m.find()) labs.add(m.group(1));
        return labs;
    }

    /** The graded tasks declared in {@code lab}'s tests: task id to the test method's name. */
    static Map<String, String> declared(Path root, String lab) throws IOException {
        var tasks = new LinkedHashMap<String, String>();
        Path tests = root.resolve(lab).resolve("src/test/java");
        if (!Files.isDirectory(tests)) return tasks;
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                var m = GRADED.matcher(Files.readString(f));
                while (m.find()) tasks.put(taskId(m.group(1)), m.group(1));
            }
        }
        return tasks;
    }

    static String taskId(String testName) {
        return testName.replaceAll("\\(.*\\)$", "").trim().replace('_', '-').replace(' ', '-');
    }

    /**
     * Runs every lab's graded tasks with {@code maven} (a command and its options) in one invocation, Maven's
     * output to {@code log}, and reads the verdicts.
     */
    static List<Task> run(Path root, List<String> maven, Path log) throws IOException, InterruptedException {
        List<String> labs = labs(root);
        for (String lab : labs) deleteTree(root.resolve(lab).resolve("target/surefire-reports"));
        var command = new ArrayList<>(maven);
        command.addAll(List.of(
                "-B",
                "-fae",
                "-Dgroups=graded",
                "-Dsurefire.failIfNoSpecifiedTests=false",
                "test",
                "-pl",
                String.join(",", labs)));
        Files.createDirectories(log.getParent());
        Process mvn = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        mvn.getOutputStream().close();
        if (!mvn.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            mvn.descendants().forEach(ProcessHandle::destroyForcibly);
            mvn.destroyForcibly();
            throw new IOException("Maven did not finish within " + LIMIT.toMinutes() + " minutes; see " + log);
        }
        return read(root, labs, log);
    }

    /** The verdict of every declared task, from the reports the last run left. */
    static List<Task> read(Path root, List<String> labs, Path log) throws IOException {
        var tasks = new ArrayList<Task>();
        for (String lab : labs) {
            Map<String, Task> reported = reported(lab, root.resolve(lab).resolve("target/surefire-reports"));
            for (String id : declared(root, lab).keySet()) {
                tasks.add(reported.getOrDefault(
                        id, new Task(id, lab, false, lab + " did not run its tests (it may not compile): see " + log)));
            }
        }
        return tasks;
    }

    private static Map<String, Task> reported(String lab, Path reports) throws IOException {
        var tasks = new LinkedHashMap<String, Task>();
        if (!Files.isDirectory(reports)) return tasks;
        try (Stream<Path> files = Files.list(reports)) {
            for (Path xml : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .sorted(Comparator.naturalOrder())
                    .toList()) {
                var doc = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(xml.toFile());
                var cases = doc.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    var c = (Element) cases.item(i);
                    String id = taskId(c.getAttribute("name"));
                    tasks.put(id, verdict(id, lab, c));
                }
            }
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("unreadable test report in " + reports + ": " + e.getMessage(), e);
        }
        return tasks;
    }

    private static Task verdict(String id, String lab, Element testcase) {
        for (String kind : List.of("failure", "error", "skipped")) {
            var found = testcase.getElementsByTagName(kind);
            if (found.getLength() > 0) {
                var e = (Element) found.item(0);
                String message = e.getAttribute("message");
                if (message.isBlank()) message = kind + ": " + e.getAttribute("type");
                return new Task(id, lab, false, firstLine(message));
            }
        }
        return new Task(id, lab, true, "");
    }

    static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + " ..." : line;
    }

    /** The scoreboard as people read it: one line per task, then the count. */
    static String text(List<Task> tasks) {
        var s = new StringBuilder();
        int width = tasks.stream().mapToInt(t -> t.id().length()).max().orElse(0);
        for (Task t : tasks) {
            s.append(String.format(
                    Locale.ROOT, "%-" + width + "s  %s%n", t.id(), t.done() ? "done" : "not yet: " + t.reason()));
        }
        long done = tasks.stream().filter(Task::done).count();
        s.append(String.format(Locale.ROOT, "%d of %d tasks done%n", done, tasks.size()));
        return s.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
