package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.LabContainers;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * The stall between two real hosts: a server container and a client container on a network of the test's own,
 * joined by veth links through a bridge (not loopback). Same lab classes, same contract, same verdict.
 */
@ContainerTest(evidence = "container-round-trip")
@Timeout(180)
@Proves(FaqClaim.WRITE_WRITE_READ_STALLS)
class RoundTripContainerTest {
    static final Pattern REQUEST_LINE = Pattern.compile("request\\s+\\d+: ([\\d.]+) ms");

    // tag::two-hosts[]
    @Test
    void the_split_write_stalls_between_two_hosts_and_the_fixes_do_not() {
        var results = new EnumMap<Mode, Summary>(Mode.class);
        try (Network network = LabContainers.network();
                var server = ServerContainer.on(network, 7007);
                var client = LabContainers.javaHost(network, "client")) {
            Startables.deepStart(server, client).join(); // the two hosts start side by side
            for (Mode mode : Mode.values()) { // one client at a time: each measures a quiet link
                var run = LabContainers.execMain(
                        client,
                        NagleLab.class.getName(),
                        "client",
                        "--mode",
                        mode.label(),
                        "--host",
                        "server",
                        "--port",
                        "7007",
                        "--warmup",
                        "20",
                        "--requests",
                        "25");
                assertThat(run.getExitCode())
                        .as("%s client's exit code; stderr: %s", mode.label(), run.getStderr())
                        .isZero();
                results.put(mode, roundTrips(run.getStdout()));
            }
        }
        Summary broken = results.get(Mode.BROKEN);
        Summary fixed = results.get(Mode.FIXED);
        Summary noDelay = results.get(Mode.NODELAY);
        writeEvidence(results);

        // containers share this kernel: the delayed-ACK timeout it applies on loopback applies on the veth link too
        assertThat(broken.medianMs()).as("broken between hosts").isGreaterThanOrEqualTo(0.9 * loopbackTimerMs());
        assertThat(broken.medianMs() / fixed.medianMs())
                .as("broken/fixed median between hosts")
                .isGreaterThan(20);
        assertThat(broken.medianMs() / noDelay.medianMs())
                .as("broken/nodelay median between hosts")
                .isGreaterThan(20);
    }
    // end::two-hosts[]

    /** This kernel's delayed-ACK timeout, measured on loopback (or the OS's documented one). */
    static double loopbackTimerMs() {
        try (var server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {})) {
            return DelayedAckTimer.measure(server, Mode.FIXED, RoundTrips.WARMUP)
                    .ms();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client command prints one line per measured request: "request  7: 44.0 ms". */
    static Summary roundTrips(String clientOutput) {
        var latencies = new Latencies();
        REQUEST_LINE
                .matcher(clientOutput)
                .results()
                .forEach(m -> latencies.record((long) (Double.parseDouble(m.group(1)) * 1_000_000)));
        assertThat(latencies.summary().samples())
                .as("measured requests in the client's output:%n%s", clientOutput)
                .isEqualTo(25);
        return latencies.summary();
    }

    static void writeEvidence(Map<Mode, Summary> r) {
        Evidence.named("container-round-trip", "Round trip between two containers (a real link, not loopback)")
                .what("A server container and a client container on a user-defined Docker network; per mode, "
                        + "25 requests after 20 warm-up requests, timed by the client.")
                .unit("ms")
                .series("broken: split write, Nagle on", r.get(Mode.BROKEN))
                .series("fixed: one gathering write", r.get(Mode.FIXED))
                .series("nodelay: split write, TCP_NODELAY", r.get(Mode.NODELAY))
                .figure(
                        "broken / fixed (median)",
                        r.get(Mode.BROKEN).medianMs() / r.get(Mode.FIXED).medianMs(),
                        "x")
                .write();
    }
}
