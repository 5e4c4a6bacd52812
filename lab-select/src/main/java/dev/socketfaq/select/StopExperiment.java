package dev.socketfaq.select;

import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.select.fixed.PollingLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The lab's experiments: a stop with a reply in flight, a stop mid-stream, an idle stop. Tests and demo share them. */
public final class StopExperiment {
    /** How long an experiment waits for a server to end after its stop request. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private StopExperiment() {}

    /** What one stop did: bytes owed and delivered, how long the stop took, how the server ended. */
    public record Outcome(
            Mode mode,
            long owed,
            long delivered,
            Duration stopTime,
            boolean ended,
            int openChannels,
            Throwable failure) {
        public String describe() {
            String died = failure == null
                    ? "ended cleanly"
                    : "died: " + failure.getClass().getSimpleName();
            return String.format(
                    "%-9s delivered %,d of %,d owed bytes; stopped in %.1f ms; loop %s; %d channels open",
                    mode.label(),
                    delivered,
                    owed,
                    stopTime.toNanos() / 1e6,
                    ended ? died : "STILL RUNNING",
                    openChannels);
        }
    }

    /**
     * A client asks for {@code bytes} and does not read; once the reply has begun, this thread asks the server to stop,
     * then the client reads until the server closes.
     */
    public static Outcome withReplyInFlight(Mode mode, int bytes) throws Exception {
        try (StoppableServer server = mode.create(loopback());
                OwedClient client = OwedClient.request(server.address(), bytes)) {
            // the reply has begun, not just been asked for: the loop is past reading the request
            awaitUntil(() -> server.bytesOwed() == bytes && server.bytesWritten() > 0, "the server to start the reply");
            long start = System.nanoTime();
            server.requestStop();
            long delivered = client.readUntilClosed();
            boolean ended = server.awaitTermination(STOP_WAIT);
            Duration stopTime = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(mode, bytes, delivered, stopTime, ended, server.openChannels(), server.failure());
        }
    }

    /**
     * The demo's scene: {@code clients} clients stream {@code bytes} each; once every one has received a quarter of
     * its reply, this thread asks the server to stop, and they read on until the server closes. Each client waits at a
     * latch for the stop to be issued, so the stop lands mid-stream every time.
     */
    public static Outcome midStream(Mode mode, int clients, int bytes) throws Exception {
        int before = bytes / 4;
        var midStream = new CountDownLatch(clients);
        var stopIssued = new CountDownLatch(1);
        List<OwedClient> connected = new ArrayList<>();
        try (StoppableServer server = mode.create(loopback());
                var readers = Executors.newFixedThreadPool(
                        clients, Thread.ofPlatform().name("demo-client-", 0).factory())) {
            List<Future<Long>> received = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                OwedClient client = OwedClient.request(server.address(), bytes);
                connected.add(client);
                received.add(readers.submit(() -> {
                    try {
                        client.readExactly(before);
                    } finally {
                        midStream.countDown(); // even on failure: the demo reports it instead of waiting forever
                    }
                    stopIssued.await();
                    return before + client.readUntilClosed();
                }));
            }
            if (!midStream.await(10, TimeUnit.SECONDS))
                throw new IllegalStateException("the clients did not start streaming within 10 s");
            long start = System.nanoTime();
            server.requestStop();
            stopIssued.countDown();
            long delivered = 0;
            for (Future<Long> f : received) delivered += f.get(Drain.DRAIN_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
            boolean ended = server.awaitTermination(Drain.DRAIN_LIMIT.plusSeconds(1));
            Duration stopTime = Duration.ofNanos(System.nanoTime() - start);
            long owed = (long) clients * bytes;
            return new Outcome(mode, owed, delivered, stopTime, ended, server.openChannels(), server.failure());
        } finally {
            for (OwedClient c : connected) c.close();
        }
    }

    /**
     * Time from a stop request to the end of an idle server's threads, at most {@link #STOP_WAIT} (a server that has
     * not ended by then is stopped by force). The client first receives a 1-byte reply; the stop is requested once
     * the loop says it waits.
     */
    public static Duration idleStopTime(Mode mode) throws Exception {
        try (StoppableServer server = mode.create(loopback());
                OwedClient client = OwedClient.request(server.address(), 1)) {
            client.readExactly(1);
            awaitUntil(server::waiting, "the loop to wait for events");
            long start = System.nanoTime();
            server.requestStop();
            server.awaitTermination(STOP_WAIT);
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    /**
     * The demo: every mode stopped mid-stream, then stopped idle; {@code progress} hears one line per mode. Returns the
     * verdict.
     */
    public static String everyMode(int clients, int bytes, Consumer<String> progress) throws Exception {
        var results = new EnumMap<Mode, Outcome>(Mode.class);
        var idle = new EnumMap<Mode, Duration>(Mode.class);
        for (Mode m : Mode.values()) {
            results.put(m, midStream(m, clients, bytes));
            idle.put(m, idleStopTime(m));
            progress.accept(String.format(
                    "%-11s %s; idle stop %s",
                    m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    results.get(m).describe(),
                    Summary.format(idle.get(m).toNanos() / 1e6)));
        }
        return verdict(results, idle);
    }

    /** One line: who lost bytes, who was slow, who did both right, from the measured outcomes. */
    public static String verdict(Map<Mode, Outcome> results, Map<Mode, Duration> idle) {
        Duration prompt = PollingLoop.POLL.dividedBy(10); // "promptly": far below a poll interval
        List<String> lost = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        List<String> good = new ArrayList<>();
        results.forEach((m, o) -> {
            if (o.delivered() < o.owed() || !o.ended() || o.failure() != null || o.openChannels() > 0) {
                lost.add(String.format("%s delivered %d%%", m.label(), o.delivered() * 100 / o.owed()));
            } else if (idle.get(m).compareTo(prompt) >= 0) {
                slow.add(String.format(
                        "%s delivered all but an idle stop took %s",
                        m.label(), Summary.format(idle.get(m).toNanos() / 1e6)));
            } else {
                good.add(m.label());
            }
        });
        List<String> parts = new ArrayList<>();
        if (!lost.isEmpty()) parts.add("stopped mid-stream, " + String.join(", ", lost) + " of what was owed");
        if (!slow.isEmpty()) parts.add(String.join(", ", slow));
        parts.add(
                good.isEmpty()
                        ? "no method delivered everything promptly"
                        : String.join(" and ", good) + " delivered every byte and stopped promptly");
        return "verdict: " + String.join("; ", parts);
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Waits (bounded) for a condition the server's threads make true; the parking is not what is measured. */
    static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            LockSupport.parkNanos(50_000);
        }
    }
}
