package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.select.fixed.WakeupLoop;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad requests cost their sender its connection and nothing else; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void a_negative_or_oversized_request_closes_that_connection_and_the_loop_keeps_serving() throws Exception {
        try (var server = new WakeupLoop(new InetSocketAddress(LOOPBACK, 0))) {
            for (int bad : new int[] {-1, SelectorLoop.MAX_REQUEST + 1}) {
                try (var socket = new Socket(LOOPBACK, server.address().getPort())) {
                    socket.setSoTimeout(5_000);
                    new DataOutputStream(socket.getOutputStream()).writeInt(bad);
                    assertThat(socket.getInputStream().read()).as("request %d: connection closed", bad).isEqualTo(-1);
                }
            }
            try (var good = OwedClient.request(server.address(), 1000)) {
                good.readExactly(1000);
            }
            server.requestStop();
            assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(server.failure()).isNull();
        }
    }

    @Test
    void unknown_method_and_bad_port_are_usage_errors() {
        assertThat(run("server", "--method", "kill-9").exitCode()).isEqualTo(Cli.USAGE);
        var badPort = run("client", "--port", "-1");
        assertThat(badPort.exitCode()).isEqualTo(Cli.USAGE);
        assertThat(badPort.err()).contains("port -1 is out of range");
        assertThat(run("client", "--bytes", "-5").err()).contains("--bytes must be");
    }

    @Test
    void a_refused_connection_is_one_line_and_exit_code_1() throws Exception {
        try (var boundNotListening = new Socket()) {
            boundNotListening.bind(new InetSocketAddress(LOOPBACK, 0));
            var r = run("client", "--port", String.valueOf(boundNotListening.getLocalPort()), "--read-after", "0s");
            assertThat(r.exitCode()).isEqualTo(Cli.FAILURE);
            assertThat(r.err().strip()).startsWith("error: cannot connect").doesNotContain("\n");
        }
    }

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cli.commandLine(new SelectLab());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }
}
