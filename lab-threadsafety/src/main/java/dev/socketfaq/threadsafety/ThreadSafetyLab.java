package dev.socketfaq.threadsafety;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.threadsafety.stream.Benchmark;
import dev.socketfaq.threadsafety.stream.Mode;
import dev.socketfaq.threadsafety.stream.SharedStreamClient;
import dev.socketfaq.threadsafety.stream.TallyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} for the classroom, {@code server}/{@code client} for two machines, {@code bench}. */
@Command(
        name = "lab-threadsafety",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"Sockets thread-safety\": stream, handle and completions.",
        subcommands = {
            ThreadSafetyLab.Demo.class,
            ThreadSafetyLab.Server.class,
            ThreadSafetyLab.Client.class,
            ThreadSafetyLab.Bench.class
        })
public final class ThreadSafetyLab implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new ThreadSafetyLab(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: demo, server, client or bench");
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Stream, handle and completions, broken vs fixed.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StreamLoad load;

        @Override
        public Integer call() throws Exception {
            ClassroomDemo.run(spec.commandLine().getOut(), load.threads, load.messages, load.scheduling());
            return Cli.OK;
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description = "Counts intact and corrupt messages per connection until stopped. "
                    + "Binds to loopback unless --bind says otherwise.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--port",
                defaultValue = "7009",
                converter = Cli.PortConverter.class,
                description = "Port, 0 for any (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description = "Address to listen on (default ${DEFAULT-VALUE}); 0.0.0.0 serves other machines.")
        InetAddress bind;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var server = TallyServer.start(new InetSocketAddress(bind, port), line -> {
                out.println(line);
                out.flush();
            });
            out.printf("listening on %s; Ctrl-C to stop%n", server.address());
            out.flush();
            Cli.runUntilStopped(server::close);
            return Cli.OK;
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description = "Sends messages from several threads over one connection.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", required = true, description = "unsynchronized, locked or single-writer.")
        Mode mode;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7009",
                converter = Cli.PortConverter.class,
                description = "Server port (default ${DEFAULT-VALUE}).")
        int port;

        @Mixin
        StreamLoad load;

        @Override
        public Integer call() throws Exception {
            var server = new InetSocketAddress(host, port);
            int sent = SharedStreamClient.send(server, mode, load.threads, load.messages, load.scheduling());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "sent %d messages from %d threads (%s); the server reports what arrived%n",
                            sent, load.threads, mode.label());
            return Cli.OK;
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description = "Frames/s of unsynchronized, locked and single-writer through one loopback connection, "
                    + "medians over alternating rounds after warm-up, written to target/evidence/benchmark.json. "
                    + "Exit 1 if a fix gets less than 80%% of the unsynchronised writer's frames/s.")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--threads", defaultValue = "4", description = "Writer threads (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 1, max = 64)
        int threads;

        @Option(
                names = "--messages",
                defaultValue = "5000",
                description = "Messages per thread per round (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 1, max = 1_000_000)
        int messages;

        @Option(names = "--rounds", defaultValue = "11", description = "Measured rounds (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 1, max = 1000)
        int rounds;

        @Option(names = "--warmup", defaultValue = "3", description = "Warm-up rounds (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 0, max = 1000)
        int warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%d writer threads x %d messages of 3 parts per round; %d warm-up + %d measured rounds per mode%n",
                    threads, messages, warmup, rounds);
            Benchmark.Report report = Benchmark.run(threads, messages, rounds, warmup, tick -> {
                out.print((char) tick);
                out.flush();
            });
            out.printf("%n%-16s %14s %14s %14s%n", "", "median fr/s", "min fr/s", "max fr/s");
            report.figures()
                    .forEach((m, f) ->
                            out.printf("%-16s %14.0f %14.0f %14.0f%n", m.label(), f.median(), f.min(), f.max()));
            out.printf(
                    "verdict: locked %.0f%%, single-writer %.0f%% of the unsynchronised writer's frames/s"
                            + " (at least %.0f%% each): %s%nevidence: %s%n",
                    report.locked() * 100,
                    report.singleWriter() * 100,
                    Benchmark.LEAST_SHARE * 100,
                    report.cheap() ? "correct framing costs little" : "a fix costs more than that",
                    report.evidence());
            out.flush();
            if (!report.cheap()) throw new IOException("a fix got less than 80% of the unsynchronised frames/s");
            return Cli.OK;
        }
    }
}
