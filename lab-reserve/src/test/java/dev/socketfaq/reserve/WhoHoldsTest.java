package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.CliRun;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** "Who holds this port now", checked against ports this test itself holds, over TCP and UDP. */
@Timeout(60)
class WhoHoldsTest {

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

    @Test
    void who_holds_names_this_very_process_for_a_udp_port_it_bound() throws Exception {
        assumeTrue(WhoHolds.supported(), "who-holds reads /proc (Linux)");
        try (var udp = DatagramChannel.open()) {
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            String expected = "port " + port + " is held by pid "
                    + ProcessHandle.current().pid() + " (";
            // contains, not startsWith: TCP may hold the same number (a connection in TIME_WAIT from another test)
            assertThat(WhoHolds.describe(port)).contains(expected).endsWith(") over UDP");
            var cli = run("who-holds", "--port", String.valueOf(port));
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Cli.OK);
            assertThat(cli.out()).contains(expected).doesNotContain("nobody");
        }
    }
    // end::who-holds[]

    @Test
    void a_port_held_over_tcp_and_udp_names_both() throws Exception {
        assumeTrue(WhoHolds.supported(), "who-holds reads /proc (Linux)");
        try (var tcp = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                var udp = new DatagramSocket(tcp.socket().getLocalPort(), InetAddress.getLoopbackAddress())) {
            int port = udp.getLocalPort(); // a port is a number per protocol: both may hold the same one
            String pid = "pid " + ProcessHandle.current().pid() + " (";
            assertThat(WhoHolds.describe(port))
                    .startsWith("port " + port + " is held by " + pid)
                    .contains("; port " + port + " is held by " + pid)
                    .endsWith(" over UDP");
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
            try (var s =
                    Connect.socket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Connect.Setup.NONE)) {
                assertThat(s.getPort()).as("the reported port is the child's").isEqualTo(port);
            }
            if (PortHolders.supported()) {
                assertThat(PortHolders.of(port)).singleElement().satisfies(h -> {
                    assertThat(h.pid()).isEqualTo(child.process().pid());
                    assertThat(h.command()).contains("java");
                });
            }
        }
    }

    @Test
    void a_port_whose_connection_is_closing_is_in_use_but_held_by_no_process() throws Exception {
        assumeTrue(PortHolders.supported(), "who-holds reads /proc (Linux)");
        int clientPort;
        try (var listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                var client = SocketChannel.open(listener.getLocalAddress());
                var accepted = listener.accept()) {
            clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            client.close(); // the client closes first: its side lingers (FIN_WAIT, TIME_WAIT) without a descriptor
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
        assertThat(WhoHolds.describe(port)).isEqualTo("nobody holds port " + port + " (TCP or UDP)");
    }

    static CliRun run(String... args) {
        return CliRun.run(new ReserveLab(), args);
    }
}
