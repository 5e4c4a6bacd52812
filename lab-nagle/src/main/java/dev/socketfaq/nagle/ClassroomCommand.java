package dev.socketfaq.nagle;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.kit.SocketServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code classroom}: a whole class of simulated students against one server, broken and fixed at once. */
@Command(
        name = "classroom",
        mixinStandardHelpOptions = true,
        description = "Simulates a class: every student runs a broken and a fixed client against one server, "
                + "each sending a request every --interval-ms. Against --host/--port, or a server of its own.")
final class ClassroomCommand implements Callable<Integer> {
    /** A class is served well when a one-write request stays this fast under the room's load. */
    static final double FIXED_MEDIAN_BAR_MS = 2.0;
    /** ...and the split write's stall is the timer's, not a queue's: the class's median near a lone client's. */
    static final double BROKEN_SLOWDOWN_BAR = 1.2;

    @Spec
    CommandSpec spec;

    @Option(names = "--students", defaultValue = "300", description = "Students (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 1, max = 5_000)
    int students;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 1, max = 3_600)
    int seconds;

    @Option(
            names = "--interval-ms",
            defaultValue = "500",
            description = "Time between one client's requests (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 50, max = 60_000)
    int intervalMs;

    @Option(names = "--host", description = "An instructor's server to use instead of a server of its own.")
    String host;

    @Option(
            names = "--port",
            defaultValue = "7007",
            converter = Cli.PortConverter.class,
            description = "The instructor's server port, with --host (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Classroom.Result r;
        if (host != null) {
            r = classroom(new InetSocketAddress(InetAddress.getByName(host), port), out);
        } else {
            try (var server = ReplyServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    false,
                    SocketServer.Limits.DEFAULT,
                    line -> {})) {
                r = classroom(server.address(), out);
            }
        }
        print(out, r);
        out.println("evidence: " + evidence(r, host == null ? "loopback" : "a server at " + host));
        boolean fast = r.fixed().medianMs() < FIXED_MEDIAN_BAR_MS && r.brokenSlowdown() <= BROKEN_SLOWDOWN_BAR;
        out.printf(
                "timing: fixed median below %s ms and broken within %.1fx of one client alone: %s%n",
                FIXED_MEDIAN_BAR_MS, BROKEN_SLOWDOWN_BAR, fast ? "yes" : "no (a busy machine, or too many students)");
        if (r.refused() == 0 && r.errors() == 0) return Cli.OK;
        spec.commandLine()
                .getErr()
                .printf("error: not every student was served: %d refused, %d errors%n", r.refused(), r.errors());
        return Cli.FAILURE;
    }

    private Classroom.Result classroom(InetSocketAddress server, PrintWriter out) throws Exception {
        return new Classroom(server, students, Duration.ofMillis(intervalMs), Duration.ofSeconds(seconds), line -> {
                    out.println(line);
                    out.flush();
                })
                .run();
    }

    static void print(PrintWriter out, Classroom.Result r) {
        out.printf(
                "%d students: %d connections held, %d refused, %d errors%n",
                r.students(), r.connectionsHeld(), r.refused(), r.errors());
        r.firstErrors().forEach(e -> out.println("  " + e));
        out.printf("%-22s %10s %10s %9s%n", "", "median", "p99", "requests");
        row(out, "broken, whole class", r.broken());
        row(out, "fixed, whole class", r.fixed());
        row(out, "broken, one client", r.singleBroken());
        row(out, "fixed, one client", r.singleFixed());
        out.printf(
                "broken in class / alone: %.2fx; heap retained per connection: %.0f KiB%n",
                r.brokenSlowdown(), r.heapKiBPerConnection());
    }

    private static void row(PrintWriter out, String name, Summary s) {
        out.printf(
                "%-22s %10s %10s %,9d%n", name, Summary.format(s.medianMs()), Summary.format(s.p99Ms()), s.samples());
    }

    /** Writes the class's figures as evidence for the lab's page. */
    static java.nio.file.Path evidence(Classroom.Result r, String where) {
        return Evidence.named("classroom", "A whole class at once")
                .what(r.students() + " simulated students on " + where + ", each with a broken and a fixed client "
                        + "holding a connection and sending a request at a steady pace; one lone client per mode "
                        + "measured first for comparison.")
                .unit("ms")
                .series("broken, whole class", r.broken())
                .series("fixed, whole class", r.fixed())
                .series("broken, one client", r.singleBroken())
                .series("fixed, one client", r.singleFixed())
                .figure("students", r.students(), "")
                .figure("connections held", r.connectionsHeld(), "")
                .figure("refused", r.refused(), "")
                .figure("errors", r.errors(), "")
                .figure("broken in class / alone (median)", r.brokenSlowdown(), "x")
                .figure("heap per connection", r.heapKiBPerConnection(), "KiB")
                .table(
                        List.of("", "median", "p99"),
                        List.of(
                                List.of(
                                        "broken, class of " + r.students(),
                                        Summary.format(r.broken().medianMs()),
                                        Summary.format(r.broken().p99Ms())),
                                List.of(
                                        "fixed, class of " + r.students(),
                                        Summary.format(r.fixed().medianMs()),
                                        Summary.format(r.fixed().p99Ms()))))
                .write();
    }
}
