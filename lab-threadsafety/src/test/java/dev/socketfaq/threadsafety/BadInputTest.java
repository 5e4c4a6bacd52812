package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader survives garbage; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {

    @Test
    void garbage_on_the_stream_is_counted_as_corrupt_not_thrown() {
        var tally = Messages.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5}));
        assertThat(tally.intact()).isZero();
        assertThat(tally.corrupt()).isEqualTo(1);
        assertThat(tally.firstCorruption()).contains("bad frame length");
    }

    @Test
    void unknown_mode_and_bad_threads_are_usage_errors() {
        assertThat(run("client", "--mode", "yolo").exitCode()).isEqualTo(Cli.USAGE);
        assertThat(run("client", "--mode", "locked", "--threads", "0").exitCode()).isEqualTo(Cli.USAGE);
        assertThat(run("server", "--port", "65536").exitCode()).isEqualTo(Cli.USAGE);
    }

    @Test
    void a_refused_connection_is_one_line_and_exit_code_1() throws Exception {
        try (var boundNotListening = new Socket()) {
            boundNotListening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var r = run("client", "--mode", "locked", "--port", String.valueOf(boundNotListening.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(Cli.FAILURE);
            assertThat(r.err().strip()).startsWith("error: cannot connect").doesNotContain("\n");
        }
    }

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cli.commandLine(new ThreadSafetyLab());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }
}
