package dev.socketfaq.getsockname;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real multihomed host: the server's container is attached to two networks the test creates, "red" and "blue",
 * and listens on the wildcard. A client on each network asks where to call the server back, under each mode,
 * and tries it. The networks are Docker bridges of their own: red cannot reach blue's addresses.
 */
@ContainerTest(evidence = {"callback-two-networks", "callback-capture"})
@Timeout(180)
class MultihomedContainerTest {
    static final Pattern FIELD = Pattern.compile("([\\w-]+)=(\\S+)");
    static final Path PCAP =
            Path.of(System.getProperty("labs.evidenceDir", "target/evidence"), "callback-two-networks.pcap");

    // tag::two-networks[]
    @Test
    @Proves({FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION, FaqClaim.WILDCARD_ADDRESS_UNKNOWN})
    void each_network_is_told_an_address_it_can_reach_only_by_the_accepted_connection() {
        var calls = new ArrayList<Map<String, String>>();
        List<Segment> wire;
        String redAddress, blueAddress;
        try (Network red = LabContainers.network();
                Network blue = LabContainers.network();
                var server = LabContainers.javaMain(
                                red,
                                "server",
                                GetsocknameLab.class.getName(),
                                "server",
                                "--bind",
                                "0.0.0.0",
                                "--port",
                                "7010") // the wildcard: every network, present and future
                        .waitingFor(Wait.forLogMessage(".*listening on.*", 1));
                var redClient = LabContainers.javaHost(red, "red-client");
                var blueClient = LabContainers.javaHost(blue, "blue-client")) {
            server.start();
            LabContainers.connect(server, blue); // a second network, after the bind: the wildcard covers it
            redClient.start();
            blueClient.start();
            redAddress = LabContainers.addressOn(server, red);
            blueAddress = LabContainers.addressOn(server, blue);
            try (var capture = PacketCapture.start(server, "tcp port 7010")) { // before the first SYN
                calls.addAll(callEachMode(redClient, "red", redAddress));
                calls.addAll(callEachMode(blueClient, "blue", blueAddress));
                // after the last FIN of every call's connection
                wire = capture.stopAfterLastFin(
                        PCAP,
                        Duration.ofSeconds(30),
                        seen -> calls.stream()
                                .allMatch(c -> seen.stream()
                                        .anyMatch(s -> s.opening() && s.from().equals(c.get("me")))));
            }
        }
        writeEvidence(calls);
        writeWireEvidence(calls, wire);

        assertThat(calls)
                .filteredOn("mode", "accepted")
                .hasSize(2)
                .allSatisfy(c -> assertThat(c)
                        .containsEntry("told-what-was-dialed", "true")
                        .containsEntry("called-back", "true"));
        assertThat(calls)
                .filteredOn("mode", "listening")
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.get("told")).startsWith("0.0.0.0:"))
                .allSatisfy(c -> assertThat(c).containsEntry("called-back", "false"));
        // getLocalHost(): the host name resolves to one address (the first network's): wrong for the other network
        assertThat(calls)
                .filteredOn("mode", "local-host")
                .hasSize(2)
                .filteredOn("told-what-was-dialed", "false")
                .hasSize(1)
                .allSatisfy(
                        c -> assertThat(c).as("told another network's address").containsEntry("called-back", "false"));
        // end::two-networks[]

        // tag::on-the-wire[]
        // On the wire: the SYN that opened each accepted-mode connection went to the address its accepted socket
        // reported, and that is the server's address on the client's network.
        assertThat(Segments.allClosed(wire))
                .as("every captured connection ended:%n%s", lines(wire))
                .isTrue();
        assertThat(wire).as("the capture starts at a SYN").first().matches(Segment::opening, "a SYN");
        assertThat(wire.size()).as("segments captured").isLessThan(PacketCapture.MAX_PACKETS);
        for (var c :
                calls.stream().filter(c -> c.get("mode").equals("accepted")).toList()) {
            Segment syn = openingSyn(wire, c.get("me"));
            String told = c.get("told").substring(0, c.get("told").lastIndexOf(':'));
            String onItsNetwork = c.get("network").equals("red") ? redAddress : blueAddress;
            assertThat(syn.dst())
                    .as("%s client's SYN %s", c.get("network"), syn)
                    .isEqualTo(told)
                    .isEqualTo(onItsNetwork);
        }
        // end::on-the-wire[]
    }

    /** The SYN without ACK sent from {@code from} ({@code address:port}), the first segment of its connection. */
    static Segment openingSyn(List<Segment> wire, String from) {
        return wire.stream()
                .filter(s -> s.opening() && s.from().equals(from))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SYN from " + from + " in the capture:\n" + lines(wire)));
    }

    static String lines(List<Segment> wire) {
        return String.join("\n", wire.stream().map(Segment::toString).toList());
    }

    static void writeWireEvidence(List<Map<String, String>> calls, List<Segment> wire) {
        var rows = new ArrayList<List<?>>();
        for (var c : calls) {
            wire.stream()
                    .filter(s -> s.opening() && s.from().equals(c.get("me")))
                    .findFirst()
                    .ifPresent(syn ->
                            rows.add(List.of(c.get("network"), c.get("mode"), syn.from(), syn.to(), c.get("told"))));
        }
        var steps = new ArrayList<Map<String, Object>>();
        for (var c :
                calls.stream().filter(c -> c.get("mode").equals("accepted")).toList()) {
            wire.stream()
                    .filter(s -> s.opening() && s.from().equals(c.get("me")))
                    .findFirst()
                    .ifPresent(syn -> {
                        var names = Map.of(syn.src(), "client on " + c.get("network"), syn.dst(), "server");
                        steps.add(Segments.section("accepted, client on " + c.get("network")));
                        steps.addAll(opening(wire, syn, names, c.get("told")));
                    });
        }
        Evidence.named("callback-capture", "On the wire: where each client's SYN went, and what the server told it")
                .what("tcpdump in the server container's network namespace (a sidecar sharing it), from before the"
                        + " first SYN to after the last FIN, kept as " + PCAP.getFileName() + " (" + wire.size()
                        + " segments). One row per client connection that asked for a callback address: the"
                        + " destination of its SYN, and the address the server told it.")
                .table(List.of("client on", "mode", "SYN from", "SYN to", "server told"), rows)
                .figure("segments captured", wire.size(), "segments")
                .capture(
                        PCAP.getFileName().toString(),
                        "Notice the address each SYN went to: one per network. The server's reply tells each client"
                                + " that same address, the one its accepted socket reports.",
                        List.of("client on red", "server", "client on blue"),
                        steps)
                .write();
    }

    /** The connection {@code syn} opened, as diagram steps: the handshake, the request, the server's reply. */
    static List<Map<String, Object>> opening(List<Segment> wire, Segment syn, Map<String, String> names, String told) {
        var steps = new ArrayList<Map<String, Object>>();
        boolean asked = false;
        for (Segment s : wire.subList(wire.indexOf(syn), wire.size())) {
            boolean out = s.from().equals(syn.from()) && s.to().equals(syn.to());
            boolean back = s.from().equals(syn.to()) && s.to().equals(syn.from());
            if (!out && !back) continue;
            if (s.syn()) {
                steps.add(Segments.step(s, syn.micros(), names, out ? "SYN to " + s.to() : "SYN-ACK from " + s.from()));
            } else if (out && s.length() > 0 && !asked) {
                steps.add(Segments.step(s, syn.micros(), names, "HELLO accepted"));
                asked = true;
            } else if (back && s.length() > 0) {
                steps.add(Segments.step(s, syn.micros(), names, "CALLBACK " + told));
                break;
            }
        }
        return steps;
    }

    static List<Map<String, String>> callEachMode(GenericContainer<?> client, String network, String serverAddress) {
        Container.ExecResult run = LabContainers.execMain(
                client,
                GetsocknameLab.class.getName(),
                "client",
                "--host",
                serverAddress,
                "--port",
                "7010",
                "--results");
        var calls = new ArrayList<Map<String, String>>();
        run.getStdout().lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            var c = new HashMap<String, String>();
            int problem = l.indexOf(" problem=");
            FIELD.matcher(problem < 0 ? l : l.substring(0, problem))
                    .results()
                    .forEach(m -> c.put(m.group(1), m.group(2)));
            c.put("problem", problem < 0 ? "" : l.substring(problem + " problem=".length()));
            c.put("network", network);
            calls.add(c);
        });
        assertThat(calls)
                .as(
                        "RESULT lines from the %s client (exit %d):%n%s%s",
                        network, run.getExitCode(), run.getStdout(), run.getStderr())
                .hasSize(Mode.values().length);
        return calls;
    }

    static void writeEvidence(List<Map<String, String>> calls) {
        var evidence = Evidence.named(
                        "callback-two-networks", "Callback addresses from a server container on two networks")
                .what(
                        "The server listens on 0.0.0.0 in a container attached to two networks the test created (red, blue). A "
                                + "client container on each network asks for its callback address under each mode, then calls it. "
                                + "The figures count, per mode, the clients (one per network) told the address they dialed that then "
                                + "called the server back on it.")
                .table(
                        List.of("mode", "client on", "client dialed", "server told", "called back"),
                        calls.stream()
                                .<List<?>>map(c -> List.of(
                                        c.get("mode"),
                                        c.get("network"),
                                        c.get("dialed"),
                                        c.get("told"),
                                        "true".equals(c.get("called-back")) ? "yes" : "no: " + c.get("problem")))
                                .toList());
        // the chart: one bar per mode, counted from the clients' RESULT lines
        for (Mode a : Mode.values()) {
            long right = calls.stream()
                    .filter(c -> a.label().equals(c.get("mode")))
                    .filter(c -> "true".equals(c.get("told-what-was-dialed")) && "true".equals(c.get("called-back")))
                    .count();
            evidence.figure(a.label() + " (" + TableText.kind(a) + ")", right, "clients");
        }
        evidence.write();
    }
}
