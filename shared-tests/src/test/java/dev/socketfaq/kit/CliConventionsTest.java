package dev.socketfaq.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Timeout(10)
class CliConventionsTest {

    enum Way implements Implementation {
        BROKEN(Kind.BROKEN, "the wrong way"),
        SELF_PIPE(Kind.FIXED, "the right way");

        private final Kind kind;
        private final String what;

        Way(Kind kind, String what) {
            this.kind = kind;
            this.what = what;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String what() {
            return what;
        }
    }

    @Command(name = "run")
    static final class Run implements Runnable {
        @Option(names = "--mode")
        Way mode = Way.BROKEN;

        @Option(names = "--threads")
        @Cli.Range(min = 1, max = 64)
        int threads = 1;

        String ran;

        @Override
        public void run() {
            ran = mode.label() + " " + threads;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(Run command, String... args) {
        var line = Cli.commandLine(command);
        line.setErr(new PrintWriter(err));
        return line.execute(args);
    }

    @Test
    void a_label_with_a_dash_names_the_implementation() {
        var command = new Run();
        assertThat(run(command, "--mode", "Self-Pipe", "--threads", "64")).isEqualTo(Cli.OK);
        assertThat(command.ran).isEqualTo("self-pipe 64");
    }

    @Test
    void an_unknown_label_lists_the_labels() {
        assertThat(run(new Run(), "--mode", "polling")).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).startsWith("error: ").contains("'polling' is not one of broken, self-pipe");
    }

    @Test
    void a_value_out_of_range_is_a_usage_error_in_one_format() {
        var command = new Run();
        assertThat(run(command, "--threads", "0")).isEqualTo(Cli.USAGE);
        assertThat(err.toString()).startsWith("error: --threads 0 is out of range (1..64)");
        assertThat(command.ran).isNull();
        assertThat(run(new Run(), "--threads", "65")).isEqualTo(Cli.USAGE);
    }

    @Test
    void kinds_decide_the_expected_outcome() {
        assertThat(Way.BROKEN.meetsContract()).isFalse();
        assertThat(Way.SELF_PIPE.meetsContract()).isTrue();
    }
}
