package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.getsockname.StateTable.Row;
import dev.socketfaq.kit.Evidence;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FAQ's claims ("Local address and port"), checked on this machine's own state table: the port is known as soon
 * as a socket is bound; the address of a wildcard-bound socket only once it is connected.
 */
@Timeout(30)
class StateTableTest {
    static List<Row> table;

    @BeforeAll
    static void measure() throws Exception {
        table = StateTable.measure();
        Evidence.named("state-table", "What a socket knows about its own end, state by state (measured on this machine)")
                .what("getLocalAddress() and getLocalPort() (getsockname underneath) of real sockets on loopback; the second local "
                        + "address is " + StateTable.otherLoopback().getHostAddress() + ". Java prints an unbound or wildcard "
                        + "address as 0.0.0.0 or ::, and an unknown port as -1 (TCP) or 0 (UDP).")
                .table(List.of("socket", "state", "local address", "local port", "port known", "address known"),
                        table.stream().<List<?>>map(r -> List.of(r.socket(), r.state(), r.addressText(), r.port(),
                                r.portKnown() ? "yes" : "no", r.addressKnown() ? "yes" : "NO")).toList())
                .write();
    }

    // tag::claims[]
    @Test
    void the_port_is_known_as_soon_as_the_socket_is_bound() {
        assertThat(table).filteredOn(r -> !r.state().equals("unbound")).allMatch(Row::portKnown, "port known");
        assertThat(table).filteredOn(r -> r.state().equals("unbound")).noneMatch(Row::portKnown);
    }

    @Test
    void a_wildcard_bound_socket_does_not_know_its_address() {
        assertThat(table).filteredOn(r -> r.state().startsWith("bound to port 0 on the wildcard") || r.state().startsWith("listening on the wildcard")
                        || r.state().startsWith("listening on ::"))
                .hasSizeGreaterThanOrEqualTo(3)
                .noneMatch(Row::addressKnown);
    }

    @Test
    void connected_and_accepted_sockets_know_their_address() {
        assertThat(table).filteredOn(r -> r.state().startsWith("connected") || r.state().startsWith("accepted"))
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(Row::addressKnown, "address known");
    }

    @Test
    void an_accepted_connection_knows_which_of_our_addresses_the_client_dialed() {
        assumeTrue(StateTable.multipleLoopbackAddresses(), "this OS answers on 127.0.0.1 only (Linux answers on all of 127.0.0.0/8)");
        assertThat(row("accepted on the wildcard listener").address()).isEqualTo(StateTable.OTHER_LOOPBACK);
    }
    // end::claims[]

    // tag::udp-route[]
    @Test
    void connecting_a_udp_socket_chooses_its_source_address_without_sending_anything() throws Exception {
        var route = StateTable.udpRoute(StateTable.otherLoopback());
        assertThat(route.local().isAnyLocalAddress()).as("source address %s is known", route.local()).isFalse();
        assertThat(route.datagramsReceived()).as("datagrams that reached the destination").isZero();
    }
    // end::udp-route[]

    static Row row(String statePrefix) {
        return table.stream().filter(r -> r.state().startsWith(statePrefix)).findFirst().orElseThrow();
    }
}
