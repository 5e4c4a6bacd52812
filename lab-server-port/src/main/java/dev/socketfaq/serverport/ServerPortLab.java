package dev.socketfaq.serverport;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Implementation.Kind;
import dev.socketfaq.serverport.broken.OpenDirectory;
import dev.socketfaq.serverport.directory.Access;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} for the classroom; {@code directory}, {@code server}, {@code client} for two machines. */
@Command(
        name = "lab-server-port",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"Server port\": how clients find the server's port; never hijack a well-known port.",
        subcommands = {ServerPortLab.Demo.class, ServerCommand.class, ClientCommand.class, ServerPortLab.Directory.class
        })
public final class ServerPortLab implements Runnable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new ServerPortLab(), args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: demo, server, client or directory");
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = {
                "Runs every mode on this host (loopback only), side by side, and prints a verdict.",
                "The guarded directory's publisher password is generated at start and printed; the demo's servers "
                        + "publish with it, and a stranger without it is refused: insufficientAccessRights (50)."
            })
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--mode", description = "Run only this mode: ${COMPLETION-CANDIDATES}.")
        Mode only;

        @Option(
                names = "--agreed-ports",
                split = ",",
                defaultValue = "27011,27012",
                converter = Cli.PortConverter.class,
                description = "The agreed ports of instances a and b, 1..65535 (default ${DEFAULT-VALUE}).")
        List<Integer> agreedPorts;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (agreedPorts.size() != 2 || agreedPorts.contains(0))
                throw new ParameterException(spec.commandLine(), "--agreed-ports takes two ports, 1..65535");
            List<Mode> modes = only == null ? List.of(Mode.values()) : List.of(only);
            List<String> met = new ArrayList<>();
            List<String> violated = new ArrayList<>();
            try (var host = ServiceHost.start(LOOPBACK, Map.of("a", agreedPorts.get(0), "b", agreedPorts.get(1)))) {
                out.printf(
                        "this host runs a web server at 127.0.0.1:%d (the demo's \"port 80\"),%n",
                        host.web().port());
                for (var directory : List.of(host.openDirectory(), host.guardedDirectory())) {
                    out.printf("  a directory at %s, %s,%n", directory.url(), directory.access());
                }
                out.printf(
                        "  whose publisher's password, generated now and given to the demo's servers, is %s%n",
                        host.publisher().password());
                out.printf(
                        "each mode: two instances (a, b) start, a stranger tries to take a's clients, a client finds each%n");
                for (Mode mode : modes) {
                    out.printf("%s %s (%s):%n", mode.kind().name().toLowerCase(), mode.label(), mode.what());
                    out.flush();
                    var result = host.check(mode, line -> {
                        out.println("    " + line);
                        out.flush();
                    });
                    (result.met() ? met : violated).add(mode.label());
                }
            }
            out.printf("(the demo's directories end with it: ./lab server-port directory runs one you can query)%n");
            if (only == null) {
                out.println("through a firewall that knows only the HTTP port (a model of such intermediaries):");
                Intermediaries.probe(LOOPBACK, line -> out.println("    " + line));
            }
            out.printf(
                    "verdict: %s violate the contract; %s meet it%n",
                    violated.isEmpty() ? "none" : String.join(", ", violated),
                    met.isEmpty() ? "none" : String.join(", ", met));
            List<String> broken = modes.stream()
                    .filter(m -> m.kind() == Kind.BROKEN)
                    .map(Mode::label)
                    .toList();
            return violated.equals(broken) ? Cli.OK : Cli.FAILURE;
        }
    }

    @Command(
            name = "directory",
            mixinStandardHelpOptions = true,
            description = {
                "Runs the LDAP directory servers publish to, until Ctrl-C. Listens on loopback unless --bind says otherwise.",
                "Anyone may read it. Only its publisher may write: give servers the password (server directory "
                        + "--password-file); an anonymous add, modify or delete gets insufficientAccessRights (50), a "
                        + "wrong password invalidCredentials (49). --open lets anyone write: the broken directory."
            })
    static final class Directory implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--port",
                defaultValue = "10389",
                converter = Cli.PortConverter.class,
                description = "LDAP port (default ${DEFAULT-VALUE}).")
        int port;

        @Mixin
        Options.Listen listen;

        @ArgGroup(exclusive = true)
        Writers writers;

        static final class Writers {
            @Option(
                    names = "--password-file",
                    description =
                            "The publisher's password, first line of this file (default: generate one and print it).")
            Path passwordFile;

            @Option(names = "--open", description = "BROKEN: no password; anyone may add, modify and delete entries.")
            boolean open;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            boolean open = writers != null && writers.open;
            Path file = writers == null ? null : writers.passwordFile;
            Publisher publisher =
                    open ? Publisher.ANONYMOUS : file != null ? Publisher.read(file) : Publisher.generate();
            Access access = open ? new OpenDirectory() : new GuardedDirectory(publisher);
            var directory = ServiceDirectory.start(listen.bind, port, access);
            out.printf(
                    "LDAP directory at %s, services under %s (%s); Ctrl-C to stop%n",
                    directory.url(), ServiceDirectory.SERVICES, directory.access());
            if (!open && file == null) {
                out.printf("publisher password (generated): %s%n", publisher.password());
                out.printf(
                        "servers publish with it: printf %%s '%s' > publisher.pw, then "
                                + "./lab server-port server directory --password-file publisher.pw%n",
                        publisher.password());
            } else if (!open) {
                out.printf("servers publish with: ./lab server-port server directory --password-file %s%n", file);
            }
            out.printf("list the published services with: %s%n", directory.ldapsearch());
            out.flush();
            Cli.runUntilStopped(directory::close);
            return Cli.OK;
        }
    }
}
