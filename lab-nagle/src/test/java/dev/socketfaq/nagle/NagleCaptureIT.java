package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.LabContainers;
import dev.socketfaq.testkit.PacketCapture;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.testkit.Segment;
import dev.socketfaq.testkit.Segments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Network;

/**
 * The stall on the wire: tcpdump in the server container's network namespace records the client container's
 * {@link WireExchange} (split write, one write, split write of full segments), and the test reads the segments.
 * The pcap and an excerpt of it, drawn on the lab's page, are kept as evidence.
 */
@ContainerTest(evidence = "nagle-capture")
@Timeout(240)
class NagleCaptureIT {
    static final int REQUESTS = 12;
    static final int PORT = 7007;
    static final Path PCAP = Path.of(System.getProperty("labs.evidenceDir", "target/evidence"), "nagle-capture.pcap");
    static final Pattern CONNECTION =
            Pattern.compile("CONNECTION kind=(\\S+) local=(\\S+):(\\d+) warmup=(\\d+) requests=(\\d+) body=(\\d+)");

    /** One connection of the exchange, as the client reported it. */
    record Run(String kind, int port, int warmup, int requests, int body) {}

    /**
     * One request on the wire: the client's data segments from the first of the request to the reply, and the
     * server's segments in between.
     */
    record Request(List<Segment> client, List<Segment> serverBefore, Segment firstReply) {
        Segment header() {
            return client.getFirst();
        }
    }

    @Test
    @Proves({FaqClaim.WRITE_WRITE_READ_STALLS, FaqClaim.NAGLE_AND_DELAYED_ACK_RULES})
    void the_wire_shows_the_body_waiting_for_the_delayed_ack_and_the_fixes_not_waiting() {
        double atoMs = delayedAckTimeoutMs();
        List<Segment> wire;
        List<Run> runs;
        String clientIp, serverIp;
        try (Network network = LabContainers.network();
                var server = ServerContainer.on(network, PORT);
                var client = LabContainers.javaHost(network, "client")) {
            server.start();
            client.start();
            serverIp = LabContainers.addressOn(server, network);
            clientIp = LabContainers.addressOn(client, network);
            try (var capture = PacketCapture.start(server, "tcp port " + PORT)) { // before the first SYN
                var run = LabContainers.execMain(
                        client, WireExchange.class.getName(), serverIp, String.valueOf(PORT), String.valueOf(REQUESTS));
                runs = CONNECTION
                        .matcher(run.getStdout())
                        .results()
                        .map(m -> new Run(
                                m.group(1),
                                Integer.parseInt(m.group(3)),
                                Integer.parseInt(m.group(4)),
                                Integer.parseInt(m.group(5)),
                                Integer.parseInt(m.group(6))))
                        .toList();
                assertThat(runs)
                        .as(
                                "the client's connections (exit %d):%n%s%s",
                                run.getExitCode(), run.getStdout(), run.getStderr())
                        .hasSize(3);
                wire = capture.stopAfterLastFin(
                        PCAP,
                        Duration.ofSeconds(30),
                        seen -> runs.stream()
                                .allMatch(r -> seen.stream().anyMatch(s -> s.opening() && s.srcPort() == r.port())));
            }
        }
        assertThat(Segments.allClosed(wire))
                .as("every captured connection ended:%n%s", lines(wire))
                .isTrue();
        assertThat(wire.size()).as("segments captured").isLessThan(PacketCapture.MAX_PACKETS);

        Map<String, List<Request>> measured = new LinkedHashMap<>();
        for (Run r : runs) {
            List<Request> all = requests(wire, r.port());
            assertThat(all).as("%s: requests on the wire", r.kind()).hasSize(r.warmup() + r.requests());
            measured.put(r.kind(), all.subList(r.warmup(), all.size()));
        }
        List<Request> broken = measured.get("broken");
        List<Request> fixed = measured.get("fixed");
        List<Request> full = measured.get("full-segments");
        var gaps = new Latencies();
        broken.forEach(
                q -> gaps.record(1000 * (q.client().get(1).micros() - q.header().micros())));
        Summary gap = gaps.summary();
        writeEvidence(runs, measured, gap, atoMs, wire, Map.of(clientIp, "client", serverIp, "server"));

        // tag::broken-on-the-wire[]
        // broken: the header, then nothing from the client until the server's ACK of it, then the body
        for (Request q : broken) {
            assertThat(q.client()).as("broken request: header, body%n%s", q).hasSize(2);
            assertThat(q.header().length()).as("header segment").isEqualTo(4);
            assertThat(q.serverBefore())
                    .as("server segments between header and body%n%s", q)
                    .isNotEmpty();
            Segment ack = q.serverBefore().getLast();
            assertThat(ack.length())
                    .as("the server's segment before the body: a pure ACK")
                    .isZero();
            assertThat(ack.ack())
                    .as("it acknowledges the header")
                    .isEqualTo(q.header().seq() + 4);
            assertThat(q.client().get(1).micros())
                    .as("the body leaves after that ACK")
                    .isGreaterThan(ack.micros());
        }
        // the header-to-body gap is the server's delayed-ACK timeout, measured on a socket (tcpi_ato)
        assertThat(gap.minMs()).as("shortest header-to-body gap").isGreaterThanOrEqualTo(atoMs);
        assertThat(gap.maxMs()).as("longest header-to-body gap").isLessThanOrEqualTo(3 * atoMs);
        // fixed: one data segment per request
        assertThat(fixed)
                .allSatisfy(q -> assertThat(q.client()).as("fixed request").hasSize(1));
        // Nagle's rule 2: full segments leave behind the unacknowledged header, before the server's ACK of it
        for (Request q : full) {
            Segment firstBody = q.client().get(1);
            assertThat(q.serverBefore())
                    .as("server segments before the first body segment of %s", firstBody)
                    .noneMatch(s -> s.ack() > q.header().seq());
        }
        // end::broken-on-the-wire[]
    }

    /** The delayed-ACK timeout this kernel applies (the containers share it), from TCP_INFO of a server socket. */
    static double delayedAckTimeoutMs() {
        try (var server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {})) {
            return DelayedAckTimer.measure(server, Mode.BROKEN, RoundTrips.WARMUP)
                    .ms();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The requests of the connection from client port {@code port}: a request starts at the client's first data
     * segment after a reply (or the first one) and ends at the server's next data segment.
     */
    static List<Request> requests(List<Segment> wire, int port) {
        var requests = new ArrayList<Request>();
        List<Segment> client = new ArrayList<>();
        List<Segment> server = new ArrayList<>();
        for (Segment s : wire) {
            if (s.syn() || s.fin() || s.rst()) continue;
            if (s.srcPort() == port && s.length() > 0) {
                client.add(s);
            } else if (s.dstPort() == port && !client.isEmpty()) {
                if (s.length() > 0) {
                    requests.add(new Request(List.copyOf(client), List.copyOf(server), s));
                    client.clear();
                    server.clear();
                } else if (client.size() == 1) {
                    server.add(s); // between the header and the body: what the body waited for
                }
            }
        }
        return requests;
    }

    static void writeEvidence(
            List<Run> runs,
            Map<String, List<Request>> measured,
            Summary gap,
            double atoMs,
            List<Segment> wire,
            Map<String, String> names) {
        var rows = new ArrayList<List<?>>();
        for (Run r : runs) {
            List<Request> qs = measured.get(r.kind());
            double data = qs.stream().mapToInt(q -> q.client().size()).average().orElse(0);
            var g = new Latencies();
            qs.forEach(q ->
                    g.record(1000 * (q.client().getLast().micros() - q.header().micros())));
            rows.add(List.of(
                    r.kind(),
                    r.body(),
                    qs.size(),
                    String.format(Locale.ROOT, "%.2f", data),
                    data == 1 ? "one segment" : Summary.format(g.summary().minMs()),
                    data == 1 ? "" : Summary.format(g.summary().medianMs()),
                    data == 1 ? "" : Summary.format(g.summary().maxMs())));
        }
        var steps = new ArrayList<Map<String, Object>>();
        excerpt(steps, "broken: split write, Nagle on", measured.get("broken").getLast(), wire, names);
        excerpt(steps, "fixed: one write", measured.get("fixed").getLast(), wire, names);
        excerpt(
                steps,
                "split write of full segments",
                measured.get("full-segments").getLast(),
                wire,
                names);
        Evidence.named("nagle-capture", "On the wire: one request of each kind, between two containers")
                .what("tcpdump in the server container's network namespace, from before the first SYN to after the last"
                        + " FIN (" + wire.size() + " segments, kept as " + PCAP.getFileName() + "). The client"
                        + " container sends " + REQUESTS + " measured requests per connection; each row: the client's"
                        + " data segments per request and the time from its first to its last data segment, as the"
                        + " server's side of the link saw them (the link hands a body of several full segments over"
                        + " as one packet: segmentation offload). The delayed-ACK timeout (tcpi_ato, TCP_INFO of a"
                        + " server socket of the same kernel) was " + Summary.format(atoMs) + ".")
                .table(
                        List.of(
                                "connection",
                                "body bytes",
                                "requests",
                                "client data packets per request",
                                "first to last data segment: min",
                                "median",
                                "max"),
                        rows)
                .figure("broken: header-to-body gap, median", gap.medianMs(), "ms")
                .figure("broken: header-to-body gap, max - min", gap.maxMs() - gap.minMs(), "ms")
                .figure("delayed-ACK timer (tcpi_ato)", atoMs, "ms")
                .capture(
                        PCAP.getFileName().toString(),
                        "Notice the broken request's pause between the header and the server's bare ACK: the server's"
                                + " delayed-ACK timer. The body leaves only after that ACK. One write sends the"
                                + " request in one segment; a body of full segments leaves at once, before any ACK.",
                        List.of("client", "server"),
                        steps)
                .write();
    }

    /** The segments of one request, from its header to the first segment of the reply, as diagram steps. */
    static void excerpt(
            List<Map<String, Object>> steps, String title, Request q, List<Segment> wire, Map<String, String> names) {
        steps.add(Segments.section(title));
        int from = wire.indexOf(q.header());
        int to = wire.indexOf(q.firstReply());
        long zero = q.header().micros();
        int port = q.header().srcPort();
        for (int i = from; i < wire.size() && i <= to; i++) {
            Segment s = wire.get(i);
            if (s.srcPort() != port && s.dstPort() != port) continue;
            steps.add(Segments.step(s, zero, names, label(s, q, port)));
        }
    }

    static String label(Segment s, Request q, int port) {
        if (s.srcPort() != port) return s.length() > 0 ? "reply" : "ACK";
        if (s.equals(q.header())) return s.length() == 4 ? "header" : "header + body";
        return "body";
    }

    static String lines(List<Segment> wire) {
        return String.join("\n", wire.stream().map(Segment::toString).toList());
    }
}
