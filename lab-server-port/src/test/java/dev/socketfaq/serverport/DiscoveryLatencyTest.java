package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each fixed way of finding the server costs a client: find it, connect, ask once. The three run in
 * alternation (same machine conditions), after a warm-up. The directory adds a lookup, a round trip to another
 * server, before the connection: the price the FAQ names for the random-port method ("Server port"). That lookup
 * ({@code locate()}, the LDAP search alone) is timed on its own as well, within the same runs.
 */
@Timeout(60)
class DiscoveryLatencyTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int WARMUP = 50;
    static final int RUNS = 200;
    static final String AGREED = "agreed port (connect, TIME)";
    static final String DIRECTORY = "directory (LDAP lookup, connect, TIME)";
    static final String LOOKUP = "directory: LDAP lookup alone (locate)";
    static final String HTTP = "reuse web server (HTTP GET /time/a)";

    // tag::latency[]
    @Test
    void finding_and_asking_costs_a_directory_lookup_more_than_an_agreed_port() throws Exception {
        WebServer web = WebServer.start(new InetSocketAddress(LOOPBACK, 0));
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        var publisher = Publisher.generate();
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher));
                var agreedServer = TimeServer.serve(listener, "a")) {
            Map<String, Rendezvous> ways = new LinkedHashMap<>();
            ways.put(AGREED, new AgreedPort(LOOPBACK, Map.of("a", agreedServer.port()), "the test"));
            ways.put(DIRECTORY, new RandomPortInDirectory(LOOPBACK, directory.address(), publisher));
            ways.put(HTTP, ReuseWebServer.on(web));
            try (var published = ways.get(DIRECTORY).start("a");
                    var resource = ways.get(HTTP).start("a")) {
                Map<String, Latencies> times = new LinkedHashMap<>();
                ways.keySet().forEach(k -> times.put(k, new Latencies()));
                var lookup = new Latencies(); // the directory's locate() alone: the LDAP search, no connection to the
                // service
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    for (var way : ways.entrySet()) {
                        long start = System.nanoTime();
                        Rendezvous.Endpoint endpoint = way.getValue().locate("a");
                        long located = System.nanoTime();
                        String reply = endpoint.ask();
                        long took = System.nanoTime() - start;
                        assertThat(reply).as(way.getKey()).startsWith("OK a ");
                        if (i >= WARMUP) {
                            times.get(way.getKey()).record(took);
                            if (way.getKey().equals(DIRECTORY)) lookup.record(located - start);
                        }
                    }
                }
                assertThat(published.where()).contains("published as cn=a");
                assertThat(resource.where()).endsWith("/time/a");
                var agreed = times.get(AGREED).summary();
                var ldap = times.get(DIRECTORY).summary();
                var http = times.get(HTTP).summary();
                write(times, lookup.summary(), agreed, ldap, http);
                assertThat(ldap.medianMs())
                        .as("the directory lookup is a round trip more")
                        .isGreaterThan(agreed.medianMs());
            }
        } finally {
            web.close();
        }
    }
    // end::latency[]

    private static void write(
            Map<String, Latencies> times,
            Latencies.Summary lookup,
            Latencies.Summary agreed,
            Latencies.Summary ldap,
            Latencies.Summary http) {
        var e = Evidence.named("discovery", "Find the server and ask it once, per way of finding it")
                .what("Client side, on loopback: locate() then one question, " + RUNS + " runs per way after " + WARMUP
                        + " warm-up runs, the three ways alternating. The directory is UnboundID's in-memory LDAP server; "
                        + "each lookup opens an LDAP connection, as a client that looks up once per connection does. "
                        + "The series \"" + LOOKUP
                        + "\" times the directory's locate() on its own (the LDAP lookup, before any "
                        + "connection to the service), within the same runs.")
                .unit("ms");
        times.forEach((name, l) -> {
            e.series(name, l.summary());
            if (name.equals(DIRECTORY)) e.series(LOOKUP, lookup);
        });
        e.figure("median, agreed port (connect, TIME)", agreed.medianMs(), "ms")
                .figure("median, LDAP lookup alone (locate)", lookup.medianMs(), "ms")
                .figure("median, directory (LDAP lookup, connect, TIME)", ldap.medianMs(), "ms")
                .figure("median, HTTP GET on the web server", http.medianMs(), "ms")
                .figure("directory / agreed (medians, end to end)", ldap.medianMs() / agreed.medianMs(), "x")
                .write();
    }
}
