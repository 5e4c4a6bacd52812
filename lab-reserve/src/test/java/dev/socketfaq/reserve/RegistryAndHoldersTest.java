package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.CliRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Beyond the FAQ: seat numbers for ports (the registry) and "who holds this port now". */
@Timeout(60)
class RegistryAndHoldersTest {
    @TempDir
    Path dir;

    // tag::registry[]
    @Test
    void a_claim_names_its_owner_to_the_next_claimant_and_survives_a_restart() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");

        var afterRestart = new PortRegistry(file); // a new process reading the same file
        assertThatThrownBy(() -> afterRestart.claim(8080, "our-server"))
                .isInstanceOf(PortRegistry.PortReservedException.class)
                .hasMessageStartingWith("port 8080 is reserved by apache");
        assertThat(afterRestart.check(8080))
                .get()
                .extracting(PortRegistry.Claim::owner)
                .isEqualTo("apache");
    }

    @Test
    void concurrent_claimants_in_separate_processes_cannot_both_win() throws Exception {
        Path file = dir.resolve("ports.registry");
        List<ChildJvm> children = new ArrayList<>();
        try {
            // JVMs start tens of ms apart and a claim takes about 1 ms: started one by one, they would never meet.
            // So the test holds the registry's own lock while they start; each child finds it taken and says so
            // before it queues. When all four wait, the test lets go, and they race for the lock at the same moment.
            try (var lockFile = FileChannel.open(
                            new PortRegistry(file).lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var held = lockFile.lock()) {
                for (int i = 0; i < 4; i++) {
                    children.add(ChildJvm.start(
                            ReserveLab.class,
                            "claim",
                            "--registry",
                            file.toString(),
                            "--port",
                            "8080",
                            "--owner",
                            "child-" + i));
                }
                for (ChildJvm child : children)
                    child.awaitLine("another process is changing the registry", Duration.ofSeconds(30));
                assertThat(file)
                        .as("the registry, while the test held its lock")
                        .doesNotExist();
            }
            int winners = 0;
            for (ChildJvm child : children) {
                var exit = child.awaitExit(Duration.ofSeconds(30));
                if (exit.code() == Cli.OK) winners++;
                else assertThat(exit.output()).contains("error: port 8080 is reserved by child-");
            }
            assertThat(winners).as("processes that got port 8080").isEqualTo(1);
            assertThat(new PortRegistry(file).list()).hasSize(1);
        } finally {
            for (ChildJvm c : children) c.close();
        }
    }
    // end::registry[]

    @Test
    void a_corrupt_registry_is_reported_and_left_untouched() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");
        Files.writeString(file, "this is not a claim\n", java.nio.file.StandardOpenOption.APPEND);
        String before = Files.readString(file);
        assertThatThrownBy(() -> new PortRegistry(file).claim(9090, "db"))
                .isInstanceOf(PortRegistry.RegistryCorruptException.class)
                .hasMessageContaining("line 3 is corrupt ('this is not a claim')")
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void two_lines_for_one_port_are_corrupt_and_left_untouched() throws Exception {
        Path file = dir.resolve("ports.registry");
        String twoOwners = "# port\towner\tsince\n8080\tapache\t2026-11-25T08:00:00Z\n9090\tdb\t2026-11-25T08:00:00Z\n"
                + "8080\tnginx\t2026-11-26T08:00:00Z\n"; // a hand edit, or a merge of two copies
        Files.writeString(file, twoOwners);
        for (var attempt : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> new PortRegistry(file).list(), () -> new PortRegistry(file).check(8080),
                () -> new PortRegistry(file).claim(7070, "x"), () -> new PortRegistry(file).release(9090, "db"))) {
            assertThatThrownBy(attempt)
                    .isInstanceOf(PortRegistry.RegistryCorruptException.class)
                    .hasMessageContaining("lines 2 and 4 both claim port 8080")
                    .hasMessageContaining(
                            "'8080\tapache\t2026-11-25T08:00:00Z' and '8080\tnginx\t2026-11-26T08:00:00Z'")
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(Files.readString(file)).as("nothing lost or rewritten").isEqualTo(twoOwners);
    }

    // tag::hand-edit[]
    @Test
    void a_hand_edit_between_read_and_replace_is_not_overwritten() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");
        String handClaim = "9090\tdb\t2026-11-25T08:00:00Z\n";
        // someone edits the file by hand (taking no lock) after the claim has read it and before it replaces it
        var racing = new PortRegistry(
                file, message -> {}, () -> Files.writeString(file, handClaim, StandardOpenOption.APPEND));
        String edited = Files.readString(file) + handClaim;

        assertThatThrownBy(() -> racing.claim(7070, "our-server"))
                .isInstanceOf(PortRegistry.RegistryChangedException.class)
                .hasMessage(
                        file + " changed while claiming port 7070 (edited by hand?): nothing was written; try again");
        assertThat(Files.readString(file)).as("the hand edit, kept").isEqualTo(edited);

        new PortRegistry(file).claim(7070, "our-server"); // trying again: read after the edit, nothing to lose
        assertThat(new PortRegistry(file).list())
                .extracting(PortRegistry.Claim::port)
                .containsExactly(7070, 8080, 9090);
    }
    // end::hand-edit[]

    @Test
    void a_release_or_a_first_claim_refuses_a_file_that_changed_meanwhile() throws Exception {
        Path file = dir.resolve("ports.registry");
        String handMade = "8080\tapache\t2026-11-25T08:00:00Z\n";
        // the registry did not exist when the claim read it; someone created it before the claim wrote
        var first = new PortRegistry(file, message -> {}, () -> Files.writeString(file, handMade));
        assertThatThrownBy(() -> first.claim(7070, "x"))
                .isInstanceOf(PortRegistry.RegistryChangedException.class)
                .hasMessageContaining("changed while claiming port 7070");
        assertThat(Files.readString(file)).isEqualTo(handMade);

        new PortRegistry(file).claim(7070, "x");
        String before = Files.readString(file);
        var releasing = new PortRegistry(
                file,
                message -> {},
                () -> Files.writeString(file, "9090\tdb\t2026-11-25T08:00:00Z\n", StandardOpenOption.APPEND));
        assertThatThrownBy(() -> releasing.release(7070, "x"))
                .isInstanceOf(PortRegistry.RegistryChangedException.class)
                .hasMessageContaining("changed while releasing port 7070");
        assertThat(Files.readString(file)).isEqualTo(before + "9090\tdb\t2026-11-25T08:00:00Z\n");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no half-written copy left behind")
                    .containsExactlyInAnyOrder("ports.registry", "ports.registry.lock");
        }
    }

    @Test
    void ports_out_of_range_are_usage_errors() {
        Path file = dir.resolve("ports.registry");
        assertThat(run("claim", "--registry", file.toString(), "--port", "70000", "--owner", "x")
                        .exitCode())
                .isEqualTo(Cli.USAGE);
        var zero = run("claim", "--registry", file.toString(), "--port", "0", "--owner", "x");
        assertThat(zero.exitCode()).isEqualTo(Cli.USAGE);
        assertThat(zero.err()).contains("0 means 'any port' and cannot be claimed");
        assertThat(run("release", "--registry", file.toString(), "--port", "8080", "--owner", "nobody")
                        .err())
                .contains("error: nobody holds no claim on port 8080");
    }

    // tag::who-holds[]
    @Test
    void who_holds_names_this_very_process_for_a_port_it_bound() throws Exception {
        assumeTrue(PortHolders.supported(), "who-holds reads /proc (Linux)");
        try (var held = ServerSocketChannel.open()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) held.getLocalAddress()).getPort();
            assertThat(PortHolders.of(port)).anySatisfy(h -> {
                assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(h.command()).contains("java"); // this test's JVM: /proc/PID/cmdline, read whole
            });
            assertThat(PortHolders.describe(port))
                    .startsWith("port " + port + " is held by pid "
                            + ProcessHandle.current().pid() + " (")
                    .contains("java");
        }
    }

    /**
     * A socket that is bound and nothing more (no listen(), no connect()) holds its port (the FAQ, "Reserving a port":
     * bind() is the reservation) but is in neither table of /proc/net/tcp. who-holds must not say "nobody" then.
     * With SO_REUSEADDR on the holder too: a probe that set it would share the port and see nothing.
     */
    @ParameterizedTest(name = "holder SO_REUSEADDR={0}")
    @ValueSource(booleans = {false, true})
    void who_holds_does_not_say_nobody_for_a_socket_that_is_bound_but_not_listening(boolean reuseAddress)
            throws Exception {
        assumeTrue(PortHolders.supported(), "who-holds reads /proc (Linux)");
        try (var bound = SocketChannel.open()) {
            bound.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) bound.getLocalAddress()).getPort();
            assertThat(PortHolders.of(port))
                    .as("/proc/net/tcp lists listening and connected sockets only")
                    .isEmpty();
            String expected = "port " + port
                    + " is bound by a socket that is not listening (bind() without listen() or connect();"
                    + " /proc/net/tcp does not list those, so no pid can be named)";
            assertThat(PortHolders.describe(port)).isEqualTo(expected);
            var cli = run("who-holds", "--port", String.valueOf(port));
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Cli.OK);
            assertThat(cli.out()).isEqualTo(expected + System.lineSeparator());
        }
    }

    @Test
    void a_child_binds_port_0_itself_and_reports_it_and_who_holds_names_the_child() throws Exception {
        try (var child = ChildJvm.start(ReserveLab.class, "serve", "--port", "0")) {
            int port = Integer.parseInt(
                    child.awaitLine("listening on", Duration.ofSeconds(20)).replaceAll(".*:(\\d+)$", "$1"));
            try (var s = new Socket()) {
                s.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        3_000); // the reported port is the child's
            }
            if (PortHolders.supported()) {
                assertThat(PortHolders.of(port)).singleElement().satisfies(h -> {
                    assertThat(h.pid()).isEqualTo(child.process().pid());
                    assertThat(h.command()).contains("java");
                });
            }
        }
    }
    // end::who-holds[]

    @Test
    void a_port_whose_connection_is_closing_is_in_use_but_held_by_no_process() throws Exception {
        assumeTrue(PortHolders.supported(), "who-holds reads /proc (Linux)");
        int clientPort;
        try (var listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                var client = SocketChannel.open(listener.getLocalAddress());
                var accepted = listener.accept()) {
            clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            client.close(); // the client closes first, so its side lingers (FIN_WAIT, then TIME_WAIT) without a
            // descriptor
            assertThat(PortHolders.of(clientPort))
                    .as("a closed socket belongs to no process")
                    .isEmpty();
            assertThat(PortHolders.describe(clientPort))
                    .startsWith("port " + clientPort + " is in use by closing connections");
        }
    }

    @Test
    void nobody_holds_a_port_that_is_bound_but_then_closed() throws Exception {
        assumeTrue(PortHolders.supported(), "who-holds reads /proc (Linux)");
        int port;
        try (var ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
        assertThat(PortHolders.of(port)).isEmpty();
        assertThat(PortHolders.describe(port)).startsWith("nobody holds port " + port);
    }

    static CliRun run(String... args) {
        return CliRun.run(new ReserveLab(), args);
    }
}
