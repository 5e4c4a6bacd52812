package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.testkit.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's bad-input table: each bad command line gets one clear {@code error:} line and its exit code,
 * 2 for a usage error (with a pointer to --help), 1 for a failure at run time. Nothing hangs, no stack trace.
 */
@Timeout(30)
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                                          | 2 | missing command
            client --strategy agreed --port 70000                           | 2 | port 70000 is out of range
            client --strategy agreed --port -1                              | 2 | port -1 is out of range
            client --strategy agreed --port                                 | 2 | Missing required parameter for option '--port'
            server --strategy agreed --port 0                               | 2 | --port 0: an agreed port must be a number clients know: 0 asks the OS for a random one; use --strategy directory
            client --strategy agreed --port 0                               | 2 | an agreed port must be a number clients know
            demo --agreed-ports 27041,0                                     | 2 | --agreed-ports 0: an agreed port must be a number clients know
            client                                                          | 2 | Missing required option: '--strategy
            server --strategy port-80                                       | 2 | unknown strategy 'port-80'
            client --strategy agreed --prot 7                               | 2 | Unknown options: '--prot'
            client --strategy directory --directory nowhere                 | 2 | 'nowhere' is not host:port
            server --strategy agreed --bind example.org                     | 2 | 'example.org' is not an IP address
            demo --agreed-ports 1                                           | 2 | agreed-ports
            client --strategy agreed                                        | 2 | agreed needs --port or --config
            client --strategy agreed --config /nonexistent.properties       | 1 | cannot read agreed ports from /nonexistent.properties: no such file
            client --strategy agreed --host no-such-host.invalid --port 7   | 1 | unknown host: no-such-host.invalid
            client --strategy agreed --port {refused-port}                  | 1 | cannot connect
            client --strategy http --http-port {refused-port}               | 1 | cannot connect: Connection refused at 127.0.0.1:
            client --strategy directory --directory 127.0.0.1:{refused-port} | 1 | failed: cannot connect (Connection refused)
            server --strategy directory --bind 0.0.0.0                      | 2 | --bind 0.0.0.0 with --strategy directory needs --advertise
            server --strategy directory --bind ::                           | 2 | Local address and port
            server --strategy directory --bind 0.0.0.0 --advertise 0.0.0.0  | 2 | cannot publish the wildcard 0.0.0.0
            server --strategy directory --advertise 192.0.2.1               | 2 | clients would be sent where it does not listen
            server --strategy directory --bind 0.0.0.0 --advertise example.org | 2 | 'example.org' is not an IP address
            server --strategy agreed --port 7 --advertise 127.0.0.1         | 2 | --advertise is for --strategy directory
            client --strategy directory --advertise 127.0.0.1               | 2 | Unknown options: '--advertise'
            server --strategy fixed-number --port 27011                     | 2 | --port is for --strategy agreed
            client --strategy directory --port 27011                        | 2 | --port is for --strategy agreed
            server --strategy http --config /nonexistent.properties         | 2 | --config is for --strategy agreed
            server --strategy agreed --port 27011 --http-port 8081          | 2 | --http-port is for --strategy hijack and http
            client --strategy http --directory 127.0.0.1:10389              | 2 | --directory is for --strategy directory
            server --strategy http --http-port 0                            | 2 | --http-port 0: the web server's port must be a number clients know
            client --strategy hijack --http-port 0                          | 2 | --http-port 0: the web server's port must be a number clients know
            client --strategy directory --directory 127.0.0.1:0             | 2 | --directory 127.0.0.1:0: the directory's port must be a number clients know
            client --strategy directory --directory no-such-host.invalid:389 | 1 | unknown host: no-such-host.invalid
            client --strategy directory --host 127.0.0.1                    | 2 | --host is not for --strategy directory
            client --strategy agreed --port 7 --config /nonexistent.properties | 2 | --port and --config both give the agreed port
            server --strategy agreed --port 7 --instance bad!name           | 2 | instance name 'bad!name' must be 1..32 letters, digits
            server --strategy http --instance bad!name                      | 2 | instance name 'bad!name' must be 1..32 letters, digits
            client --strategy directory --instance bad!name                 | 2 | instance name 'bad!name' must be 1..32 letters, digits
            directory --bind example.org                                    | 2 | 'example.org' is not an IP address
            directory --bind 999.0.0.1                                      | 2 | '999.0.0.1' is not an IP address
            directory --bind                                                | 2 | Missing required parameter for option '--bind'
            directory --prot 10389                                          | 2 | Unknown options: '--prot'
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ServerPortLab(), commandLine).rejects(exitCode, message);
    }

    /** Every option that takes a port, on every command that has one: the converter's own values. */
    static final List<String> PORT_OPTIONS = List.of(
            "server --strategy agreed --port %s",
            "server --strategy hijack --http-port %s",
            "server --strategy http --http-port %s",
            "server --strategy directory --directory 127.0.0.1:%s",
            "client --strategy agreed --port %s",
            "client --strategy hijack --http-port %s",
            "client --strategy http --http-port %s",
            "client --strategy directory --directory 127.0.0.1:%s",
            "directory --port %s",
            "demo --agreed-ports 27041,%s");

    /** A bad port value and the words its error must contain. The fixed-number strategy takes no port at all (above). */
    static final Map<String, String> BAD_PORTS = Map.of(
            "-1", "port -1 is out of range (0..65535)",
            "65536", "port 65536 is out of range (0..65535)",
            "abc", "'abc' is not a port number (0..65535)",
            "99999999999", "'99999999999' is not a port number (0..65535)"); // too big for an int: not parsed as one

    static Stream<Arguments> badPorts() {
        return PORT_OPTIONS.stream()
                .flatMap(option -> BAD_PORTS.entrySet().stream()
                        .map(bad -> Arguments.of(option.formatted(bad.getKey()), bad.getValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPorts")
    void a_bad_port_is_a_usage_error_on_every_command_that_takes_one(String commandLine, String message) {
        CliRun.line(new ServerPortLab(), commandLine).rejects(Cli.USAGE, message);
    }

    /** In the table below, a loopback port this test holds (bound and listening) for the length of the run. */
    static final String HELD_PORT = "{held-port}";

    /** "Address already in use" alone says neither where nor whose: every server that takes a port names both. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            server --strategy agreed --port {held-port}      | 1 | cannot listen on port {held-port} (agreed for 'a' in --port): Address already in use
            server --strategy hijack --http-port {held-port} | 1 | cannot listen on 127.0.0.1:{held-port} (the HTTP port, hijacked): Address already in use
            server --strategy http --http-port {held-port}   | 1 | cannot listen on 127.0.0.1:{held-port} (the web server): Address already in use
            directory --port {held-port}                     | 1 | cannot start the directory on 127.0.0.1:{held-port}: Address already in use
            """)
    void a_port_in_use_is_named_with_its_holder(String commandLine, int exitCode, String message) throws IOException {
        try (var holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // this test process holds the port
            String port = String.valueOf(holder.getLocalPort());
            CliRun run = CliRun.line(new ServerPortLab(), commandLine.replace(HELD_PORT, port))
                    .rejects(exitCode, message.replace(HELD_PORT, port));
            if (PortHolders.supported()) { // naming the holder reads /proc (Linux)
                assertThat(run.errorLine())
                        .contains("port " + port + " is held by pid "
                                + ProcessHandle.current().pid() + " (");
            }
        }
    }
}
