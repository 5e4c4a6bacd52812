package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's bad-input table: each bad command line gets one clear {@code error:} line and its exit code,
 * 2 for a usage error (with a pointer to --help), 1 for a failure at run time. Nothing hangs, no stack trace.
 *
 * <p>In the table, {@code {dir}} is an empty directory of the test's own; in it, {@code a-file} is a regular file and
 * {@code r.lock} a directory (so a registry {@code {dir}/r} cannot open its lock file), and {@code huge} a sparse file
 * far larger than any registry (as {@code /dev/zero} would be, which never ends), {@code claimed} a registry where
 * apache holds 8080 and {@code two-owners} one with two lines for 8080. Every row that could touch a registry names
 * one in {@code {dir}}: a row that wrongly got past its check must not change ~/.socketfaq. {@code {held-port}} is a
 * loopback port this test listens on, {@code {pid}} this test's process.
 */
@Timeout(30)
class CommandLineTest {
    static final String APACHE = "8080\tapache\t2026-11-25T08:00:00Z\n";

    @TempDir
    Path dir;

    ServerSocketChannel held;

    @BeforeEach
    void obstacles() throws IOException {
        Files.writeString(dir.resolve("a-file"), "not a directory\n");
        Files.createDirectory(dir.resolve("r.lock"));
        try (var huge = new java.io.RandomAccessFile(dir.resolve("huge").toFile(), "rw")) {
            huge.setLength(RegistryFile.MAX_BYTES + 1L); // sparse: no disk space used
        }
        Files.writeString(dir.resolve("claimed"), APACHE);
        Files.writeString(dir.resolve("two-owners"), APACHE + "8080\tnginx\t2026-11-26T08:00:00Z\n");
        held = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void releaseHeldPort() throws IOException {
        held.close();
    }

    String fill(String text) throws IOException {
        return text.replace("{dir}", dir.toString())
                .replace("{held-port}", String.valueOf(((InetSocketAddress) held.getLocalAddress()).getPort()))
                .replace("{pid}", String.valueOf(ProcessHandle.current().pid()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                                         | 2 | missing command
            claim --port 70000 --owner x                                   | 2 | port 70000 is out of range
            claim --port -1 --owner x                                      | 2 | port -1 is out of range
            claim --owner x                                                | 2 | Missing required option: '--port
            claim --port 8080 --owner                                      | 2 | Missing required parameter for option '--owner'
            claim --registry {dir}/ports.registry --port 0 --owner x      | 2 | --port 0 is out of range (1..65535)
            release --registry {dir}/ports.registry --port 8080 --owner nobody | 1 | nobody holds no claim on port 8080
            claim --registry {dir}/ports.registry --port 9000 --owner=     | 2 | an owner is a non-empty name
            release --registry {dir}/ports.registry --port 9000 --owner=   | 2 | an owner is a non-empty name
            claim --registry {dir}/a-file/ports.registry --port 9000 --owner x | 1 | cannot create the registry's directory {dir}/a-file: {dir}/a-file is in the way
            claim --registry {dir}/r --port 9000 --owner x                 | 1 | cannot open the registry's lock file {dir}/r.lock: Is a directory
            list --registry {dir}                                          | 1 | cannot read the registry {dir}: Is a directory
            list --registry {dir}/huge                                     | 1 | {dir}/huge is larger than 8 MiB, too large for a port registry
            list --registry {dir}/two-owners                               | 1 | {dir}/two-owners lines 1 and 2 both claim port 8080
            check --port 70000                                             | 2 | port 70000 is out of range
            check --registry {dir}/claimed --port 0                        | 2 | --port 0 is out of range (1..65535)
            check --registry {dir}/claimed                                 | 2 | Missing required option: '--port
            check --registry {dir}/claimed --port 8080                     | 1 | port 8080 is reserved by apache (since 2026-11-25T08:00:00Z);
            check --registry {dir}/two-owners --port 9000                  | 1 | both claim port 8080
            check --registry {dir}/huge --port 9000                        | 1 | {dir}/huge is larger than 8 MiB
            serve --port {held-port}                                       | 1 | cannot listen on port {held-port}: Address already in use; port {held-port} is held by pid {pid} (
            serve --port 70000                                             | 2 | port 70000 is out of range
            who-holds --port abc                                           | 2 | 'abc' is not a port number
            who-holds --port 0                                             | 2 | --port 0 is out of range (1..65535)
            kernel --reserved 70000                                        | 2 | port 70000 is out of range
            kernel --reserved 0                                            | 2 | --reserved 0 is out of range (1..65535)
            kernel --reserved 40004,70000                                  | 2 | port 70000 is out of range
            kernel --reserved 40004,0 --os-assigned-only                   | 2 | --reserved 0 is out of range (1..65535)
            kernel --reserved 40004,abc                                    | 2 | 'abc' is not a port number
            kernel --reserved 40000 --threads 0                            | 2 | --threads 0 is out of range (1..256)
            kernel --reserved 40000 --threads 100000                       | 2 | --threads 100000 is out of range (1..256)
            kernel --reserved 40000 --rounds 0                             | 2 | --rounds 0 is out of range (1..10000)
            kernel --reserved 40000 --binds 0                              | 2 | --binds 0 is out of range (1..100000)
            kernel --reserved 40000 --connects -1                          | 2 | --connects -1 is out of range (0..1000)
            list --colour                                                  | 2 | Unknown option: '--colour'
            gap --mode nosuch                                              | 2 | 'nosuch' is not one of broken, fixed
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message)
            throws IOException {
        var run = CliRun.line(new ReserveLab(), fill(commandLine)).rejects(exitCode, fill(message));
        // refused before anything ran: a kernel row prints no RESULT line first, a claim no "reserved"
        assertThat(run.out()).as("standard output").isEmpty();
    }

    /**
     * Owners the table above cannot spell (its words are split on whitespace, and CR is whitespace): each is a name
     * with a character that would break the registry's one-claim-per-line file (a CR would make every later read
     * find "line 2 is corrupt").
     */
    @ParameterizedTest(name = "owner {index}")
    @ValueSource(
            strings = {
                "a\rb",
                "a\nb",
                "a\tb",
                "a\u0000b",
                "\u001b[31mred",
                "a\u007fb",
                "a\u0085b",
                "a\u2028b",
                "a\uD800b",
                " ",
                "\t"
            })
    void an_owner_that_does_not_fit_on_one_line_is_a_usage_error(String owner) {
        Path registry = dir.resolve("ports.registry");
        var run = CliRun.run(
                new ReserveLab(), "claim", "--registry", registry.toString(), "--port", "9000", "--owner", owner);
        run.rejects(Cli.USAGE, "an owner is a");
        assertThat(registry).as("a refused claim writes nothing").doesNotExist();
    }

    @Test
    void reading_a_registry_that_does_not_exist_finds_no_claims_and_creates_nothing() throws IOException {
        Path missing = dir.resolve("nonexist/x/y");
        var list = CliRun.run(new ReserveLab(), "list", "--registry", missing.toString());
        assertThat(list.exitCode()).as(list.err()).isEqualTo(Cli.OK);
        assertThat(list.out()).contains("no claims in " + missing);
        var release = CliRun.run(
                new ReserveLab(), "release", "--registry", missing.toString(), "--port", "9000", "--owner", "x");
        release.rejects(Cli.FAILURE, "x holds no claim on port 9000");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("what list and release left in " + dir)
                    .containsExactlyInAnyOrder("a-file", "r.lock", "huge", "claimed", "two-owners");
        }
    }

    /** The configuration check: a port nobody claimed is free in the registry (exit 0), and check says who has it bound. */
    @Test
    void check_says_a_port_is_free_in_the_registry_and_who_holds_it_now() throws IOException {
        assumeTrue(WhoHolds.supported(), "who-holds reads /proc (Linux)");
        Path registry = dir.resolve("claimed");
        int heldPort = ((InetSocketAddress) held.getLocalAddress()).getPort();
        var taken = CliRun.run(
                new ReserveLab(), "check", "--registry", registry.toString(), "--port", String.valueOf(heldPort));
        assertThat(taken.exitCode()).as(taken.err()).isEqualTo(Cli.OK);
        assertThat(taken.out())
                .startsWith("port " + heldPort + " is free in the registry " + registry + "; port " + heldPort
                        + " is held by pid " + ProcessHandle.current().pid() + " (");
        int port;
        try (var ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
        var free = CliRun.run(
                new ReserveLab(), "check", "--registry", registry.toString(), "--port", String.valueOf(port));
        assertThat(free.exitCode()).as(free.err()).isEqualTo(Cli.OK);
        assertThat(free.out())
                .isEqualTo("port " + port + " is free in the registry " + registry + "; nobody holds port " + port
                        + " (TCP or UDP)" + System.lineSeparator());
        assertThat(Files.readString(registry)).as("a check only reads").isEqualTo(APACHE);
    }

    @Test
    void nobody_holds_is_an_answer_exit_0() throws IOException {
        assumeTrue(WhoHolds.supported(), "who-holds reads /proc (Linux)");
        int port;
        try (var ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
        var run = CliRun.run(new ReserveLab(), "who-holds", "--port", String.valueOf(port));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.OK);
        assertThat(run.out()).startsWith("nobody holds port " + port);
        assertThat(run.err()).isEmpty();
    }
}
