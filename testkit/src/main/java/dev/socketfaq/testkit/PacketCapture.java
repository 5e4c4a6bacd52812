package dev.socketfaq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A packet capture in the network namespace of a running container: a sidecar container that shares it
 * ({@code --network container:<id>}) runs tcpdump on every interface, writing each packet as it comes.
 *
 * <p>The image is the public {@code nicolaka/netshoot}, which a student's Docker pulls; CI builds a small local
 * stand-in under the same name ({@code .ci/capture-image.sh}). Override with {@code -Dlabs.captureImage}. A
 * capture keeps at most {@link #MAX_PACKETS} packets, so what it leaves as evidence stays small.
 */
public final class PacketCapture implements AutoCloseable {
    public static final DockerImageName IMAGE =
            DockerImageName.parse(System.getProperty("labs.captureImage", "nicolaka/netshoot:v0.13"));
    /** The most packets a capture keeps: a few hundred segments are evidence enough for one exchange. */
    public static final int MAX_PACKETS = 400;

    private static final String FILE = "/tmp/capture.pcap";
    private final GenericContainer<?> sidecar;

    private PacketCapture(GenericContainer<?> sidecar) {
        this.sidecar = sidecar;
    }

    /**
     * Starts capturing what {@code target} (started) sends and receives on all its interfaces that matches
     * {@code filter} (tcpdump's syntax, e.g. {@code tcp port 7010}); returns once tcpdump is listening, so every
     * packet after this call is in the capture.
     */
    public static PacketCapture start(GenericContainer<?> target, String filter) {
        return start(target, filter, 0);
    }

    /**
     * As {@link #start(GenericContainer, String)}, keeping only the first {@code snapLength} bytes of each packet
     * (0: all of it): enough for the headers when the data itself is bulk ({@link Segments} reads each segment's
     * length from its headers), so a capture of megabytes of data stays small.
     */
    public static PacketCapture start(GenericContainer<?> target, String filter, int snapLength) {
        if (filter.contains("'")) throw new IllegalArgumentException("a filter without quotes: " + filter);
        // -y LINUX_SLL: the cooked header of "any" that pkts frames; -U: each packet written as it comes; -Z root:
        // stay root, as the stand-in image has no tcpdump user; then sleep, so the file can be copied out
        String tcpdump = "tcpdump -i any -y LINUX_SLL -n -U -Z root -s " + snapLength + " -c " + MAX_PACKETS + " -w "
                + FILE + " '" + filter + "' & echo $! > /tmp/tcpdump.pid; wait $!; exec sleep 600";
        var sidecar = new GenericContainer<>(IMAGE)
                .withNetworkMode("container:" + target.getContainerId())
                .withCommand("sh", "-c", tcpdump)
                .waitingFor(Wait.forLogMessage(".*listening on any.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        sidecar.start();
        return new PacketCapture(sidecar);
    }

    /** The segments captured so far, copied to {@code keep} (tcpdump has written every packet it saw). */
    public List<Segment> segments(Path keep) {
        try {
            Files.createDirectories(keep.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sidecar.copyFileFromContainer(FILE, keep.toString());
        return Segments.read(keep);
    }

    /**
     * Waits until every connection in the capture has ended (a FIN each way, or a reset), at most {@code limit},
     * then stops tcpdump and keeps its file at {@code keep}. Returns every segment; the caller asserts that the
     * capture is complete ({@link Segments#allClosed}), so a limit that passed shows as a failure, not a hang.
     */
    public List<Segment> stopAfterLastFin(Path keep, Duration limit) {
        return stopAfterLastFin(keep, limit, wire -> true);
    }

    /**
     * As {@link #stopAfterLastFin(Path, Duration)}, and first waits until {@code seen} holds for the capture (for
     * instance: the SYN of every connection the test made is in it): tcpdump in a busy sidecar can lag behind
     * the traffic, and a connection not yet read off the wire would otherwise pass for one that never happened.
     */
    public List<Segment> stopAfterLastFin(Path keep, Duration limit, Predicate<List<Segment>> seen) {
        try {
            Awaitility.await("every captured connection closed")
                    .atMost(limit)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions() // a packet half written as we copy: read again
                    .until(() -> {
                        List<Segment> wire = segments(keep);
                        return seen.test(wire) && Segments.allClosed(wire);
                    });
        } catch (ConditionTimeoutException e) {
            // stop anyway: what was captured is still the evidence
        }
        exec("kill -INT $(cat /tmp/tcpdump.pid)");
        Awaitility.await("tcpdump ended")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> sidecar.getLogs().contains("packets captured"));
        return segments(keep);
    }

    /** What tcpdump said: its filter, link type and, once stopped, how many packets it kept. */
    public String log() {
        return sidecar.getLogs();
    }

    private void exec(String command) {
        try {
            var run = sidecar.execInContainer("sh", "-c", command);
            if (run.getExitCode() != 0) throw new IllegalStateException(command + ": " + run.getStderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    @Override
    public void close() {
        sidecar.stop();
    }
}
