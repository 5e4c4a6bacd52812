package dev.socketfaq.serverport;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code server <mode>}: one instance of the time service until Ctrl-C, on loopback unless --bind says otherwise. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Runs one instance of the time service until Ctrl-C, made findable the way the subcommand names.",
        subcommands = {
            ServerCommand.Hijack.class,
            ServerCommand.FixedNumber.class,
            ServerCommand.Agreed.class,
            ServerCommand.Directory.class,
            ServerCommand.Http.class
        })
final class ServerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing mode: hijack, fixed-number, agreed, directory, http");
    }

    /** Starts the instance, prints where it listens, and stops it (and what it published) on Ctrl-C. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Options.Instance named;

        @Mixin
        Options.Listen listen;

        abstract Rendezvous rendezvous() throws IOException;

        /** A failed bind, saying which address and whose it is. */
        BindException taken(BindException e) {
            return e;
        }

        void started(PrintWriter out) throws IOException {}

        void stopped() {}

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Rendezvous.Running running;
            try {
                running = rendezvous().start(named.instance);
            } catch (AgreedPort.PortTakenException e) {
                throw e; // names the port, where it was agreed and its holder already
            } catch (BindException e) {
                stopped();
                throw taken(e);
            } catch (IOException | RuntimeException e) {
                stopped();
                throw e;
            }
            out.printf("%s: instance %s listens at %s; Ctrl-C to stop%n", spec.name(), named.instance, running.where());
            started(out);
            out.flush();
            Cli.runUntilStopped(() -> {
                try (running) { // the directory mode removes its entry here
                    out.println("stopped " + named.instance);
                } finally {
                    stopped();
                    out.flush();
                }
            });
            return Cli.OK;
        }
    }

    @Command(
            name = "hijack",
            mixinStandardHelpOptions = true,
            description = "BROKEN: listens on the web server's port, for a protocol that is not HTTP.")
    static final class Hijack extends Base {
        @Mixin
        Options.HttpPort http;

        @Override
        Rendezvous rendezvous() {
            return new HijackedHttpPort(listen.bind, http.httpPort);
        }

        @Override
        BindException taken(BindException e) {
            return Options.taken(listen.bind, http.httpPort, "the HTTP port, hijacked", e);
        }
    }

    @Command(
            name = "fixed-number",
            mixinStandardHelpOptions = true,
            description = "BROKEN: listens on the port number compiled in (" + FixedPortNumber.PORT + ").")
    static final class FixedNumber extends Base {
        @Override
        Rendezvous rendezvous() {
            return new FixedPortNumber(listen.bind);
        }

        @Override
        BindException taken(BindException e) {
            return Options.taken(listen.bind, FixedPortNumber.PORT, "the compiled-in port", e);
        }
    }

    @Command(
            name = "agreed",
            mixinStandardHelpOptions = true,
            description = "FIXED: listens on the port agreed out of band (--port, or --config both sides read).")
    static final class Agreed extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Options.Agreement agreement;

        @Override
        Rendezvous rendezvous() throws IOException {
            return agreement.config != null
                    ? AgreedPort.load(listen.bind, agreement.config)
                    : new AgreedPort(listen.bind, Map.of(named.instance, agreement.port), "--port");
        }
    }

    @Command(
            name = "directory",
            mixinStandardHelpOptions = true,
            description = {
                "FIXED: binds port 0 and publishes the port it got in the LDAP directory, as its publisher.",
                "The publisher's password comes out of band: the directory command prints the one it generated, or the "
                        + "instructor hands out the file. Without --password-file the server publishes anonymously, "
                        + "which a guarded directory refuses: insufficientAccessRights (50); a wrong password: "
                        + "invalidCredentials (49)."
            })
    static final class Directory extends Base {
        @Mixin
        Options.DirectoryAddress where;

        @Option(
                names = "--password-file",
                description = "A file whose first line is the directory publisher's password.")
        Path passwordFile;

        @Option(
                names = "--advertise",
                converter = Cli.AddressConverter.class,
                description = "The IP address to publish, which clients connect to; needed with a wildcard --bind.")
        InetAddress advertise;

        @Override
        Rendezvous rendezvous() throws IOException {
            if (listen.bind.isAnyLocalAddress() && advertise == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--bind " + listen.bind.getHostAddress()
                                + " needs --advertise <IP address>, the address clients connect to: "
                                + RandomPortInDirectory.WILDCARD_LESSON);
            }
            Publisher publisher = passwordFile == null ? Publisher.ANONYMOUS : Publisher.read(passwordFile);
            try {
                return new RandomPortInDirectory(
                        listen.bind, advertise == null ? listen.bind : advertise, directory(), publisher);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "--advertise " + advertise.getHostAddress() + ": " + e.getMessage());
            }
        }

        InetSocketAddress directory() throws IOException {
            return new InetSocketAddress(
                    InetAddress.getByName(where.directory.getHostString()), where.directory.getPort());
        }

        @Override
        void started(PrintWriter out) throws IOException {
            out.printf("read its entry with: %s%n", ServiceDirectory.ldapsearch(directory()));
        }
    }

    @Command(
            name = "http",
            mixinStandardHelpOptions = true,
            description = "FIXED: starts a web server and offers the service as GET /time/<instance> on it.")
    static final class Http extends Base {
        @Mixin
        Options.HttpPort http;

        WebServer web;

        @Override
        Rendezvous rendezvous() throws IOException {
            try {
                web = WebServer.start(new InetSocketAddress(listen.bind, http.httpPort));
            } catch (BindException e) {
                throw Options.taken(listen.bind, http.httpPort, "the web server", e);
            }
            return ReuseWebServer.on(web);
        }

        @Override
        void stopped() {
            if (web != null) web.close();
        }
    }
}
