package dev.socketfaq.reserve;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.reserve.ReserveLab.PortOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The registry's commands (claim, release, list, check), subcommands of {@link ReserveLab}: they parse and print. */
final class RegistryCommands {
    private RegistryCommands() {}

    static final class RegistryOptions {
        @Option(names = "--registry", description = "Registry file (default ~/.socketfaq/ports.registry).")
        Path file = ReserveLab.DEFAULT_REGISTRY;
    }

    static final class OwnerOption {
        @Option(names = "--owner", required = true, description = "A name on one line.")
        String owner;

        String checked(CommandSpec spec) {
            try {
                RegistryFile.checkOwner(owner);
                return owner;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(
            name = "claim",
            mixinStandardHelpOptions = true,
            description = "Claims a port for an owner before anyone binds it.")
    static final class Claim implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RegistryOptions registry;

        @Mixin
        PortOption port;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() throws Exception {
            String name = owner.checked(spec);
            var err = spec.commandLine().getErr();
            var c = new PortRegistry(registry.file, waiting -> {
                        err.println(waiting); // a claim that seems to hang says why: another claimant holds the lock
                        err.flush();
                    })
                    .claim(port.port, name);
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

        @Mixin
        RegistryOptions registry;

        @Mixin
        PortOption port;

        @Mixin
        OwnerOption owner;

        @Override
        public Integer call() throws Exception {
            String name = owner.checked(spec);
            if (!new PortRegistry(registry.file).release(port.port, name)) {
                throw new IOException(name + " holds no claim on port " + port.port);
            }
            spec.commandLine().getOut().printf("released port %d (%s)%n", port.port, name);
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the claims.")
    static final class ListClaims implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
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

        @Mixin
        RegistryOptions registry;

        @Mixin
        PortOption port;

        @Override
        public Integer call() throws Exception {
            var claim = new PortRegistry(registry.file).check(port.port); // reads only: creates no registry
            String now = WhoHolds.describe(port.port); // a claim is a promise; what is bound is another matter
            if (claim.isPresent()) throw new IOException(PortRegistry.reserved(claim.get()) + "; " + now);
            spec.commandLine()
                    .getOut()
                    .println("port " + port.port + " is free in the registry " + registry.file + "; " + now);
            return Cli.OK;
        }
    }
}
