package dev.socketfaq.edition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.socketfaq.kit.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The student edition's command line: {@code ./lab handout <dir>} writes it, {@code ./lab check} grades it. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description = "The student edition: write it, and grade it with the labs' own contracts.",
        subcommands = {EditionTool.HandoutCommand.class, EditionTool.CheckCommand.class})
public final class EditionTool implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new EditionTool(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: handout or check");
    }

    /** The project this runs in: the {@code lab} script passes its own directory. */
    static Path root() {
        return Path.of(System.getProperty("labs.root", ".")).toAbsolutePath().normalize();
    }

    @Command(
            name = "handout",
            mixinStandardHelpOptions = true,
            description = "Write the student edition into <dir>: the fixes reduced to starting points.")
    static final class HandoutCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<dir>", description = "a new or empty directory")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path target = dir.toAbsolutePath().normalize();
            if (target.startsWith(root())) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "<dir> " + dir + " is inside the project: choose a directory outside it");
            }
            Handout.Written written;
            try {
                written = Handout.write(root(), target);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            var out = spec.commandLine().getOut();
            out.printf(
                    "wrote the student edition to %s: %d files, %d tasks%n",
                    target, written.files(), written.tasks().size());
            written.tasks().forEach((task, file) -> out.printf("  %s  %s%n", task, file));
            out.printf("next: cd %s && ./lab check%n", target);
            return Cli.OK;
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Run every lab's graded tasks in one Maven run; print one line per task.")
    static final class CheckCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print the scoreboard as JSON (for an instructor collecting results)")
        boolean json;

        @Option(
                names = "--maven",
                paramLabel = "<command>",
                description = "the Maven to run (default: the project's ./mvnw)")
        String maven;

        @Parameters(paramLabel = "<maven option>", description = "passed to Maven, for example -o (offline)")
        List<String> mavenOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path root = root();
            if (Scoreboard.labs(root).isEmpty()) {
                throw new IllegalStateException("no labs in " + root.resolve("pom.xml"));
            }
            var command = new ArrayList<String>();
            command.add(maven != null ? maven : root.resolve("mvnw").toString());
            command.addAll(mavenOptions);
            Path log = root.resolve("target/lab-check.log");
            System.err.printf("running every lab's graded tasks (Maven's output: %s) ...%n", log);
            List<Scoreboard.Task> tasks = Scoreboard.run(root, command, log);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(asJson(tasks)));
            } else {
                out.print(Scoreboard.text(tasks));
                out.flush();
            }
            return Cli.OK;
        }

        static Map<String, Object> asJson(List<Scoreboard.Task> tasks) {
            var json = new LinkedHashMap<String, Object>();
            json.put("done", tasks.stream().filter(Scoreboard.Task::done).count());
            json.put("total", tasks.size());
            json.put(
                    "tasks",
                    tasks.stream()
                            .map(t -> {
                                var row = new LinkedHashMap<String, Object>();
                                row.put("task", t.id());
                                row.put("lab", t.lab());
                                row.put("status", t.done() ? "done" : "not yet");
                                row.put("reason", t.reason());
                                return row;
                            })
                            .toList());
            return json;
        }
    }
}
