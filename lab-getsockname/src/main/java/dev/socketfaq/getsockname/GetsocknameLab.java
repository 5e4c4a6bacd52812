package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} and {@code table} for the classroom, {@code server}/{@code client} for two machines. */
@Command(
        name = "lab-getsockname",
        mixinStandardHelpOptions = true,
        description =
                "The FAQ's \"Local address and port\": a wildcard-bound socket knows its port at once, its address only when connected.",
        subcommands = {
            GetsocknameLab.Demo.class,
            GetsocknameLab.Table.class,
            GetsocknameLab.Server.class,
            GetsocknameLab.Client.class
        })
public final class GetsocknameLab implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new GetsocknameLab(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: demo, table, server or client");
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = {
                "Prints this machine's state table, then asks a server bound to the wildcard address for its callback "
                        + "address through 127.0.0.1 and 127.0.0.2, once per mode.",
                "The wildcard is the lesson, so for the length of the demo (a few seconds) the server's port is open on "
                        + "every address of this machine, other networks' included (and, for milliseconds, the table's sockets: "
                        + "see table --help). It serves loopback peers only: a connection from any other address is closed at "
                        + "once, unread and unanswered. The clients dial loopback only."
            })
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = new PrintWriter(spec.commandLine().getOut(), true); // flushes each line: live output
            out.println("== what a socket knows about its own end (getLocalAddress/getLocalPort = getsockname)");
            StateTable.measure().forEach(r -> out.println(TableText.row(r)));
            out.println();
            out.println("== a server bound to the wildcard tells each client where to call it back");
            if (!Loopback.multipleAddresses())
                out.println("(this OS has one loopback address: the two clients dial the same one)");
            List<CallbackClient.Call> calls = CallbackDemo.run(
                    server -> out.printf(
                            "server listening on %s (every address of this machine; it serves loopback peers only)%n",
                            TableText.text(server)),
                    call -> out.println(TableText.describe(call)));
            return verdict(
                    CallbackDemo.Verdict.of(calls),
                    out,
                    new PrintWriter(spec.commandLine().getErr(), true));
        }
    }

    /** Prints the verdict; exit 1 with an {@code error:} line when the fix was wrong for any client. */
    static int verdict(CallbackDemo.Verdict v, PrintWriter out, PrintWriter err) {
        out.println(TableText.verdict(v));
        if (v.passed()) return Cli.OK;
        err.println("error: " + TableText.failure(v));
        return Cli.FAILURE;
    }

    @Command(
            name = "table",
            mixinStandardHelpOptions = true,
            description = {
                "Prints what a socket knows about its own end, state by state.",
                "The wildcard rows are the lesson, so for a few milliseconds some of the table's sockets are bound to "
                        + "0.0.0.0 and ::, every address of this machine, other networks' included. A listener there accepts "
                        + "only the table's own client, on loopback, and closes any other connection at once, unread; the UDP "
                        + "sockets read nothing. The table dials loopback only; its UDP sockets send one-byte datagrams to "
                        + "receivers of its own there."
            })
    static final class Table implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StateTable.measure().forEach(r -> out.println(TableText.row(r)));
            out.println(TableText.udp(UdpSource.measure(Loopback.other())));
            return Cli.OK;
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description =
                    "Tells clients where to call it back, until Ctrl-C. Binds to loopback unless --bind says otherwise; "
                            + "the lesson needs --bind 0.0.0.0 on a machine with two networks, which serves every network.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--mode",
                defaultValue = "accepted",
                description =
                        "Mode for clients that name none: listening, local-host, accepted (default ${DEFAULT-VALUE}).")
        Mode mode;

        @Option(
                names = "--port",
                defaultValue = "7010",
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
            var out = new PrintWriter(spec.commandLine().getOut(), true);
            var server = CallbackServer.start(
                    new InetSocketAddress(bind, port), mode, !bind.isLoopbackAddress(), out::println);
            out.printf(
                    "listening on %s; clients without a mode are told by '%s'; Ctrl-C to stop%n",
                    TableText.text(server.address()), mode.label());
            Cli.runUntilStopped(server::close);
            return Cli.OK;
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description =
                    "Asks the server where to call it back (each mode, or one) and calls it there. Exit 1 if any call back failed.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "Server address (default ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--port",
                defaultValue = "7010",
                converter = Cli.PortConverter.class,
                description = "Server port (default ${DEFAULT-VALUE}).")
        @Cli.Range(min = 1, max = 65535)
        int port;

        @Option(names = "--mode", description = "Ask for one mode: listening, local-host, accepted (default: each).")
        Mode mode;

        @Option(names = "--results", description = "Print RESULT key=value lines (for scripts and tests).")
        boolean results;

        @Override
        public Integer call() throws Exception {
            var out = new PrintWriter(spec.commandLine().getOut(), true);
            var server = new InetSocketAddress(InetAddress.getByName(host), port);
            boolean allCalledBack = true;
            for (Mode m : mode == null ? Mode.values() : new Mode[] {mode}) {
                var call = CallbackClient.call(server, m);
                out.println(results ? TableText.result(call) : TableText.describe(call));
                allCalledBack &= call.calledBack();
            }
            return allCalledBack ? Cli.OK : Cli.FAILURE;
        }
    }
}
