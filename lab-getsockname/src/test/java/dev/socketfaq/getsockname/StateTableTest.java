package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.getsockname.Row.Family;
import dev.socketfaq.getsockname.Row.Stage;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FAQ's claims ("Local address and port"), checked on this machine's own state table: the port is known as soon
 * as a socket is bound; the address of a wildcard-bound socket only once it is connected. The table is measured per
 * family (IPv4, IPv6, dual-stack), and each row's label must be the family its socket really has.
 */
@Timeout(30)
class StateTableTest {
    static List<Row> table;
    static List<Row> measured;

    @BeforeAll
    static void measure() throws Exception {
        table = StateTable.measure();
        measured = table.stream().filter(Row::measured).toList();
        Evidence.named(
                        "state-table",
                        "What a socket knows about its own end, state by state (measured on this machine)")
                .what(
                        "getLocalAddress() (getsockname underneath) of real sockets on loopback, opened with their family named: IPv4 "
                                + "(INET), IPv6 (INET6 talking IPv6), dual-stack (INET6 on :: talking to IPv4 peers). The second local "
                                + "address is " + Loopback.other().getHostAddress()
                                + ". An unbound channel's address is null; "
                                + "a wildcard address prints as 0.0.0.0 or 0:0:0:0:0:0:0:0 (::).")
                .table(
                        List.of(
                                "family",
                                "socket",
                                "state",
                                "local address",
                                "local port",
                                "port known",
                                "address known"),
                        table.stream()
                                .<List<?>>map(r -> r.measured()
                                        ? List.of(
                                                r.family().label(),
                                                r.socket(),
                                                r.state(),
                                                r.addressText(),
                                                r.port(),
                                                r.portKnown() ? "yes" : "no",
                                                r.addressKnown() ? "yes" : "NO")
                                        : List.of(r.family().label(), r.socket(), r.state(), "", "", "", ""))
                                .toList())
                .write();
    }

    // tag::claims[]
    @Test
    @Proves(FaqClaim.PORT_KNOWN_AFTER_BIND)
    void the_port_is_known_as_soon_as_the_socket_is_bound() {
        assertThat(measured).filteredOn(r -> r.stage() != Stage.UNBOUND).allMatch(Row::portKnown, "port known");
        assertThat(measured)
                .filteredOn(r -> r.stage() == Stage.UNBOUND)
                .isNotEmpty()
                .noneMatch(Row::portKnown);
    }

    @Test
    @Proves(FaqClaim.WILDCARD_ADDRESS_UNKNOWN)
    void a_wildcard_bound_socket_does_not_know_its_address() {
        assertThat(measured)
                .filteredOn(r -> r.stage().onWildcard())
                .hasSizeGreaterThanOrEqualTo(4) // IPv4 alone: TCP on port 0 and on a named port, listening, UDP
                .noneMatch(Row::addressKnown);
    }

    @Test
    @Proves(FaqClaim.WILDCARD_ADDRESS_UNKNOWN)
    void connected_and_accepted_sockets_know_their_address() {
        assertThat(measured)
                .filteredOn(r -> r.stage() == Stage.CONNECTED || r.stage() == Stage.ACCEPTED)
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(Row::addressKnown, "address known");
    }

    @Test
    @Proves(FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION)
    void an_accepted_connection_knows_which_of_our_addresses_the_client_dialed() {
        assumeTrue(
                Loopback.multipleAddresses(),
                "this OS answers on 127.0.0.1 only (Linux answers on all of 127.0.0.0/8)");
        assertThat(row(Family.IPV4, Stage.ACCEPTED).address()).isEqualTo(Loopback.OTHER_LOOPBACK);
    }
    // end::claims[]

    @Test
    @Proves(FaqClaim.UDP_UNKNOWN_UNTIL_IO)
    void a_udp_socket_that_sent_unconnected_still_has_no_address_and_a_connected_one_has() {
        assertThat(measured)
                .filteredOn(r -> r.stage() == Stage.SENT_UNCONNECTED)
                .isNotEmpty()
                .allMatch(Row::portKnown, "port known")
                .noneMatch(Row::addressKnown);
        assertThat(measured)
                .filteredOn(r -> r.socket().equals("UDP") && r.stage() == Stage.CONNECTED)
                .isNotEmpty()
                .allMatch(Row::addressKnown, "address known");
    }

    /** The wildcard row with a named port reports that port (its label names the port that was asked for). */
    @Test
    void a_named_port_is_reported_as_named() {
        assertThat(measured)
                .filteredOn(r -> r.stage() == Stage.BOUND_WILDCARD_NAMED_PORT)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.state()).startsWith("bound to port " + r.port() + " (named)"));
    }

    /** A row labelled IPv4 is an IPv4 socket: Java's default sockets are IPv6 ones, which would print :: here. */
    @Test
    void each_row_is_labelled_with_the_family_of_its_socket() {
        assertThat(measured)
                .filteredOn(r -> r.family() == Family.IPV4 && r.address() != null)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.address()).as(r.state()).isInstanceOf(Inet4Address.class));
        assertThat(measured)
                .filteredOn(r -> r.family() == Family.IPV6 && r.address() != null)
                .allSatisfy(r -> assertThat(r.address()).as(r.state()).isInstanceOf(Inet6Address.class));
        // dual-stack: an INET6 socket, so bound to ::, whose connections to IPv4 peers report IPv4 addresses
        assertThat(measured)
                .filteredOn(r -> r.family() == Family.DUAL_STACK && r.stage().onWildcard())
                .allSatisfy(r -> assertThat(r.address()).as(r.state()).isInstanceOf(Inet6Address.class));
        assertThat(measured)
                .filteredOn(r -> r.family() == Family.DUAL_STACK
                        && (r.stage() == Stage.CONNECTED || r.stage() == Stage.ACCEPTED))
                .allSatisfy(r -> assertThat(r.address()).as(r.state()).isInstanceOf(Inet4Address.class));
    }

    @Test
    void every_family_is_measured_or_says_why_not() {
        for (Family f : Family.values()) {
            assertThat(table).as(f.label()).anyMatch(r -> r.family() == f);
            assertThat(table)
                    .filteredOn(r -> r.family() == f && !r.measured())
                    .allSatisfy(r -> assertThat(r.state()).startsWith("not measured: "));
            if (table.stream().anyMatch(r -> r.family() == f && r.measured())) {
                assertThat(measured)
                        .filteredOn(r -> r.family() == f)
                        .as(f.label() + " rows")
                        .extracting(Row::stage)
                        .contains(
                                Stage.UNBOUND,
                                Stage.BOUND_WILDCARD_PORT_ZERO,
                                Stage.SENT_UNCONNECTED,
                                Stage.BOUND_WILDCARD_NAMED_PORT,
                                Stage.LISTENING_WILDCARD,
                                Stage.CONNECTED,
                                Stage.ACCEPTED);
            }
        }
        assertThat(measured).anyMatch(r -> r.family() == Family.IPV4);
        if (Loopback.ipv6()) assertThat(measured).anyMatch(r -> r.family() == Family.IPV6);
    }

    /**
     * The table's listeners are on the wildcard, open to every network for milliseconds: a connection that is not the
     * table's own (here a stranger that connected first, on loopback) is closed unread, and the table gets its own.
     */
    @Test
    void the_table_accepts_only_its_own_client_and_closes_a_stranger() throws Exception {
        try (var listener = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(Loopback.LOOPBACK, 0));
                var stranger = SocketChannel.open(listener.getLocalAddress());
                var own = SocketChannel.open(listener.getLocalAddress());
                var accepted = Loopback.acceptFrom(listener, own.getLocalAddress())) {
            assertThat(accepted.getRemoteAddress()).isEqualTo(own.getLocalAddress());
            stranger.socket().setSoTimeout(10_000); // a bound against hanging: the close has already happened
            assertThat(stranger.socket().getInputStream().read())
                    .as("what the stranger reads: the end of the stream")
                    .isEqualTo(-1);
        }
    }

    static Row row(Family family, Stage stage) {
        return measured.stream()
                .filter(r -> r.family() == family && r.stage() == stage)
                .findFirst()
                .orElseThrow();
    }
}
