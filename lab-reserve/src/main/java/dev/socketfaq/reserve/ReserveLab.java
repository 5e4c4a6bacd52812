package dev.socketfaq.reserve;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.reserve.broken.ProbeThenBind;
import dev.socketfaq.reserve.fixed.KeepWhatYouBound;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: the demo, the port registry, who-holds, and the experiments run inside a namespace. */
@Command(
        name = "lab-reserve",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"Reserving a port\": only bind() reserves a port.",
        subcommands = {
            ReserveLab.Demo.class,
            ReserveLab.Claim.class,
            ReserveLab.Release.class,
            ReserveLab.ListClaims.class,
            ReserveLab.Check.class,
            ReserveLab.WhoHolds.class,
            ReserveLab.Serve.class,
            ReserveLab.Kernel.class
        })
public final class ReserveLab implements Runnable {
    static final Path DEFAULT_REGISTRY = Path.of(System.getProperty("user.home"), ".socketfaq", "ports.registry");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new ReserveLab(), args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: demo, claim, release, list, check, who-holds, serve or kernel");
    }

    /** A claimer, with a competitor that binds the chosen port in the gap: what happens to the claimer? */
    public static String withCompetitor(PortClaimer claimer) throws IOException {
        var competitor = ServerSocketChannel.open();
        try (competitor) {
            try (ServerSocketChannel ours = claimer.claim(port -> {
                try {
                    competitor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                } catch (IOException e) {
                    // the port is held: the competitor cannot take it
                }
            })) {
                return "got port " + ((InetSocketAddress) ours.getLocalAddress()).getPort()
                        + (competitor.getLocalAddress() == null ? "; the competitor could not take it" : "");
            } catch (IOException e) {
                return "bind failed: " + e.getMessage() + " (the competitor took port "
                        + ((InetSocketAddress) competitor.getLocalAddress()).getPort() + " in the gap)";
            }
        }
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Probe-then-bind vs keep-what-you-bound, the registry, who-holds.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.println("a competitor binds the chosen port between 'find a free port' and its use:");
            out.println("  broken probe-then-bind:    " + withCompetitor(new ProbeThenBind()));
            out.println("  fixed  keep-what-you-bound: " + withCompetitor(new KeepWhatYouBound()));
            Path dir = Files.createTempDirectory("port-registry");
            try {
                var registry = new PortRegistry(dir.resolve("ports.registry"));
                registry.claim(8080, "apache");
                out.println("registry: apache claims 8080; our server asks for 8080:");
                try {
                    registry.claim(8080, "our-server");
                } catch (PortRegistry.PortReservedException e) {
                    out.println("  " + e.getMessage());
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) Files.delete(p);
                }
                Files.delete(dir);
            }
            try (var held = ServerSocketChannel.open()) {
                held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = ((InetSocketAddress) held.getLocalAddress()).getPort();
                out.println("who holds the port this demo just bound? " + PortHolders.describe(port));
            }
            return Cli.OK;
        }
    }

    static final class RegistryOptions {
        @Option(names = "--registry", description = "Registry file (default ~/.socketfaq/ports.registry).")
        Path file = DEFAULT_REGISTRY;
    }

    @Command(
            name = "claim",
            mixinStandardHelpOptions = true,
            description = "Claims a port for an owner before anyone binds it.")
    static final class Claim implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        RegistryOptions registry;

        @Option(names = "--port", required = true, converter = Cli.PortConverter.class)
        int port;

        @Option(names = "--owner", required = true)
        String owner;

        @Override
        public Integer call() throws Exception {
            usage(spec, () -> PortRegistry.checkPort(port));
            usage(spec, () -> PortRegistry.checkOwner(owner));
            var err = spec.commandLine().getErr();
            var c = new PortRegistry(registry.file, waiting -> {
                        err.println(waiting); // a claim that seems to hang says why: another claimant holds the lock
                        err.flush();
                    })
                    .claim(port, owner);
            spec.commandLine()
                    .getOut()
                    .printf("port %d is reserved by %s (since %s)%n", c.port(), c.owner(), c.since());
            return Cli.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Releases an owner's claim on a port.")
    static final class Release implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        RegistryOptions registry;

        @Option(names = "--port", required = true, converter = Cli.PortConverter.class)
        int port;

        @Option(names = "--owner", required = true)
        String owner;

        @Override
        public Integer call() throws Exception {
            usage(spec, () -> PortRegistry.checkPort(port));
            usage(spec, () -> PortRegistry.checkOwner(owner));
            if (!new PortRegistry(registry.file).release(port, owner)) {
                throw new IOException(owner + " holds no claim on port " + port);
            }
            spec.commandLine().getOut().printf("released port %d (%s)%n", port, owner);
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the claims.")
    static final class ListClaims implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        RegistryOptions registry;

        @Override
        public Integer call() throws Exception {
            List<PortRegistry.Claim> claims = new PortRegistry(registry.file).list();
            for (var c : claims)
                spec.commandLine().getOut().printf("%5d  %-20s since %s%n", c.port(), c.owner(), c.since());
            if (claims.isEmpty()) spec.commandLine().getOut().println("no claims in " + registry.file);
            return Cli.OK;
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "The configuration check before binding: exit 0 if no one claimed the port in the registry, "
                    + "1 naming the owner if someone did; either way, says who holds the port now.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        RegistryOptions registry;

        @Option(names = "--port", required = true, converter = Cli.PortConverter.class, description = "1..65535.")
        int port;

        @Override
        public Integer call() throws Exception {
            usage(spec, () -> PortRegistry.checkPort(port));
            // tag::check[]
            var claim = new PortRegistry(registry.file).check(port); // reads only: creates no registry
            String now = PortHolders.describe(port); // a claim is a promise; what is bound is another matter
            if (claim.isPresent()) throw new IOException(PortRegistry.reserved(claim.get()) + "; " + now);
            spec.commandLine()
                    .getOut()
                    .println("port " + port + " is free in the registry " + registry.file + "; " + now);
            // end::check[]
            return Cli.OK;
        }
    }

    @Command(
            name = "who-holds",
            mixinStandardHelpOptions = true,
            description =
                    "Names the process that has a TCP port bound (Linux), or says that nobody does (exit 0 either way).")
    static final class WhoHolds implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", required = true, converter = Cli.PortConverter.class, description = "1..65535.")
        int port;

        @Override
        public Integer call() throws Exception {
            if (port == 0) { // to bind, 0 means "any port"; no socket is bound to port 0, so asking is a mistake
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "port 0 is out of range (1..65535): 0 means 'any port' when binding, and nobody holds it");
            }
            if (!PortHolders.supported()) throw new UnsupportedOperationException(PortHolders.describe(port));
            // "nobody holds port N" is an answer, like list's "no claims": exit 0, as the page shows. Exit 1 stays for
            // a question that could not be answered (not Linux), with its error: line.
            spec.commandLine().getOut().println(PortHolders.describe(port));
            return Cli.OK;
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description =
                    "Binds a port itself (0: any) and reports it: how a parent should get a port for a child process. Binds loopback.")
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", defaultValue = "0", converter = Cli.PortConverter.class)
        int port;

        @Override
        public Integer call() throws Exception {
            try (var ch = ServerSocketChannel.open()) {
                // tag::child-reports[]
                ch.bind(new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), port)); // the child binds port 0 itself...
                spec.commandLine()
                        .getOut()
                        .println("listening on " + ch.getLocalAddress()); // ...and reports what it got
                // end::child-reports[]
                spec.commandLine().getOut().flush();
                new CountDownLatch(1).await(); // until killed
            } catch (BindException e) {
                // "Address already in use" alone names neither the port nor who took it
                throw new IOException(
                        "cannot listen on port " + port + ": " + e.getMessage()
                                + (port == 0 ? "" : "; " + PortHolders.describe(port)),
                        e);
            }
            return Cli.OK;
        }
    }

    @Command(
            name = "kernel",
            mixinStandardHelpOptions = true,
            description =
                    "Experiments for a network namespace with chosen port settings (run in a container): prints RESULT lines.")
    static final class Kernel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--reserved",
                required = true,
                split = ",",
                converter = Cli.PortConverter.class,
                description =
                        "The ports in ip_local_reserved_ports, comma-separated (each 1..65535); with --os-assigned-only, "
                                + "the ports that would be reserved.")
        List<Integer> reserved;

        @Option(
                names = "--os-assigned-only",
                description = "Only the OS-assigned allocations: the control, run where the ports are not reserved.")
        boolean osAssignedOnly;

        @Option(names = "--binds", defaultValue = "300", description = "Binds to port 0 (1..100000).")
        int binds;

        @Option(
                names = "--connects",
                defaultValue = "5",
                description = "Connections without a bind (0..1000; keep below the range's size).")
        int connects;

        @Option(names = "--threads", defaultValue = "8", description = "Claimants at once (1..256).")
        int threads;

        @Option(names = "--rounds", defaultValue = "40", description = "Times they all claim (1..10000).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            // All checked before the first experiment: a bad number is a usage error, not a failure halfway through
            // (--threads 0 used to print two RESULT lines and then "error: IllegalArgumentException"). The upper
            // bounds keep a typo from starting a million threads or sockets.
            for (int port : reserved)
                inRange(spec, "--reserved", port, 1, 65_535); // 0 is "any port": nothing to reserve
            inRange(spec, "--binds", binds, 1, 100_000);
            inRange(spec, "--connects", connects, 0, 1_000);
            inRange(spec, "--threads", threads, 1, 256);
            inRange(spec, "--rounds", rounds, 1, 10_000);
            PrintWriter out = spec.commandLine().getOut();
            // which namespace this is: the one with the reservation, or the control without it (same range, same
            // allocations)
            out.printf(
                    "RESULT port-range=%s reserved-setting=%s%n",
                    KernelExperiments.portRange(), KernelExperiments.reservedPorts());
            KernelExperiments.OsAssigned assigned = KernelExperiments.osAssignedPorts(binds, connects);
            List<Integer> ports = assigned.all();
            out.printf(
                    "RESULT os-assigned=%d reserved-hits=%d min=%d max=%d distinct=%s%n",
                    ports.size(),
                    hits(ports, reserved),
                    ports.stream().mapToInt(Integer::intValue).min().orElse(-1),
                    ports.stream().mapToInt(Integer::intValue).max().orElse(-1),
                    ports.stream()
                            .distinct()
                            .sorted()
                            .map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(",")));
            // which parity each kind got (Linux gives bind(0) and connect() different ones, so they compete less), and
            // how often each kind got one of the --reserved ports: in all, and port by port
            out.printf(
                    "RESULT bind0=%d bind0-odd=%d bind0-hits=%d connect=%d connect-odd=%d connect-hits=%d%n",
                    assigned.bound().size(),
                    assigned.bound().stream().filter(p -> p % 2 == 1).count(),
                    hits(assigned.bound(), reserved),
                    assigned.connected().size(),
                    assigned.connected().stream().filter(p -> p % 2 == 1).count(),
                    hits(assigned.connected(), reserved));
            for (int port : reserved) {
                out.printf(
                        "RESULT port-%d-bind0-hits=%d port-%d-connect-hits=%d%n",
                        port, hits(assigned.bound(), List.of(port)), port, hits(assigned.connected(), List.of(port)));
            }
            if (osAssignedOnly) {
                out.flush();
                return Cli.OK;
            }
            int inProcess = 5;
            int ok = 0;
            for (int port : reserved) ok += KernelExperiments.explicitBinds(port, inProcess);
            List<String> other = KernelExperiments.explicitBindFromAnotherProcess(reserved);
            long otherOk = other.stream().filter(l -> l.startsWith("bound ")).count();
            out.printf(
                    "RESULT explicit-binds=%d explicit-binds-ok=%d other-process-binds=%d other-process-binds-ok=%d%n",
                    (inProcess + 1) * reserved.size(), ok + otherOk, reserved.size(), otherOk);
            out.println("the other process: " + String.join("; ", other));
            out.printf(
                    "RESULT collisions-broken=%d collisions-fixed=%d claims=%d%n",
                    KernelExperiments.collisions(new ProbeThenBind(), threads, rounds),
                    KernelExperiments.collisions(new KeepWhatYouBound(), threads, rounds),
                    threads * rounds);
            KernelExperiments.Exhaustion e = KernelExperiments.exhaustEphemeralPorts(1000);
            out.printf("RESULT exhausted-after=%d error=%s%n", e.connections(), e.error());
            out.flush();
            return Cli.OK;
        }

        private static long hits(List<Integer> assigned, List<Integer> ports) {
            return assigned.stream().filter(ports::contains).count();
        }
    }

    private static void inRange(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " " + value + " is out of range (" + min + ".." + max + ")");
        }
    }

    private static void usage(CommandSpec spec, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
