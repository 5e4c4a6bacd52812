package dev.socketfaq.nagle;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} for the classroom, {@code server}/{@code client} for two machines, {@code bench}. */
@Command(
        name = "lab-nagle",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"200ms delay\": Nagle + delayed ACK on write-write-read, and its fixes.",
        subcommands = {
            NagleLab.Demo.class,
            NagleLab.Server.class,
            NagleLab.Client.class,
            NagleLab.Bench.class,
            ClassroomCommand.class
        })
public final class NagleLab implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new NagleLab(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: demo, server, client or bench");
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Runs broken, fixed and nodelay side by side on loopback and prints a verdict.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--requests",
                converter = Cli.CountConverter.class,
                defaultValue = "25",
                description = "Measured requests per mode (default ${DEFAULT-VALUE}).")
        int requests;

        @Option(
                names = "--warmup",
                converter = Cli.CountOrZeroConverter.class,
                defaultValue = "20",
                description = "Unmeasured requests first, past Linux's quick-ACK start (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var results = new EnumMap<Mode, Summary>(Mode.class);
            try (var server =
                    ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), out::println)) {
                out.printf(
                        "server on %s; %d warm-up + %d measured requests per mode%n",
                        server.address(), warmup, requests);
                for (Mode mode : Mode.values()) {
                    out.printf("%-8s (%-29s) ", mode.label(), mode.how());
                    out.flush();
                    Summary s = RoundTrips.measure(mode, server.address(), warmup, requests, (request, nanos) -> {
                        out.print('.');
                        out.flush();
                    });
                    out.printf(" median %s, p99 %s%n", Summary.format(s.medianMs()), Summary.format(s.p99Ms()));
                    results.put(mode, s);
                }
                OptionalDouble fixedSegs = RoundTrips.segmentsPerRequest(Mode.FIXED, server.address(), 500);
                OptionalDouble noDelaySegs = RoundTrips.segmentsPerRequest(Mode.NODELAY, server.address(), 500);
                out.println(verdict(results, fixedSegs, noDelaySegs));
            }
            return Cli.OK;
        }
    }

    static String verdict(Map<Mode, Summary> r, OptionalDouble fixedSegs, OptionalDouble noDelaySegs) {
        double broken = r.get(Mode.BROKEN).medianMs();
        double fixed = r.get(Mode.FIXED).medianMs();
        String segs = fixedSegs.isPresent() && noDelaySegs.isPresent()
                ? String.format(
                        " (%.1f segments/request vs fixed %.1f)", noDelaySegs.getAsDouble(), fixedSegs.getAsDouble())
                : "";
        return String.format(
                "verdict: broken %s, fixed %s: %.0fx; nodelay %s%s",
                Summary.format(broken),
                Summary.format(fixed),
                broken / fixed,
                Summary.format(r.get(Mode.NODELAY).medianMs()),
                segs);
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description =
                    "Serves the lab's protocol until stopped (Ctrl-C). Binds to loopback unless --bind says otherwise.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--port",
                defaultValue = "7007",
                converter = Cli.PortConverter.class,
                description = "Port to listen on, 0 for any (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description =
                        "Address to listen on (default ${DEFAULT-VALUE}, this machine only). Use 0.0.0.0 to serve other machines in a classroom.")
        InetAddress bind;

        @Mixin
        Cli.MaxConnections maxConnections;

        @Option(
                names = "--view-seconds",
                defaultValue = "2",
                description = "How often the room's view is redrawn (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 1, max = 3_600)
        int viewSeconds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var server =
                    ReplyServer.start(new InetSocketAddress(bind, port), false, maxConnections.limits(), line -> {});
            out.printf("listening on %s; Ctrl-C to stop%n", server.address());
            out.flush();
            var view = new RoomView(server, 20);
            boolean terminal = System.console() != null;
            var viewer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(viewSeconds * 1000L); // the view's refresh rate, not a synchronisation
                        view.draw(out, terminal);
                    }
                } catch (InterruptedException e) {
                    // stopping
                }
            });
            Cli.runUntilStopped(() -> {
                viewer.interrupt();
                server.close();
                view.summary(out);
            });
            return Cli.OK;
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description =
                    "Sends requests to a lab server, live, in one mode; run it on another machine in a classroom.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", required = true, description = "How to send each request: ${COMPLETION-CANDIDATES}.")
        Mode mode;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7007",
                converter = Cli.PortConverter.class,
                description = "Server port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--requests",
                converter = Cli.CountConverter.class,
                defaultValue = "20",
                description = "Measured requests (default ${DEFAULT-VALUE}).")
        int requests;

        @Option(
                names = "--warmup",
                converter = Cli.CountOrZeroConverter.class,
                defaultValue = "20",
                description = "Unmeasured requests first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var server = new InetSocketAddress(InetAddress.getByName(host), port);
            out.printf("%s (%s) -> %s%n", mode.label(), mode.how(), server);
            Summary s = RoundTrips.measure(mode, server, warmup, requests, (request, nanos) -> {
                out.printf("request %3d: %s%n", request, Summary.format(nanos / 1e6));
                out.flush();
            });
            out.printf(
                    "%s: median %s, p99 %s%n", mode.label(), Summary.format(s.medianMs()), Summary.format(s.p99Ms()));
            return Cli.OK;
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description =
                    "Benchmark on loopback: broken vs fixed vs nodelay vs a raw ping-pong floor (HdrHistogram), written to target/evidence/benchmark.json.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--samples",
                converter = Cli.CountConverter.class,
                defaultValue = "20000",
                description = "Measured round trips for fast modes and the floor (default ${DEFAULT-VALUE}).")
        int samples;

        @Option(
                names = "--broken-samples",
                converter = Cli.CountConverter.class,
                defaultValue = "100",
                description = "Measured round trips for broken, ~40 ms each on Linux (default ${DEFAULT-VALUE}).")
        int brokenSamples;

        @Option(
                names = "--rounds",
                converter = Cli.CountConverter.class,
                defaultValue = "10",
                description =
                        "Floor, fixed and nodelay are measured in alternating rounds, so all three see the same machine (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int warmup = Math.max(2_000, samples / 5); // lets the JIT compile the hot paths before measuring
            int perRound = Math.max(1, samples / rounds);
            var floor = new Latencies();
            var fixed = new Latencies();
            var noDelay = new Latencies();
            Summary broken;
            try (var server = ReplyServer.start(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), out::println);
                    var pingPong = PingPongFloor.open();
                    var fixedClient = Mode.FIXED.connect(server.address());
                    var noDelayClient = Mode.NODELAY.connect(server.address())) {
                pingPong.record(warmup, new Latencies());
                RoundTrips.record(fixedClient, warmup, new Latencies(), RoundTrips.Progress.SILENT);
                RoundTrips.record(noDelayClient, warmup, new Latencies(), RoundTrips.Progress.SILENT);
                // interleaved: scheduling and CPU placement drift during a run on a small machine; alternating
                // rounds give the floor and the clients the same conditions
                for (int round = 0; round < rounds; round++) {
                    pingPong.record(perRound, floor);
                    RoundTrips.record(fixedClient, perRound, fixed, RoundTrips.Progress.SILENT);
                    RoundTrips.record(noDelayClient, perRound, noDelay, RoundTrips.Progress.SILENT);
                }
                broken = RoundTrips.measure(
                        Mode.BROKEN, server.address(), 20, brokenSamples, RoundTrips.Progress.SILENT);
            }
            var r = new EnumMap<Mode, Summary>(Mode.class);
            r.put(Mode.BROKEN, broken);
            r.put(Mode.FIXED, fixed.summary());
            r.put(Mode.NODELAY, noDelay.summary());
            Summary floorSummary = floor.summary();
            double ratio = broken.medianMs() / r.get(Mode.FIXED).medianMs();
            double overFloor = r.get(Mode.FIXED).medianMs() / floorSummary.medianMs();
            out.printf("%-30s %10s %10s %8s%n", "", "median", "p99", "samples");
            row(out, "raw ping-pong (floor)", floorSummary);
            r.forEach((mode, s) -> row(out, mode.label() + " (" + mode.how().split(",")[0] + ")", s));
            out.printf(
                    "broken/fixed median: %.0fx (bar: >= 100x); fixed/floor median: %.2fx (bar: <= 2x)%n",
                    ratio, overFloor);
            var file = Evidence.named("benchmark", "Benchmark: round trip on loopback, against the raw floor")
                    .what("HdrHistogram over one connection per mode after warm-up; the floor is a 1-byte raw-socket "
                            + "ping-pong, measured in " + rounds + " rounds alternating with fixed and nodelay.")
                    .unit("ms")
                    .series("raw ping-pong (floor)", floorSummary)
                    .series("broken: split write", broken)
                    .series("fixed: gathering write", r.get(Mode.FIXED))
                    .series("nodelay: split write + TCP_NODELAY", r.get(Mode.NODELAY))
                    .figure("broken / fixed (median)", ratio, "x")
                    .figure("fixed / floor (median)", overFloor, "x")
                    .write();
            out.println("evidence: " + file);
            if (ratio >= 100 && overFloor <= 2) return Cli.OK;
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: a benchmark bar was missed: broken/fixed %.0fx (bar >= 100x), fixed/floor %.2fx (bar <= 2x)%n",
                            ratio, overFloor);
            return Cli.FAILURE;
        }

        private static void row(PrintWriter out, String name, Summary s) {
            out.printf(
                    "%-30s %10s %10s %8d%n",
                    name, Summary.format(s.medianMs()), Summary.format(s.p99Ms()), s.samples());
        }
    }
}
