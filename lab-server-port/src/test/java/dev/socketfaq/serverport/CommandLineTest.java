package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.kit.SocketServer;
import dev.socketfaq.serverport.broken.OpenDirectory;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.testkit.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                                          | 2 | missing command
            server                                                          | 2 | missing mode: hijack, fixed-number, agreed, directory, http
            client                                                          | 2 | missing mode
            server port-80                                                  | 2 | Unmatched argument at index 1: 'port-80'
            client agreed --port 70000                                      | 2 | port 70000 is out of range
            client agreed --port -1                                         | 2 | port -1 is out of range
            client agreed --port                                            | 2 | Missing required parameter for option '--port'
            server agreed --port 0                                          | 2 | --port 0 is out of range (1..65535)
            client agreed --port 0                                          | 2 | --port 0 is out of range (1..65535)
            demo --agreed-ports 27041,0                                     | 2 | --agreed-ports takes two ports, 1..65535
            demo --agreed-ports 1                                           | 2 | --agreed-ports takes two ports
            demo --mode port-80                                             | 2 | 'port-80' is not one of hijack, fixed-number, unpublished, open-directory, agreed, directory, http
            client agreed --prot 7                                          | 2 | Unknown options: '--prot'
            client directory --directory nowhere                            | 2 | 'nowhere' is not host:port
            client directory --directory 127.0.0.1:0                        | 2 | port 0 is no port a client can know
            server agreed --port 7 --bind example.org                       | 2 | 'example.org' is not an IP address
            client agreed                                                   | 2 | Missing required argument (specify one of these): (--port=<port> | --config=<config>)
            client agreed --port 7 --config /nonexistent.properties         | 2 | mutually exclusive
            client agreed --config /nonexistent.properties                  | 1 | cannot read agreed ports from /nonexistent.properties: no such file
            client agreed --host no-such-host.invalid --port 7              | 1 | unknown host: no-such-host.invalid
            client agreed --port {refused-port}                             | 1 | cannot connect
            client fixed-number --host 127.0.0.2                            | 1 | cannot connect: 127.0.0.2:27001: Connection refused
            client hijack --http-port {refused-port}                        | 1 | cannot connect: 127.0.0.1:
            client http --http-port {refused-port}                          | 1 | cannot connect: Connection refused at 127.0.0.1:
            client directory --directory 127.0.0.1:{refused-port}           | 1 | failed: cannot connect (Connection refused)
            client directory --directory no-such-host.invalid:389           | 1 | unknown host: no-such-host.invalid
            server directory --bind 0.0.0.0                                 | 2 | --bind 0.0.0.0 needs --advertise
            server directory --bind ::                                      | 2 | Local address and port
            server directory --bind 0.0.0.0 --advertise 0.0.0.0             | 2 | cannot publish the wildcard 0.0.0.0
            server directory --advertise 192.0.2.1                          | 2 | clients would be sent where it does not listen
            server directory --bind 0.0.0.0 --advertise example.org         | 2 | 'example.org' is not an IP address
            server directory --password-file /nonexistent.pw                | 1 | cannot read the publisher password from /nonexistent.pw: no such file
            server agreed --port 7 --advertise 127.0.0.1                    | 2 | Unknown options: '--advertise'
            client directory --advertise 127.0.0.1                          | 2 | Unknown options: '--advertise'
            server fixed-number --port 27011                                | 2 | Unknown options: '--port'
            client directory --port 27011                                   | 2 | Unknown options: '--port'
            server http --config /nonexistent.properties                    | 2 | Unknown options: '--config'
            server agreed --port 27011 --http-port 8081                     | 2 | Unknown options: '--http-port'
            client http --directory 127.0.0.1:10389                         | 2 | Unknown options: '--directory'
            client directory --host 127.0.0.1                               | 2 | Unknown options: '--host'
            server http --http-port 0                                       | 2 | --http-port 0 is out of range (1..65535)
            client hijack --http-port 0                                     | 2 | --http-port 0 is out of range (1..65535)
            server agreed --port 7 --instance bad!name                      | 2 | instance name 'bad!name' must be 1..32 letters, digits
            server http --instance bad!name                                 | 2 | instance name 'bad!name' must be 1..32 letters, digits
            client directory --instance bad!name                            | 2 | instance name 'bad!name' must be 1..32 letters, digits
            directory --bind example.org                                    | 2 | 'example.org' is not an IP address
            directory --bind 999.0.0.1                                      | 2 | '999.0.0.1' is not an IP address
            directory --bind                                                | 2 | Missing required parameter for option '--bind'
            directory --prot 10389                                          | 2 | Unknown options: '--prot'
            directory --open --password-file publisher.pw                   | 2 | mutually exclusive
            directory --password-file /nonexistent.pw                       | 1 | cannot read the publisher password from /nonexistent.pw: no such file
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ServerPortLab(), commandLine).rejects(exitCode, message);
    }

    /** Every option that takes a port, on every command that has one: the converter's own values. */
    static final List<String> PORT_OPTIONS = List.of(
            "server agreed --port %s",
            "server hijack --http-port %s",
            "server http --http-port %s",
            "server directory --directory 127.0.0.1:%s",
            "client agreed --port %s",
            "client hijack --http-port %s",
            "client http --http-port %s",
            "client directory --directory 127.0.0.1:%s",
            "directory --port %s",
            "demo --agreed-ports 27041,%s");

    /** A bad port value and the words its error must contain. The fixed-number mode takes no port at all (above). */
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
            server agreed --port {held-port}      | 1 | cannot listen on port {held-port} (agreed for 'a' in --port): Address already in use
            server hijack --http-port {held-port} | 1 | cannot listen on 127.0.0.1:{held-port} (the HTTP port, hijacked): Address already in use
            server http --http-port {held-port}   | 1 | cannot listen on 127.0.0.1:{held-port} (the web server): Address already in use
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

    // tag::bad-entry[]
    @ParameterizedTest(name = "ipHostNumber ''{0}'', ipServicePort ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            127.0.0.1 | 70000 | ipServicePort '70000' is not a port (1..65535)
            127.0.0.1 | 0     | ipServicePort '0' is not a port (1..65535)
            127.0.0.1 | -1    | ipServicePort '-1' is not a port (1..65535)
            ""        | 7     | ipHostNumber '' is not an IP address literal
            " "       | 7     | ipHostNumber ' ' is not an IP address literal
            localhost | 7     | ipHostNumber 'localhost' is not an IP address literal
            0.0.0.0   | 7     | ipHostNumber '0.0.0.0' is the wildcard
            """)
    @Timeout(10)
    void a_malformed_directory_entry_is_named_with_its_bad_attribute_and_nothing_is_dialled(
            String host, String port, String problem) throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new OpenDirectory())) {
            DirectoryTest.writeEntry(directory.address(), Publisher.ANONYMOUS, "a", host, port);
            CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + directory.address().getPort())
                    .rejects(
                            Cli.FAILURE,
                            "error: bad directory entry cn=a," + ServiceDirectory.SERVICES + ": " + problem);
        }
    }
    // end::bad-entry[]

    @Test
    void a_port_where_another_program_answers_is_one_error_line_not_a_found_line() throws Exception {
        // the test's own loopback listener, greeting as SSH does: an agreed port that another program holds now
        try (var other = SocketServer.start(
                "other-program",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> {
                    socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream()
                            .transferTo(OutputStream.nullOutputStream()); // until the client leaves: no reset, no race
                },
                line -> {})) {
            int port = other.address().getPort();
            CliRun.run(new ServerPortLab(), "client", "agreed", "--port", String.valueOf(port))
                    .rejects(
                            Cli.FAILURE,
                            "error: 127.0.0.1:" + port
                                    + " (port agreed in --port) answers, but not as instance a: 'SSH-2.0-OpenSSH_9.6'");
        }
    }

    @Test
    void a_directory_address_where_something_else_answers_is_one_short_line() throws Exception {
        // the test's own loopback listener: to the first request it answers an LDAP message with an unknown operation
        // (tag 0x04), which the LDAP SDK cannot decode; it reads until the client leaves, so the answer always arrives
        try (var notLdap = SocketServer.start(
                "not-ldap",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> {
                    if (socket.getInputStream().read() == -1) return;
                    socket.getOutputStream().write(new byte[] {0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x00});
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                },
                line -> {})) {
            CliRun run = CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + notLdap.address().getPort())
                    .rejects(
                            Cli.FAILURE,
                            "directory lookup of cn=a," + ServiceDirectory.SERVICES + " at ldap://127.0.0.1:"
                                    + notLdap.address().getPort() + " failed: the reply is not LDAP (");
            assertThat(run.errorLine())
                    .as("UnboundID's reason, not its quote of the whole request")
                    .contains("protocol op type 04")
                    .endsWith("): is that an LDAP directory?")
                    .doesNotContain("SearchRequest")
                    .hasSizeLessThan(250);
        }
    }

    /**
     * A directory that accepts the connection and then says nothing (stuck, overloaded, or not a directory at all) is
     * reachable: "cannot connect" would send the reader after a network problem that is not there. The test's own
     * loopback listener plays it: it reads what it is sent until the client gives up and leaves.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            client | directory lookup of cn=a,ou=services,dc=socketfaq,dc=dev at ldap://127.0.0.1:{port} failed: connected, but no answer within 2000 ms
            server | cannot publish cn=a,ou=services,dc=socketfaq,dc=dev in the directory at ldap://127.0.0.1:{port}: connected, but no answer within 2000 ms
            """)
    void a_directory_that_accepts_but_never_answers_is_named_as_such(String command, String message) throws Exception {
        try (var silent = SocketServer.start(
                "silent-directory",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()),
                line -> {})) {
            String port = String.valueOf(silent.address().getPort());
            CliRun run = CliRun.run(new ServerPortLab(), command, "directory", "--directory", "127.0.0.1:" + port)
                    .rejects(Cli.FAILURE, message.replace("{port}", port));
            assertThat(run.errorLine()).doesNotContain("cannot connect");
            assertThat(silent.accepted()).as("the client did connect").isEqualTo(1);
        }
    }

    @Test
    void a_directory_that_closes_the_connection_without_an_answer_is_named_as_such() throws Exception {
        // the test's own loopback listener: it takes the first byte of the request and hangs up
        try (var hangsUp = SocketServer.start(
                "hangs-up",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> socket.getInputStream().read(),
                line -> {})) {
            String port = String.valueOf(hangsUp.address().getPort());
            CliRun.run(new ServerPortLab(), "client", "directory", "--directory", "127.0.0.1:" + port)
                    .rejects(
                            Cli.FAILURE,
                            "at ldap://127.0.0.1:" + port
                                    + " failed: connected, but the connection was closed before an answer came");
        }
    }

    @Test
    void a_stale_directory_entry_is_one_line_and_exit_code_1() throws Exception {
        var publisher = Publisher.generate();
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher));
                var a = new RandomPortInDirectory(LOOPBACK, directory.address(), publisher).start("a")) {
            a.server().close(); // died without removing its entry
            CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + directory.address().getPort())
                    .rejects(Cli.FAILURE, "error: stale directory entry cn=a,ou=services");
        }
    }

    /** A server publishes only as the directory's publisher: anything else is one line, exit code 1. */
    @ParameterizedTest(name = "password: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            none  | insufficientAccessRights (50): only the directory's publisher (cn=publisher,dc=socketfaq,dc=dev) may write
            wrong | invalidCredentials (49): that is not the password of cn=publisher,dc=socketfaq,dc=dev
            """)
    void a_server_without_the_publishers_password_is_refused_in_one_line(
            String password, String message, @TempDir Path dir) throws Exception {
        var publisher = Publisher.generate();
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher))) {
            String where = "127.0.0.1:" + directory.address().getPort();
            CliRun run = password.equals("none")
                    ? CliRun.run(new ServerPortLab(), "server", "directory", "--directory", where)
                    : CliRun.run(
                            new ServerPortLab(),
                            "server",
                            "directory",
                            "--directory",
                            where,
                            "--password-file",
                            Files.writeString(dir.resolve("wrong.pw"), "x" + publisher.password())
                                    .toString());
            run.rejects(
                    Cli.FAILURE,
                    "error: cannot publish cn=a," + ServiceDirectory.SERVICES + " in the directory at " + "ldap://"
                            + where + ": " + message);
            assertThat(directory.services()).isZero();
        }
    }
}
