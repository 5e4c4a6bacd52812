package dev.socketfaq.select;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo}, {@code server}/{@code client} for two machines, {@code bench}. */
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

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Clients stream a reply; the stop is pressed mid-stream, once per mode; prints what each "
                    + "mode delivered, how long it took, and a verdict.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Cli.Range(min = 1, max = 32)
        @Option(names = "--clients", defaultValue = "4", description = "Clients streaming at the stop, 1..32.")
        int clients;

        @Cli.Range(min = 1 << 20, max = StoppableServer.MAX_REQUEST)
        @Option(names = "--bytes", defaultValue = "8388608", description = "Bytes owed to each client, 1..64 MiB.")
        int bytes;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%d %s %,d bytes; the stop is pressed once every client has received a quarter%n",
                    clients, clients == 1 ? "client streams" : "clients each stream", bytes);
            out.printf("selector provider: %s%n", PlatformSelector.name());
            out.println(StopExperiment.everyMode(clients, bytes, out::println));
            return Cli.OK;
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Serves owed bytes until Ctrl-C or SIGTERM, which asks the loop to stop through a shutdown "
                    + "hook. Binds to loopback unless --bind says otherwise. The selector loops (every mode but "
                    + "interrupt) close a connection silent for the idle limit: nothing sent, nothing read.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", defaultValue = "wakeup", description = "How the stop reaches the loop.")
        Mode mode;

        @Option(
                names = "--port",
                defaultValue = "7008",
                converter = Cli.PortConverter.class,
                description = "0 picks any.")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description = "Address to listen on: the default serves this machine only, 0.0.0.0 others.")
        InetAddress bind;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StoppableServer server = mode.create(new InetSocketAddress(bind, port));
            var stopped = SignalStop.install(server, out);
            out.printf("listening on %s (%s); Ctrl-C to stop%n", server.address(), mode.label());
            stopped.await(); // never returns normally: the JVM is exiting when the hook has run
            return Cli.OK;
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Asks a server for bytes, waits, then reads: stop the server meanwhile and see what arrives.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host.")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7008",
                converter = Cli.PortConverter.class,
                description = "Server port.")
        int port;

        @Cli.Range(min = 1, max = StoppableServer.MAX_REQUEST)
        @Option(names = "--bytes", defaultValue = "8388608", description = "Bytes to ask for, 1..64 MiB.")
        int bytes;

        @Option(
                names = "--read-after",
                defaultValue = "5s",
                converter = DurationOption.ReadAfter.class,
                description = "How long to leave the reply in flight before reading, up to 1h: 500ms, 5s, 2m. A "
                        + "selector loop closes a connection silent for its idle limit: wait longer and the reply "
                        + "is cut short.")
        Duration readAfter;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (var client = OwedClient.request(new InetSocketAddress(host, port), bytes)) {
                out.printf(
                        "asked for %,d bytes; reading in %d ms (stop the server now to see what arrives)%n",
                        bytes, readAfter.toMillis());
                LockSupport.parkNanos(readAfter.toNanos()); // the demo's pause for the audience, not synchronisation
                long received = client.readUntilClosed();
                out.printf(
                        "received %,d of %,d bytes%s%n",
                        received, bytes, received < bytes ? ": LOST " + (bytes - received) : "");
                return received == bytes ? Cli.OK : Cli.FAILURE;
            }
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Stop latency on loopback with clients connected: wakeup and self-pipe against a polling "
                    + "loop, after warm-up, in alternating rounds (HdrHistogram); writes target/evidence/benchmark.json. "
                    + "Exit 1 if a fix's median is not under 1 ms or not 100 times faster than polling.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Cli.Range(min = 1, max = 1_000)
        @Option(names = "--clients", defaultValue = "100", description = "Clients connected at each stop, 1..1000.")
        int clients;

        @Cli.Range(min = 1, max = 100)
        @Option(names = "--rounds", defaultValue = "10", description = "Rounds (--stops per fix, one polling), 1..100.")
        int rounds;

        @Cli.Range(min = 1, max = 1_000)
        @Option(names = "--stops", defaultValue = "10", description = "Measured stops per fix per round, 1..1000.")
        int stops;

        @Cli.Range(min = 0, max = 10_000)
        @Option(names = "--warmup", defaultValue = "30", description = "Unmeasured stops per fix first, 0..10000.")
        int warmup;

        @Option(
                names = "--poll",
                defaultValue = "1s",
                converter = DurationOption.Poll.class,
                description = "Poll interval, 10ms..10s.")
        Duration poll;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var plan = new StopBenchmark.Plan(clients, warmup, rounds, stops, poll);
            StopBenchmark.Result r = StopBenchmark.run(plan, out::println);
            StopBenchmark.table(r).forEach(out::println);
            out.println("evidence: " + StopBenchmark.writeEvidence(r));
            out.println(StopBenchmark.verdict(r));
            return r.meetsBars() ? Cli.OK : Cli.FAILURE;
        }
    }
}
