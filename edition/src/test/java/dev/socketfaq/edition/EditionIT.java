package dev.socketfaq.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proof of the student edition: generated into target/, built with this build's own Maven and local repository
 * (offline), every graded task fails on its starting point with the contract's own words; with the reference
 * solutions (the labs' own sources, which this build's labs just tested) every task passes. A task that cannot
 * fail, or a starting point that is already the solution, fails this test. {@code -Dlabs.edition.rebuild=true}
 * also copies the solutions back into the edition and builds it a second time.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class EditionIT {
    /** The first line each task's starting point must fail with: the contract's violation, never a crash. */
    static final Map<String, Pattern> STARTING_POINT_FAILS_WITH = Map.of(
            "server-port-guard-the-directory",
                    Pattern.compile("broken: directory: a client looking for \\w+ was sent to a stranger's server .*"),
            "reserve-keep-what-you-bound",
                    Pattern.compile("fixed: the bind failed \\(Address already in use\\): the competitor bound port"
                            + " \\d+ in the gap"),
            "getsockname-accepted-address",
                    Pattern.compile(
                            "accepted: a client that dialed \\S+ was told 0\\.0\\.0\\.0:\\d+: 0\\.0\\.0\\.0 is the"
                                    + " wildcard .*"),
            "nagle-one-write",
                    Pattern.compile("fixed: median round trip .* is above the stall threshold .*: each request waited"
                            + " for the server's delayed ACK"),
            "threadsafety-lock-the-message",
                    Pattern.compile("locked: \\d+ messages sent, \\d+ arrived intact; the reader found .*"),
            "threadsafety-sequence-the-chunks",
                    Pattern.compile("sequenced: \\d+ of \\d+ handler orders lost the order of the bytes.*"),
            "select-wake-the-loop",
                    Pattern.compile("wakeup: an idle loop was still running \\d+ s after the stop request"));

    @Test
    void every_task_fails_on_its_starting_point_and_passes_with_the_reference_solution() throws Exception {
        Path root = Path.of(System.getProperty("labs.root")).toAbsolutePath();
        Path edition = root.resolve("edition/target/student-edition");
        delete(edition);
        List<String> maven = List.of(
                Path.of(System.getProperty("labs.mavenHome"), "bin", "mvn").toString(),
                "-o",
                "-Dmaven.repo.local=" + System.getProperty("labs.mavenRepo"));

        long t0 = System.nanoTime();
        Handout.Written written = Handout.write(root, edition);
        var declared = new LinkedHashSet<String>();
        for (String lab : Scoreboard.labs(root))
            declared.addAll(Scoreboard.declared(root, lab).keySet());
        assertThat(written.tasks().keySet())
                .as("every graded test has a starting point, and every starting point a graded test")
                .containsExactlyInAnyOrderElementsOf(declared)
                .containsExactlyInAnyOrderElementsOf(STARTING_POINT_FAILS_WITH.keySet());
        for (String lab : Scoreboard.labs(root)) {
            assertThat(Scoreboard.declared(root, lab))
                    .as("%s has a graded task", lab)
                    .isNotEmpty();
        }
        reuseBuildOutput(root, edition);
        long t1 = System.nanoTime();

        List<Scoreboard.Task> start = Scoreboard.run(edition, maven, edition.resolve("target/check-start.log"));
        long t2 = System.nanoTime();
        System.out.print("the starting points:\n" + Scoreboard.text(start));
        var wrong = new ArrayList<String>();
        for (Scoreboard.Task t : start) {
            Pattern expected = STARTING_POINT_FAILS_WITH.get(t.id());
            if (t.done()) wrong.add(t.id() + " passes on its starting point");
            else if (!expected.matcher(t.reason()).matches()) {
                wrong.add(t.id() + " failed with \"" + t.reason() + "\", not the contract's " + expected);
            }
        }
        assertThat(wrong)
                .as("tasks whose starting point does not fail as declared")
                .isEmpty();

        // With the reference solutions the edition's sources are the labs' own: this build ran those very tests.
        List<Scoreboard.Task> solved;
        if (Boolean.getBoolean("labs.edition.rebuild")) {
            Handout.writeSolutions(root, edition);
            solved = Scoreboard.run(edition, maven, edition.resolve("target/check-solved.log"));
        } else {
            solved = Scoreboard.read(root, Scoreboard.labs(root), root.resolve("target/lab-check.log"));
        }
        long t3 = System.nanoTime();
        System.out.print("with the reference solutions:\n" + Scoreboard.text(solved));
        assertThat(solved.stream().filter(t -> !t.done()).map(t -> t.id() + ": " + t.reason()))
                .as("tasks the reference solution does not pass (this build's reports, or -Dlabs.edition.rebuild=true)")
                .isEmpty();
        System.out.printf(
                "edition proof: handout %s, starting points %s, reference solutions %s%n",
                took(t0, t1), took(t1, t2), took(t2, t3));
    }

    /** The shared modules' build output, copied so the edition's Maven finds them up to date (same sources). */
    static void reuseBuildOutput(Path root, Path edition) throws Exception {
        for (String module : List.of("kit", "testkit")) {
            Path from = root.resolve(module).resolve("target");
            if (!Files.isDirectory(from)) continue;
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path to = edition.resolve(module)
                            .resolve("target")
                            .resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else if (p.toString().contains("maven-status")) { // its lists name the sources by absolute path
                        Files.writeString(to, Files.readString(p).replace(root.toString(), edition.toString()));
                        Files.setLastModifiedTime(to, Files.getLastModifiedTime(p));
                    } else Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static String took(long from, long to) {
        return Duration.ofNanos(to - from).toMillis() / 100 / 10.0 + " s";
    }

    static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(p);
        }
    }
}
