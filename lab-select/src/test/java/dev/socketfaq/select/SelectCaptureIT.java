package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.LabContainers;
import dev.socketfaq.testkit.PacketCapture;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.testkit.Segment;
import dev.socketfaq.testkit.Segments;
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
 * What the client sees at each stop, on the wire: tcpdump in a container's network namespace records
 * {@link WireStops} there (a server with a reply in flight, stopped from another thread, once per mode). A woken loop
 * sends every owed byte, then its FIN; a selector closed under the loop ends the connection with bytes owed that
 * never left. The pcap (headers only) and an excerpt of it, drawn on the lab's page, are kept as evidence.
 */
@ContainerTest(evidence = "select-capture")
@Timeout(240)
class SelectCaptureIT {
    /** Far more than the socket buffers of a client that is not reading hold: the reply is in flight at the stop. */
    static final int OWED = 2 * 1024 * 1024;

    static final List<Mode> MODES = List.of(Mode.CLOSE, Mode.WAKEUP, Mode.SELF_PIPE);
    static final Path PCAP = Path.of(System.getProperty("labs.evidenceDir", "target/evidence"), "select-capture.pcap");
    static final Pattern STOP = Pattern.compile("STOP mode=(\\S+) owed=(\\d+) delivered=(\\d+) ended=(\\w+)");

    /**
     * One stop on the wire: the server's data bytes that left, its data segments, and how it ended the connection.
     *
     * @param sent data bytes the server sent (highest sequence number reached)
     * @param end the server's last segment: FIN or RST
     */
    record OnTheWire(
            Mode mode, long owed, long delivered, long sent, List<Segment> data, Segment request, Segment end) {
        long neverLeft() {
            return owed - sent;
        }

        String how() {
            return end == null ? "nothing" : end.rst() ? "RST" : "FIN";
        }
    }

    @Test
    @Proves({FaqClaim.CLOSE_UNDER_SELECT_IS_WRONG, FaqClaim.SELF_PIPE_WAKES})
    void a_woken_loop_sends_every_owed_byte_then_fin_and_a_closed_selector_leaves_bytes_unsent() {
        List<Segment> wire;
        List<String> stops;
        try (Network network = LabContainers.network();
                var host = LabContainers.javaHost(network, "server")) {
            host.start();
            try (var capture = PacketCapture.start(host, "tcp", 128)) { // headers only: the data is bulk
                var args = new ArrayList<>(List.of(String.valueOf(OWED)));
                MODES.forEach(m -> args.add(m.label()));
                var run = LabContainers.execMain(host, WireStops.class.getName(), args.toArray(String[]::new));
                stops = STOP.matcher(run.getStdout())
                        .results()
                        .map(m -> m.group())
                        .toList();
                assertThat(stops)
                        .as("the stops (exit %d):%n%s%s", run.getExitCode(), run.getStdout(), run.getStderr())
                        .hasSize(MODES.size());
                wire = capture.stopAfterLastFin(
                        PCAP,
                        Duration.ofSeconds(30),
                        seen -> seen.stream().filter(Segment::opening).count() >= MODES.size());
            }
        }
        assertThat(Segments.allClosed(wire))
                .as("every captured connection ended:%n%s", lines(wire))
                .isTrue();
        assertThat(wire.size()).as("segments captured").isLessThan(PacketCapture.MAX_PACKETS);
        List<Segment> syns = wire.stream().filter(Segment::opening).toList();
        assertThat(syns).as("one connection per stop").hasSize(MODES.size());

        Map<Mode, OnTheWire> seen = new LinkedHashMap<>();
        for (int i = 0; i < MODES.size(); i++) {
            var m = STOP.matcher(stops.get(i));
            assertThat(m.matches()).isTrue();
            seen.put(
                    MODES.get(i),
                    onTheWire(MODES.get(i), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), syns.get(i), wire));
        }
        writeEvidence(seen, wire);

        // tag::stops-on-the-wire[]
        for (Mode fixed : List.of(Mode.WAKEUP, Mode.SELF_PIPE)) {
            OnTheWire w = seen.get(fixed);
            assertThat(w.sent()).as("%s: owed bytes that left", fixed.label()).isEqualTo(w.owed());
            assertThat(w.how()).as("%s: how the server ended it", fixed.label()).isEqualTo("FIN");
            assertThat(w.end().seq() + w.end().length())
                    .as("%s: the FIN comes after the last byte", fixed.label())
                    .isEqualTo(w.request().ack() + w.owed());
        }
        OnTheWire closed = seen.get(Mode.CLOSE);
        assertThat(closed.neverLeft())
                .as("close: owed bytes that never left the server")
                .isPositive();
        assertThat(closed.how()).as("close: how the server ended it").isIn("FIN", "RST");
        assertThat(closed.delivered()).as("close: what the client read").isLessThanOrEqualTo(closed.sent());
        // end::stops-on-the-wire[]
    }

    /** The connection opened by {@code syn}: the client's request, the server's data, and its FIN or RST. */
    static OnTheWire onTheWire(Mode mode, long owed, long delivered, Segment syn, List<Segment> wire) {
        int client = syn.srcPort();
        Segment request = null, end = null;
        long isn = -1, highest = 0;
        List<Segment> data = new ArrayList<>();
        for (Segment s : wire) {
            if (s.srcPort() == client && s.length() > 0 && request == null) request = s;
            if (s.dstPort() != client) continue;
            if (s.syn()) isn = s.seq();
            if (s.length() > 0) {
                data.add(s);
                highest = Math.max(highest, s.seq() - isn - 1 + s.length());
            }
            if ((s.fin() || s.rst()) && end == null) end = s;
        }
        assertThat(request).as("the client's request on %s", syn).isNotNull();
        return new OnTheWire(mode, owed, delivered, highest, data, request, end);
    }

    static void writeEvidence(Map<Mode, OnTheWire> seen, List<Segment> wire) {
        var rows = new ArrayList<List<?>>();
        var steps = new ArrayList<Map<String, Object>>();
        seen.values().forEach(w -> {
            rows.add(List.of(w.mode().label(), w.owed(), w.sent(), w.neverLeft(), w.delivered(), w.how()));
            steps.add(Segments.section(w.mode().kind().name().toLowerCase(Locale.ROOT) + ": "
                    + w.mode().label()));
            var names = Map.of("127.0.0.1", "?"); // both ends share loopback: named by port below
            long zero = w.request().micros();
            steps.add(named(Segments.step(w.request(), zero, names, "request"), "client", "server"));
            Segment first = w.data().getFirst();
            steps.add(named(Segments.step(first, zero, names, "reply"), "server", "client"));
            List<Segment> rest = w.data().subList(1, w.data().size()).stream()
                    .filter(s -> !s.equals(w.end())) // a FIN may carry the last data: drawn as the FIN
                    .toList();
            if (!rest.isEmpty()) {
                var more = named(
                        Segments.step(
                                rest.getFirst(),
                                zero,
                                names,
                                w.neverLeft() > 0 ? "more of the reply" : "the rest of the reply"),
                        "server",
                        "client");
                more.put("len", rest.stream().mapToLong(Segment::length).sum());
                more.put("note", rest.size() + " segments");
                steps.add(more);
            }
            if (w.end() != null) {
                var end = named(
                        Segments.step(w.end(), zero, names, w.end().rst() ? "connection reset" : "connection closed"),
                        "server",
                        "client");
                if (w.neverLeft() > 0) end.put("note", String.format("%,d owed bytes never left", w.neverLeft()));
                steps.add(end);
            }
        });
        Evidence.named("select-capture", "On the wire: what the client sees at each stop")
                .what("tcpdump in the network namespace of a container where a server owes its client "
                        + String.format("%,d", OWED) + " bytes and is stopped from another thread while the client"
                        + " is not reading, once per mode (" + wire.size() + " segments, headers only, kept as "
                        + PCAP.getFileName() + "). Bytes sent: the server's data on the wire; never left: owed"
                        + " minus sent; the client read: what the client counted.")
                .table(List.of("mode", "owed", "sent", "never left", "the client read", "ended by"), rows)
                .capture(
                        PCAP.getFileName().toString(),
                        "Notice how each connection ends. A woken loop sends the rest of the reply, then its FIN: the"
                                + " client reads every byte. A selector closed under the loop ends the connection"
                                + " with owed bytes that never left.",
                        List.of("client", "server"),
                        steps)
                .write();
    }

    /** A step between the two ends of a loopback connection, which share an address. */
    static Map<String, Object> named(Map<String, Object> step, String from, String to) {
        var m = new LinkedHashMap<>(step);
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    static String lines(List<Segment> wire) {
        return String.join("\n", wire.stream().map(Segment::toString).toList());
    }
}
