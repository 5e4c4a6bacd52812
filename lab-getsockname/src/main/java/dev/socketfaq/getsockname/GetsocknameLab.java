package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
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

    /** Accepts "local-host" as well as "LOCAL_HOST". */
    static final class AdvertiseConverter implements CommandLine.ITypeConverter<Advertise> {
        @Override
        public Advertise convert(String value) {
            try {
                return Advertise.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** One line per call, for people. */
    public static String describe(CallbackClient.Call c) {
        return String.format(
                "%-10s %-8s  dialed %-21s  me %-15s  told %-21s  %s",
                c.strategy().label(),
                "(" + c.strategy().kind() + ")",
                text(c.dialed()),
                c.me().getAddress().getHostAddress(),
                text(c.told()),
                c.calledBack()
                        ? (c.toldWhatWasDialed() ? "called back" : "called back, but on an address it never dialed")
                        : "CANNOT CALL BACK: " + c.problem());
    }

    /** One line per call, for tests and scripts: {@code RESULT key=value ... problem=<rest of the line>}. */
    public static String result(CallbackClient.Call c) {
        return "RESULT strategy=" + c.strategy().label() + " dialed=" + text(c.dialed()) + " me="
                + c.me().getAddress().getHostAddress()
                + " told=" + text(c.told()) + " told-what-was-dialed=" + c.toldWhatWasDialed() + " called-back="
                + c.calledBack()
                + (c.calledBack() ? "" : " problem=" + c.problem());
    }

    /** {@code address:port}, or {@code none} where the server told no address. */
    static String text(InetSocketAddress a) {
        if (a == null) return "none";
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = {
                "Prints this machine's state table, then asks a server bound to the wildcard address for its callback "
                        + "address through 127.0.0.1 and 127.0.0.2, once per strategy.",
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
            PrintWriter out = spec.commandLine().getOut();
            out.println("== what a socket knows about its own end (getLocalAddress/getLocalPort = getsockname)");
            StateTable.measure().forEach(r -> out.println(StateTable.format(r)));
            out.flush();

            InetAddress other = StateTable.otherLoopback();
            out.println();
            out.println("== a server bound to the wildcard tells each client where to call it back");
            if (other.equals(StateTable.LOOPBACK))
                out.println("(this OS has one loopback address: the two clients dial the same one)");
            var calls = new ArrayList<CallbackClient.Call>();
            // The wildcard, not loopback, and without --bind: the FAQ's "Local address and port" is about a socket
            // bound
            // to the wildcard, whose address is unknown until a connection picks one, and only such a server shows the
            // broken strategies failing. It is open on every network while the demo runs, so allowRemote = false:
            // CallbackServer closes a connection from any non-loopback address before reading from it.
            try (var server = CallbackServer.start(new InetSocketAddress(0), Advertise.ACCEPTED, false, line -> {})) {
                int port = server.address().getPort();
                out.printf(
                        "server listening on %s (every address of this machine; it serves loopback peers only)%n",
                        text(server.address()));
                for (Advertise a : Advertise.values()) {
                    for (InetAddress dial : List.of(StateTable.LOOPBACK, other)) {
                        var call = CallbackClient.call(new InetSocketAddress(dial, port), a);
                        calls.add(call);
                        out.println(describe(call));
                        out.flush();
                    }
                }
            }
            return verdict(calls, out, spec.commandLine().getErr());
        }
    }

    /**
     * Prints the demo's verdict and returns its exit code: 0 only if the fix (the accepted connection's address)
     * was right for every client, since that is the lab's claim; 1, with an {@code error:} line, if it was not. The
     * broken strategies' count is reported, not judged: with one loopback address (macOS) they can be right.
     */
    static int verdict(List<CallbackClient.Call> calls, PrintWriter out, PrintWriter err) {
        long fixed =
                calls.stream().filter(c -> c.strategy() == Advertise.ACCEPTED).count();
        long right = calls.stream()
                .filter(c -> c.strategy() == Advertise.ACCEPTED && c.calledBack() && c.toldWhatWasDialed())
                .count();
        long wrong = calls.stream()
                .filter(c -> c.strategy() != Advertise.ACCEPTED && !(c.calledBack() && c.toldWhatWasDialed()))
                .count();
        out.printf(
                "verdict: the accepted connection's address was right for %d of %d clients; the broken strategies "
                        + "were wrong for %d of %d%n",
                right, fixed, wrong, calls.size() - fixed);
        out.flush();
        if (fixed > 0 && right == fixed) return Cli.OK;
        err.printf(
                "error: the fix failed: the accepted connection's address was wrong for %d of %d clients%n",
                fixed - right, fixed);
        err.flush();
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
                        + "sockets read nothing. The table dials loopback only and sends no data."
            })
    static final class Table implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StateTable.measure().forEach(r -> out.println(StateTable.format(r)));
            var route = StateTable.udpRoute(StateTable.otherLoopback());
            out.printf(
                    "UDP connect to %s chose source %s and sent %d datagrams%n",
                    StateTable.otherLoopback().getHostAddress(),
                    route.local().getHostAddress(),
                    route.datagramsReceived());
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
                names = "--advertise",
                defaultValue = "accepted",
                converter = AdvertiseConverter.class,
                description =
                        "Default strategy when a client names none: listening, local-host, accepted (default ${DEFAULT-VALUE}).")
        Advertise advertise;

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
            PrintWriter out = spec.commandLine().getOut();
            var server = CallbackServer.start(
                    new InetSocketAddress(bind, port), advertise, !bind.isLoopbackAddress(), line -> {
                        out.println(line);
                        out.flush();
                    });
            out.printf(
                    "listening on %s; clients without a strategy are told by '%s'; Ctrl-C to stop%n",
                    text(server.address()), advertise.label());
            out.flush();
            Cli.runUntilStopped(server::close);
            return Cli.OK;
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description =
                    "Asks the server where to call it back (each strategy, or one) and calls it there. Exit 1 if any call back failed.")
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
        int port;

        @Option(
                names = "--advertise",
                converter = AdvertiseConverter.class,
                description = "Ask for one strategy: listening, local-host, accepted (default: each in turn).")
        Advertise advertise;

        @Option(names = "--results", description = "Print RESULT key=value lines (for scripts and tests).")
        boolean results;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (port == 0)
                throw new CommandLine.ParameterException(spec.commandLine(), "--port 0 is not a server's port");
            var server = new InetSocketAddress(InetAddress.getByName(host), port);
            boolean allCalledBack = true;
            for (Advertise a : advertise == null ? Advertise.values() : new Advertise[] {advertise}) {
                var call = CallbackClient.call(server, a);
                out.println(results ? result(call) : describe(call));
                out.flush();
                allCalledBack &= call.calledBack();
            }
            return allCalledBack ? Cli.OK : Cli.FAILURE;
        }
    }
}
