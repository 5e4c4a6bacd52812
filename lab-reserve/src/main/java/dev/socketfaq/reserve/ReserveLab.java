package dev.socketfaq.reserve;

import dev.socketfaq.kit.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: the demo, one claim with a competitor, the port registry, who-holds, the kernel experiments. */
@Command(
        name = "lab-reserve",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"Reserving a port\": only bind() reserves a port.",
        subcommands = {
            ReserveLab.Demo.class,
            ReserveLab.Gap.class,
            RegistryCommands.Claim.class,
            RegistryCommands.Release.class,
            RegistryCommands.ListClaims.class,
            RegistryCommands.Check.class,
            ReserveLab.WhoHoldsPort.class,
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
                spec.commandLine(),
                "missing command: demo, gap, claim, release, list, check, who-holds, serve or kernel");
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Both modes with a competitor in the gap, the registry, who-holds.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReserveDemo.run(spec.commandLine().getOut());
            return Cli.OK;
        }
    }

    @Command(
            name = "gap",
            mixinStandardHelpOptions = true,
            description = "One claim with a competitor handed the port in the gap.")
    static final class Gap implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", defaultValue = "broken", description = "broken or fixed (default: ${DEFAULT-VALUE}).")
        Mode mode;

        @Override
        public Integer call() throws Exception {
            spec.commandLine()
                    .getOut()
                    .println(mode.label() + ": "
                            + CompetitorInTheGap.run(mode.create()).describe());
            return Cli.OK;
        }
    }

    static final class PortOption {
        @Option(names = "--port", required = true, converter = Cli.PortConverter.class, description = "1..65535.")
        @Cli.Range(min = 1, max = 65_535)
        int port;
    }

    @Command(
            name = "who-holds",
            mixinStandardHelpOptions = true,
            description = "Names the process that has the port bound, TCP or UDP (Linux), or says that nobody does "
                    + "(exit 0 either way; exit 1 where it cannot tell).")
    static final class WhoHoldsPort implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PortOption port;

        @Override
        public Integer call() {
            if (!WhoHolds.supported()) throw new UnsupportedOperationException(WhoHolds.describe(port.port));
            spec.commandLine().getOut().println(WhoHolds.describe(port.port));
            return Cli.OK;
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = "Binds a loopback port itself (0: any) and reports it, until killed: how a child process "
                    + "should get its port.")
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", defaultValue = "0", converter = Cli.PortConverter.class, description = "0..65535.")
        int port;

        @Override
        public Integer call() throws Exception {
            try (var ch = ChildPort.listenAndReport(port, spec.commandLine().getOut())) {
                new CountDownLatch(1).await(); // until killed
            }
            return Cli.OK;
        }
    }

    @Command(
            name = "kernel",
            mixinStandardHelpOptions = true,
            description = "Experiments for a network namespace with chosen port settings (run in a container): "
                    + "prints RESULT lines.")
    static final class Kernel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--reserved",
                required = true,
                split = ",",
                converter = Cli.PortConverter.class,
                description = "The ports in ip_local_reserved_ports, comma-separated (each 1..65535); with "
                        + "--os-assigned-only, the ports that would be reserved.")
        List<Integer> reserved;

        @Option(
                names = "--os-assigned-only",
                description = "Only the OS-assigned allocations: the control, where nothing is reserved.")
        boolean osAssignedOnly;

        @Option(names = "--binds", defaultValue = "300", description = "Binds to port 0 (1..100000).")
        @Cli.Range(min = 1, max = 100_000)
        int binds;

        @Option(
                names = "--connects",
                defaultValue = "5",
                description = "Connections without a bind (0..1000; fewer than the range holds).")
        @Cli.Range(min = 0, max = 1_000)
        int connects;

        @Option(names = "--threads", defaultValue = "8", description = "Claimants at once (1..256).")
        @Cli.Range(min = 1, max = 256)
        int threads;

        @Option(names = "--rounds", defaultValue = "40", description = "Times they all claim (1..10000).")
        @Cli.Range(min = 1, max = 10_000)
        int rounds;

        @Override
        public Integer call() throws Exception {
            for (int port : reserved) {
                if (port == 0) { // a list option, so no @Cli.Range; 0 is "any port": nothing to reserve
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--reserved 0 is out of range (1..65535)");
                }
            }
            var settings = new KernelReport.Settings(reserved, osAssignedOnly, binds, connects, threads, rounds);
            KernelReport.run(settings, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return Cli.OK;
        }
    }
}
