package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Intermediaries pass only ports they know (FAQ, "Server port"): through a firewall told only the HTTP port, an
 * agreed and a random port are dropped before the service sees a connection, while the web server's port passes,
 * and with it the service that reuses the web server.
 */
@Timeout(30)
class IntermediariesTest {

    // tag::intermediaries[]
    @Test
    @Proves({FaqClaim.INTERMEDIARIES_PASS_KNOWN_PORTS, FaqClaim.REUSE_A_SERVER})
    void a_firewall_that_knows_only_the_http_port_drops_agreed_and_random_ports() throws Exception {
        List<Intermediaries.Path> paths = Intermediaries.probe(InetAddress.getLoopbackAddress(), line -> {});

        assertThat(paths)
                .extracting(Intermediaries.Path::what, Intermediaries.Path::passed, Intermediaries.Path::reachedServer)
                .containsExactly(
                        tuple("TIME to an agreed port", false, 0),
                        tuple("TIME to a random port", false, 0),
                        tuple("TIME to the HTTP port, hijacked", false, 0),
                        tuple("GET /time/a on the web server's port (reuse)", true, -1));
        assertThat(paths.getLast().detail()).startsWith("OK a ");
        // end::intermediaries[]
        Evidence.named("intermediaries", "Through a firewall that knows only the HTTP port")
                .what("One relay per path, told only the HTTP port (the lab's model of an intermediary): what the "
                        + "client got, and how many connections reached the service behind it, in this build.")
                .table(
                        List.of("path", "outcome", "the client got"),
                        paths.stream()
                                .<List<?>>map(p -> List.of(p.what(), p.passed() ? "passed" : "dropped", p.detail()))
                                .toList())
                .write();
    }
}
