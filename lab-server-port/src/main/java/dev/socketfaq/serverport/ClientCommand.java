package dev.socketfaq.serverport;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code client <mode>}: finds an instance the way the subcommand names and asks it the time. */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = "Finds an instance the way the subcommand names and asks it the time.",
        subcommands = {
            ClientCommand.Hijack.class,
            ClientCommand.FixedNumber.class,
            ClientCommand.Agreed.class,
            ClientCommand.Directory.class,
            ClientCommand.Http.class
        })
final class ClientCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing mode: hijack, fixed-number, agreed, directory, http");
    }

    /** Locates, asks once, and checks that the instance asked for is the one that answered. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Options.Instance named;

        abstract Rendezvous rendezvous() throws IOException;

        @Override
        public Integer call() throws Exception {
            Rendezvous.Endpoint endpoint = rendezvous().locate(named.instance);
            String reply = endpoint.ask();
            if (!reply.startsWith("OK " + named.instance + " ")) { // another program on the port, or another instance
                throw new IOException(endpoint.where() + " answers, but not as instance " + named.instance + ": '"
                        + (reply.length() > 40 ? reply.substring(0, 40) + "..." : reply) + "'");
            }
            spec.commandLine().getOut().printf("found %s at %s: %s%n", named.instance, endpoint.where(), reply);
            return Cli.OK;
        }
    }

    /** The server's host, for every mode but directory, which reads it from the entry. */
    abstract static class OnHost extends Base {
        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "The server's host (default ${DEFAULT-VALUE}).")
        String host;

        InetAddress host() throws IOException {
            return InetAddress.getByName(host);
        }
    }

    @Command(name = "hijack", mixinStandardHelpOptions = true, description = "BROKEN: asks on the web server's port.")
    static final class Hijack extends OnHost {
        @Mixin
        Options.HttpPort http;

        @Override
        Rendezvous rendezvous() throws IOException {
            return new HijackedHttpPort(host(), http.httpPort);
        }
    }

    @Command(
            name = "fixed-number",
            mixinStandardHelpOptions = true,
            description = "BROKEN: asks on the port number compiled in (" + FixedPortNumber.PORT + ").")
    static final class FixedNumber extends OnHost {
        @Override
        Rendezvous rendezvous() throws IOException {
            return new FixedPortNumber(host());
        }
    }

    @Command(name = "agreed", mixinStandardHelpOptions = true, description = "FIXED: asks on the agreed port.")
    static final class Agreed extends OnHost {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Options.Agreement agreement;

        @Override
        Rendezvous rendezvous() throws IOException {
            return agreement.config != null
                    ? AgreedPort.load(host(), agreement.config)
                    : new AgreedPort(host(), Map.of(named.instance, agreement.port), "--port");
        }
    }

    @Command(
            name = "directory",
            mixinStandardHelpOptions = true,
            description = "FIXED: reads host and port from the instance's directory entry (anonymously: no password).")
    static final class Directory extends Base {
        @Mixin
        Options.DirectoryAddress where;

        @Override
        Rendezvous rendezvous() throws IOException {
            var directory = new InetSocketAddress(
                    InetAddress.getByName(where.directory.getHostString()), where.directory.getPort());
            // the client side never uses the server's addresses: it reads them from the entry
            return new RandomPortInDirectory(InetAddress.getLoopbackAddress(), directory, Publisher.ANONYMOUS);
        }
    }

    @Command(
            name = "http",
            mixinStandardHelpOptions = true,
            description = "FIXED: GET /time/<instance> on the web server.")
    static final class Http extends OnHost {
        @Mixin
        Options.HttpPort http;

        @Override
        Rendezvous rendezvous() throws IOException {
            return ReuseWebServer.at(URI.create("http://" + host().getHostAddress() + ":" + http.httpPort + "/"));
        }
    }
}
