package dev.socketfaq.select;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.kit.SocketServer;
import dev.socketfaq.select.broken.PollingLoop;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} for the classroom, {@code server}/{@code client} for two machines. */
@Command(
        name = "lab-select",
        mixinStandardHelpOptions = true,
        description =
                "The FAQ's \"Terminating a select() loop from another thread\": wake the loop, never close under it.",
        subcommands = {SelectLab.Demo.class, SelectLab.Server.class, SelectLab.Client.class, SelectLab.Bench.class})
public final class SelectLab implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new SelectLab(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: demo, server, client or bench");
    }

    /** Accepts "self-pipe" as well as "SELF_PIPE". */
    static final class MethodConverter implements CommandLine.ITypeConverter<StopMethod> {
        @Override
        public StopMethod convert(String value) {
            for (StopMethod m : StopMethod.values()) {
                if (m.label().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value)) return m;
            }
            throw new CommandLine.TypeConversionException(
                    "unknown method '" + value + "' (close, interrupt, polling, wakeup, self-pipe)");
        }
    }

    /** Durations as people type them: 500ms, 5s, 2m. A bare number has no unit, so it is refused, not guessed. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)");

        @Override
        public Duration convert(String value) {
            var m = FORM.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (a number and a unit: 500ms, 5s, 2m)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }

    /** Checks an int option's range up front: a usage error now, not a timeout later. */
    static int inRange(CommandSpec spec, String option, int value, int min, int max, String why) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), String.format("%s must be %,d..%,d%s (got %,d)", option, min, max, why, value));
        }
        return value;
    }

    /** What one stop did: bytes owed and delivered, how long the stop took, how the loop ended. */
    public record Outcome(
            StopMethod method,
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
                    method.label(),
                    delivered,
                    owed,
                    stopTime.toNanos() / 1e6,
                    ended ? died : "STILL RUNNING",
                    openChannels);
        }
    }

    /**
     * Starts a server, has a client ask for {@code bytes} and not read, asks the server to stop from this thread,
     * then lets the client read: the measurement behind the demo and the contract test.
     */
    public static Outcome stopWithReplyInFlight(StopMethod method, int bytes) throws Exception {
        try (StoppableServer server = method.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                OwedClient client = OwedClient.request(server.address(), bytes)) {
            // the reply has begun, not just been asked for: the loop is past reading the request (a selector closed
            // between the read and its interestOps call would make the loop die of CancelledKeyException instead)
            awaitUntil(() -> server.bytesOwed() == bytes && server.bytesWritten() > 0, "the server to start the reply");
            long start = System.nanoTime();
            server.requestStop();
            long delivered = client.readUntilClosed();
            boolean ended = server.awaitTermination(Duration.ofSeconds(5));
            Duration stopTime = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(method, bytes, delivered, stopTime, ended, server.openChannels(), server.failure());
        }
    }

    /**
     * The demo's scene: {@code clients} clients stream {@code bytes} each; once every one of them has received a
     * quarter of its reply, this thread asks the server to stop, and they read on until the server closes. The stop
     * lands mid-stream every time, not by luck of timing: each client waits at a latch for the stop to be issued.
     */
    public static Outcome stopMidStream(StopMethod method, int clients, int bytes) throws Exception {
        int before = bytes / 4;
        var midStream = new CountDownLatch(clients);
        var stopIssued = new CountDownLatch(1);
        List<OwedClient> connected = new ArrayList<>();
        try (StoppableServer server = method.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
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
            for (Future<Long> f : received)
                delivered += f.get(SelectorLoop.DRAIN_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
            boolean ended = server.awaitTermination(SelectorLoop.DRAIN_LIMIT.plusSeconds(1));
            Duration stopTime = Duration.ofNanos(System.nanoTime() - start);
            return new Outcome(
                    method,
                    (long) clients * bytes,
                    delivered,
                    stopTime,
                    ended,
                    server.openChannels(),
                    server.failure());
        } finally {
            for (OwedClient c : connected) c.close();
        }
    }

    /**
     * Time from a stop request to the end of an idle server's threads. The client first receives a 1-byte reply:
     * the loop sends it just before it goes back to waiting; the stop is requested once the loop says it waits.
     */
    public static Duration idleStopTime(StopMethod method) throws Exception {
        try (StoppableServer server = method.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                OwedClient client = OwedClient.request(server.address(), 1)) {
            client.readExactly(1);
            awaitUntil(server::waiting, "the loop to wait for events");
            long start = System.nanoTime();
            server.requestStop();
            if (!server.awaitTermination(Duration.ofSeconds(5))) {
                throw new IllegalStateException(method.label() + " did not stop within 5 s");
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            LockSupport.parkNanos(50_000);
        }
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description =
                    "Clients stream a reply; the stop is pressed mid-stream, once per method; prints what each method delivered, how long it took, and a verdict.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--clients",
                defaultValue = "4",
                description = "Clients streaming at the stop, 1..32 (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(
                names = "--bytes",
                defaultValue = "8388608",
                description =
                        "Bytes each client is owed, 1 MiB..64 MiB: enough to outlast the socket buffers (default ${DEFAULT-VALUE}).")
        int bytes;

        @Override
        public Integer call() throws Exception {
            // checked before any server starts: a bad value is a usage error now, not a timeout in five seconds
            inRange(spec, "--clients", clients, 1, 32, "");
            inRange(
                    spec,
                    "--bytes",
                    bytes,
                    1 << 20,
                    SelectorLoop.MAX_REQUEST,
                    " (a reply must outlast the socket buffers to be in flight at the stop)");
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%d clients each stream %,d bytes; the stop is pressed once every client has received a quarter%n",
                    clients, bytes);
            out.flush();
            var results = new java.util.LinkedHashMap<StopMethod, Outcome>();
            var idle = new java.util.EnumMap<StopMethod, Duration>(StopMethod.class);
            for (StopMethod m : StopMethod.values()) {
                Outcome o = stopMidStream(m, clients, bytes);
                Duration idleStop = idleStopTime(m);
                results.put(m, o);
                idle.put(m, idleStop);
                out.printf("%-6s %s; idle stop %s%n", m.kind(), o.describe(), Summary.format(idleStop.toNanos() / 1e6));
                out.flush();
            }
            out.println(verdict(results, idle));
            return Cli.OK;
        }
    }

    /** One line: who lost bytes, who was slow, who did both right, from the measured outcomes. */
    static String verdict(Map<StopMethod, Outcome> results, Map<StopMethod, Duration> idle) {
        Duration prompt = PollingLoop.POLL.dividedBy(10); // the contract's "promptly": far below a poll interval
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

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description =
                    "Serves owed bytes until stopped by Ctrl-C or SIGTERM, which asks the loop to stop through a shutdown hook. "
                            + "Binds to loopback unless --bind says otherwise. The selector loops (every method but interrupt) close a connection "
                            + "silent for " + SocketServer.IDLE_TIMEOUT_MS / 1000 + " s: nothing sent, nothing read.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--method",
                defaultValue = "wakeup",
                converter = MethodConverter.class,
                description =
                        "How the stop reaches the loop: close, interrupt, polling, wakeup, self-pipe (default ${DEFAULT-VALUE}).")
        StopMethod method;

        @Option(
                names = "--port",
                defaultValue = "7008",
                converter = Cli.PortConverter.class,
                description = "Port, 0 for any (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description =
                        "Address to listen on (default ${DEFAULT-VALUE}, this machine only); 0.0.0.0 serves other machines.")
        InetAddress bind;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StoppableServer server = method.start(new InetSocketAddress(bind, port));
            var stopped = new CountDownLatch(1);
            // tag::signal[]
            // SIGTERM / Ctrl-C: the JVM runs shutdown hooks on a thread of their own. The hook does what any
            // other thread must do: ask the loop to stop, then wait for it to finish what it owes.
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                long start = System.nanoTime();
                                server.requestStop();
                                try {
                                    boolean ended = server.awaitTermination(SelectorLoop.DRAIN_LIMIT.plusSeconds(1));
                                    out.println(stopReport(server, ended, Duration.ofNanos(System.nanoTime() - start)));
                                    out.flush();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                stopped.countDown();
                            },
                            "stop-on-signal"));
            // end::signal[]
            out.printf("listening on %s (%s); Ctrl-C to stop%n", server.address(), method.label());
            out.flush();
            stopped.await(); // never returns normally: the JVM is exiting when the hook has run
            return Cli.OK;
        }
    }

    /** One line on how a stop went, for an operator: what was flushed, what was given up on, what is left open. */
    static String stopReport(StoppableServer server, boolean ended, Duration took) {
        String how;
        if (!ended) {
            how = "did not stop within " + took.toSeconds() + " s";
        } else if (server.failure() != null) {
            how = "stopped badly, the loop died: " + Cli.describe(server.failure());
        } else if (server.bytesAbandoned() > 0) {
            how = "stopped";
        } else {
            how = "stopped cleanly";
        }
        String gaveUp = server.bytesAbandoned() == 0
                ? ""
                : String.format(
                        "; gave up on %,d bytes owed to %d %s that stopped reading",
                        server.bytesAbandoned(),
                        server.peersAbandoned(),
                        server.peersAbandoned() == 1 ? "peer" : "peers");
        return String.format(
                "%s: flushed %,d of %,d owed bytes in %.1f ms%s; %d channels open",
                how, server.bytesWritten(), server.bytesOwed(), took.toNanos() / 1e6, gaveUp, server.openChannels());
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description =
                    "Benchmark on loopback: stop latency with 100 connected clients, wakeup and self-pipe against a "
                            + "1 s polling loop, after warm-up, in alternating rounds (HdrHistogram); writes target/evidence/benchmark.json. "
                            + "Exit 1 if a fix's median is not under 1 ms or not 100x faster than polling.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--clients",
                defaultValue = "100",
                description = "Clients connected at each stop (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(
                names = "--rounds",
                defaultValue = "10",
                description = "Rounds; each has --stops stops per fix and one polling stop (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(
                names = "--stops",
                defaultValue = "10",
                description = "Measured stops per fix per round (default ${DEFAULT-VALUE}).")
        int stops;

        @Option(
                names = "--warmup",
                defaultValue = "30",
                description = "Unmeasured stops per fix first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(
                names = "--poll",
                defaultValue = "1s",
                converter = DurationConverter.class,
                description =
                        "The polling loop's timeout (default ${DEFAULT-VALUE}, the issue's bar is set against 1 s).")
        Duration poll;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            inRange(spec, "--clients", clients, 1, 1_000, "");
            inRange(spec, "--rounds", rounds, 1, 100, "");
            inRange(spec, "--stops", stops, 1, 1_000, "");
            inRange(spec, "--warmup", warmup, 0, 10_000, "");
            if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--poll must be 10ms..10s (got " + poll.toMillis() + "ms)");
            }
            var plan = new StopBenchmark.Plan(clients, warmup, rounds, stops, poll);
            out.printf(
                    "%d clients connected at each stop; %d warm-up stops per fix, then %d rounds of %d stops per fix + 1 polling stop%n",
                    clients, warmup, rounds, stops);
            out.flush();
            StopBenchmark.Result r = StopBenchmark.run(plan, line -> {
                out.println(line);
                out.flush();
            });
            String pollName = "polling (" + poll.toMillis() + " ms timeout)";
            out.printf("%-30s %10s %10s %8s%n", "", "median", "p99", "samples");
            row(out, "wakeup", r.wakeup());
            row(out, "self-pipe", r.selfPipe());
            row(out, pollName, r.polling());
            String verdict = String.format(
                    "verdict: %s: slower fix's median %s (bar: < %s ms); polling/fixed median %.0fx (bar: >= %.0fx)",
                    r.meetsBars() ? "bars met" : "BARS NOT MET",
                    Summary.format(r.fixedMedianMs()),
                    StopBenchmark.FIXED_MEDIAN_BAR_MS,
                    r.ratio(),
                    StopBenchmark.RATIO_BAR);
            var file = Evidence.named("benchmark", "Benchmark: stop latency with " + clients + " connected clients")
                    .what("From requestStop() to the end of the loop's thread, a fresh idle server per stop with "
                            + clients
                            + " clients connected; " + warmup + " warm-up stops per fix, then " + rounds + " rounds of "
                            + stops
                            + " stops per fix and one stop of a loop polling every " + poll.toMillis()
                            + " ms (HdrHistogram).")
                    .unit("ms")
                    .series("wakeup (fixed)", r.wakeup())
                    .series("self-pipe (fixed)", r.selfPipe())
                    .series(pollName, r.polling())
                    .figure("slower fix, median", r.fixedMedianMs(), "ms")
                    .figure("polling / fixed (median)", r.ratio(), "x")
                    .write();
            out.println("evidence: " + file);
            out.println(verdict);
            return r.meetsBars() ? Cli.OK : Cli.FAILURE;
        }

        private static void row(PrintWriter out, String name, Summary s) {
            out.printf(
                    "%-30s %10s %10s %8d%n",
                    name, Summary.format(s.medianMs()), Summary.format(s.p99Ms()), s.samples());
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description = "Asks a server for bytes, waits, then reads: stop the server meanwhile and see what arrives.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7008",
                converter = Cli.PortConverter.class,
                description = "Server port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--bytes",
                defaultValue = "8388608",
                description = "Bytes to ask for (default ${DEFAULT-VALUE}).")
        int bytes;

        @Option(
                names = "--read-after",
                defaultValue = "5s",
                converter = DurationConverter.class,
                description =
                        "How long to leave the reply in flight before reading: 500ms, 5s, 2m (default ${DEFAULT-VALUE}). "
                                + "A selector loop server closes a connection silent for "
                                + SocketServer.IDLE_TIMEOUT_MS / 1000 + " s: wait longer and the reply is cut short.")
        Duration readAfter;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            inRange(spec, "--bytes", bytes, 1, SelectorLoop.MAX_REQUEST, "");
            if (readAfter.compareTo(Duration.ofHours(1)) > 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--read-after must be at most 1h (got " + readAfter.toSeconds() + "s)");
            }
            try (var client = OwedClient.request(new InetSocketAddress(InetAddress.getByName(host), port), bytes)) {
                out.printf(
                        "asked for %,d bytes; reading in %d ms (stop the server now to see what arrives)%n",
                        bytes, readAfter.toMillis());
                out.flush();
                LockSupport.parkNanos(readAfter.toNanos()); // the demo's pause for the audience, not synchronisation
                long received = client.readUntilClosed();
                out.printf(
                        "received %,d of %,d bytes%s%n",
                        received, bytes, received < bytes ? ": LOST " + (bytes - received) : "");
                return received == bytes ? Cli.OK : Cli.FAILURE;
            }
        }
    }
}
