package dev.socketfaq.nagle;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Latencies.Summary;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
            ServerCommand.class,
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
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: demo, server, client, bench or classroom");
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Runs every mode on loopback; a verdict.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Cli.Range(min = 1, max = 100_000)
        @Option(
                names = "--requests",
                defaultValue = "25",
                description = "Measured requests per mode (${DEFAULT-VALUE}).")
        int requests;

        @Cli.Range(min = 0, max = 100_000)
        @Option(
                names = "--warmup",
                defaultValue = "20",
                description = "Unmeasured requests first, past Linux's quick-ACK start (${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (var server =
                    ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), out::println)) {
                out.printf(
                        "server on %s; %d warm-up + %d measured requests per mode%n",
                        server.address(), warmup, requests);
                var run = SideBySide.run(server.address(), warmup, requests, new SideBySide.Listener() {
                    public void starting(Mode mode) {
                        out.printf("%-8s %-11s (%-29s) ", mode.label(), mode.kind(), mode.what())
                                .flush();
                    }

                    public void measured(Mode mode, int request, long nanos) {
                        out.print('.');
                        out.flush();
                    }

                    public void finished(Mode mode, Summary s) {
                        out.printf(" median %s, p99 %s%n", Summary.format(s.medianMs()), Summary.format(s.p99Ms()));
                    }
                });
                out.println(run.verdict());
            }
            return Cli.OK;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, description = "Sends requests to a lab server, live.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", required = true, description = "How to send each request: ${COMPLETION-CANDIDATES}.")
        Mode mode;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7007",
                converter = Cli.PortConverter.class,
                description = "Server port (${DEFAULT-VALUE}).")
        int port;

        @Cli.Range(min = 1, max = 100_000)
        @Option(names = "--requests", defaultValue = "20", description = "Measured requests (${DEFAULT-VALUE}).")
        int requests;

        @Cli.Range(min = 0, max = 100_000)
        @Option(names = "--warmup", defaultValue = "20", description = "Unmeasured requests first (${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            var out = new PrintWriter(spec.commandLine().getOut(), true); // flushes each line: the requests are live
            var server = new InetSocketAddress(InetAddress.getByName(host), port);
            out.printf("%s (%s) -> %s%n", mode.label(), mode.what(), server);
            Summary s = RoundTrips.measure(
                    mode,
                    server,
                    warmup,
                    requests,
                    (n, nanos) -> out.printf("request %3d: %s%n", n, Summary.format(nanos / 1e6)));
            out.printf(
                    "%s: median %s, p99 %s%n", mode.label(), Summary.format(s.medianMs()), Summary.format(s.p99Ms()));
            return Cli.OK;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks every mode against the floor.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Cli.Range(min = 1, max = 10_000_000)
        @Option(
                names = "--samples",
                defaultValue = "20000",
                description = "Round trips of fast modes (${DEFAULT-VALUE}).")
        int samples;

        @Cli.Range(min = 1, max = 10_000)
        @Option(
                names = "--broken-samples",
                defaultValue = "100",
                description = "Round trips of broken, a delayed-ACK timeout each (${DEFAULT-VALUE}).")
        int brokenSamples;

        @Cli.Range(min = 1, max = 1_000)
        @Option(
                names = "--rounds",
                defaultValue = "10",
                description = "Alternating rounds of fast modes (${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var b = Benchmark.run(samples, brokenSamples, rounds, out::println);
            b.table().forEach(out::println);
            out.println("evidence: " + b.evidence());
            if (b.metTargets()) return Cli.OK;
            spec.commandLine().getErr().println("error: a benchmark target was missed: " + b.targets());
            return Cli.FAILURE;
        }
    }
}
