package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.CliRun;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line's bad-input table: each bad command line gets one clear {@code error:} line and its exit code,
 * 2 for a usage error (with a pointer to --help), 1 for a failure at run time. Nothing hangs, no stack trace. And
 * what the commands listen on: the server on loopback unless --bind says otherwise, the demo and the table on the
 * wildcard (the lesson), which their help says.
 */
@Timeout(30)
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                              | 2 | missing command
            client --port 70000                                 | 2 | port 70000 is out of range
            client --port -1                                    | 2 | port -1 is out of range
            client --port 0                                     | 2 | --port 0 is not a server's port
            client --port                                       | 2 | Missing required parameter for option '--port'
            server --advertise teleport                         | 2 | unknown strategy 'teleport'
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --colour                                     | 2 | Unknown option: '--colour'
            client --host no-such-host.invalid                  | 1 | unknown host: no-such-host.invalid
            client --port {refused-port}                        | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new GetsocknameLab(), commandLine).rejects(exitCode, message);
    }

    /**
     * The server in a child JVM (it runs until a signal), started without --bind: it says it listens on 127.0.0.1,
     * serves a client there, and is not listening on the machine's other loopback address (Linux), so it is not the
     * wildcard.
     */
    @Test
    @Timeout(60)
    void the_server_listens_on_loopback_unless_told_otherwise() throws Exception {
        try (var child = ChildJvm.start(GetsocknameLab.class, "server", "--port", "0")) {
            String listening = child.awaitLine("listening on", Duration.ofSeconds(40));
            assertThat(listening).startsWith("listening on 127.0.0.1:");
            int port = Integer.parseInt(listening.replaceAll("^listening on 127\\.0\\.0\\.1:(\\d+);.*", "$1"));
            var call = CallbackClient.call(new InetSocketAddress(StateTable.LOOPBACK, port), Advertise.ACCEPTED);
            assertThat(call.calledBack())
                    .as("a client on 127.0.0.1: %s", call.problem())
                    .isTrue();
            if (StateTable.multipleLoopbackAddresses()) {
                assertThatThrownBy(() -> new Socket(StateTable.OTHER_LOOPBACK, port).close())
                        .as("a connection to 127.0.0.2, another address of this machine")
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void the_server_help_says_it_binds_loopback_and_names_bind() {
        var help = CliRun.run(new GetsocknameLab(), "server", "--help");
        assertThat(help.exitCode()).isEqualTo(Cli.OK);
        assertThat(help.out()).contains("--bind", "loopback", "default 127.0.0.1");
    }

    @Test
    void the_demo_and_table_help_say_they_listen_on_the_wildcard_and_serve_loopback_only() {
        var demo = CliRun.run(new GetsocknameLab(), "demo", "--help");
        assertThat(demo.exitCode()).isEqualTo(Cli.OK);
        assertThat(squeezed(demo.out()))
                .contains(
                        "open on every address of this machine",
                        "serves loopback peers only",
                        "closed at once, unread and unanswered")
                .doesNotContain("Everything stays on this machine");
        var table = CliRun.run(new GetsocknameLab(), "table", "--help");
        assertThat(table.exitCode()).isEqualTo(Cli.OK);
        assertThat(squeezed(table.out()))
                .contains("0.0.0.0 and ::", "accepts only the table's own client", "closes any other connection");
    }

    /** Help text as one line: picocli wraps it at 80 columns. */
    static String squeezed(String help) {
        return help.replaceAll("\\s+", " ");
    }
}
