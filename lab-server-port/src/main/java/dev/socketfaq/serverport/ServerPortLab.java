package dev.socketfaq.serverport;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import dev.socketfaq.serverport.fixed.ServiceDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lab's command line: {@code demo} for the classroom, {@code server}/{@code client}/{@code directory} for two machines. */
@Command(
        name = "lab-server-port",
        mixinStandardHelpOptions = true,
        description = "The FAQ's \"Server port\": how clients find the server's port; never hijack a well-known port.",
        subcommands = {
            ServerPortLab.Demo.class,
            ServerPortLab.Server.class,
            ServerPortLab.Client.class,
            ServerPortLab.Directory.class
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
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: demo, server, client or directory");
    }

    /** The ways of finding the server, as the command line names them. */
    public enum Strategy {
        HIJACK("hijack", "broken"),
        FIXED_NUMBER("fixed-number", "broken"),
        AGREED("agreed", "fixed"),
        DIRECTORY("directory", "fixed"),
        HTTP("http", "fixed");

        final String label;
        final String kind;

        Strategy(String label, String kind) {
            this.label = label;
            this.kind = kind;
        }

        public String label() {
            return label;
        }
    }

    static final class StrategyConverter implements CommandLine.ITypeConverter<Strategy> {
        @Override
        public Strategy convert(String value) {
            for (Strategy s : Strategy.values()) {
                if (s.label.equalsIgnoreCase(value) || s.name().equalsIgnoreCase(value)) return s;
            }
            throw new CommandLine.TypeConversionException(
                    "unknown strategy '" + value + "' (hijack, fixed-number, agreed, directory, http)");
        }
    }

    /**
     * "host:port", for the directory's address. The host is resolved when the command runs, not here: an unknown host
     * is a failure at run time ("unknown host: ..."), as it is for --host, not a usage error.
     */
    static final class HostPortConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) throw new CommandLine.TypeConversionException("'" + value + "' is not host:port");
            int port = new Cli.PortConverter().convert(value.substring(colon + 1));
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1); // [::1]:10389
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** The options both sides need to build the same strategy. */
    static final class StrategyOptions {
        @Option(
                names = "--strategy",
                required = true,
                converter = StrategyConverter.class,
                description =
                        "How clients find the server: hijack, fixed-number (broken); agreed, directory, http (fixed).")
        Strategy strategy;

        @Option(names = "--instance", defaultValue = "a", description = "Instance name (default ${DEFAULT-VALUE}).")
        String instance;

        @Option(names = "--port", converter = Cli.PortConverter.class, description = "agreed: the agreed port.")
        Integer port;

        @Option(
                names = "--config",
                description = "agreed: a properties file of instance=port lines, instead of --port.")
        Path config;

        @Option(
                names = "--http-port",
                defaultValue = "8080",
                converter = Cli.PortConverter.class,
                description =
                        "hijack and http: the web server's port, standing for 80 (default ${DEFAULT-VALUE}; 80 needs root).")
        int httpPort;

        @Option(
                names = "--directory",
                defaultValue = "127.0.0.1:10389",
                converter = HostPortConverter.class,
                description =
                        "directory: the LDAP directory, host:port (default ${DEFAULT-VALUE}; see the directory command).")
        InetSocketAddress directory;

        /**
         * What the parser cannot see: an instance name it can use, and options that belong to another strategy (a
         * --port given to fixed-number would be ignored without a word, and the server would listen elsewhere than
         * the user said). Checked before anything is started.
         */
        void check(CommandSpec spec) {
            try {
                Rendezvous.checkInstance(instance);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--instance: " + e.getMessage());
            }
            var given = spec.commandLine().getParseResult();
            onlyFor(spec, given.hasMatchedOption("--port"), "--port", "agreed", strategy == Strategy.AGREED);
            onlyFor(spec, given.hasMatchedOption("--config"), "--config", "agreed", strategy == Strategy.AGREED);
            onlyFor(
                    spec,
                    given.hasMatchedOption("--http-port"),
                    "--http-port",
                    "hijack and http",
                    strategy == Strategy.HIJACK || strategy == Strategy.HTTP);
            onlyFor(
                    spec,
                    given.hasMatchedOption("--directory"),
                    "--directory",
                    "directory",
                    strategy == Strategy.DIRECTORY);
            if (port != null && config != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--port and --config both give the agreed port: give one");
            }
            if ((strategy == Strategy.HIJACK || strategy == Strategy.HTTP) && httpPort == 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--http-port 0: the web server's port must be a number "
                                + "clients know (it stands for 80): 0 asks the OS for a random one");
            }
            if (strategy == Strategy.DIRECTORY && directory.getPort() == 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--directory " + directory.getHostString()
                                + ":0: the directory's port must be a number clients know (the directory command prints it)");
            }
        }

        private static void onlyFor(CommandSpec spec, boolean given, String option, String strategies, boolean used) {
            if (given && !used) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        option + " is for --strategy " + strategies + ": this strategy would ignore it");
            }
        }

        /** The directory's address, resolved now: an unknown host is one "unknown host" line, exit code 1. */
        InetSocketAddress directory() throws java.net.UnknownHostException {
            return new InetSocketAddress(InetAddress.getByName(directory.getHostString()), directory.getPort());
        }

        Rendezvous build(CommandSpec spec, InetAddress address) throws IOException {
            check(spec);
            return switch (strategy) {
                case HIJACK -> new HijackedHttpPort(address, httpPort);
                case FIXED_NUMBER -> new FixedPortNumber(address);
                case AGREED -> {
                    if (config != null) yield AgreedPort.load(address, config);
                    if (port == null)
                        throw new CommandLine.ParameterException(spec.commandLine(), "agreed needs --port or --config");
                    yield new AgreedPort(address, Map.of(instance, agreed(spec, "--port", port)), "--port");
                }
                case DIRECTORY -> new RandomPortInDirectory(address, directory());
                case HTTP -> ReuseWebServer.at(URI.create("http://" + address.getHostAddress() + ":" + httpPort + "/"));
            };
        }
    }

    /**
     * An agreed port is one both sides were told (FAQ, "Server port"): port 0 would have the server bind a random
     * port that no client knows, and the client connect to a port nothing can listen on.
     */
    static int agreed(CommandSpec spec, String option, int port) {
        if (port == 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    option + " 0: an agreed port must be a number clients know: " + "0 asks the OS for a random one"
                            + (option.equals("--port") ? "; use --strategy directory, which publishes it" : ""));
        }
        return port;
    }

    /**
     * "Address already in use" alone does not say which address, or whose it is: name both, the holder as far as
     * /proc shows it (the kit's PortHolders, as AgreedPort does).
     */
    static BindException taken(InetAddress address, int port, String what, BindException e) {
        String message = e.getMessage();
        return new BindException(
                "cannot listen on " + address.getHostAddress() + ":" + port + " (" + what + "): " + message
                        + (message != null && message.contains("already in use")
                                ? "; " + PortHolders.describe(port)
                                : "")); // not for "Permission denied"
    }

    @Command(
            name = "demo",
            mixinStandardHelpOptions = true,
            description = "Runs every strategy side by side on this host (loopback only) and prints a verdict.")
    static final class Demo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--agreed-ports",
                split = ",",
                defaultValue = "27011,27012",
                converter = Cli.PortConverter.class,
                description = "The agreed ports of instances a and b (default ${DEFAULT-VALUE}).")
        List<Integer> agreedPorts;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (agreedPorts.size() != 2)
                throw new CommandLine.ParameterException(spec.commandLine(), "--agreed-ports takes two ports");
            agreedPorts.forEach(p -> agreed(spec, "--agreed-ports", p));
            try (var web = WebServer.start(new InetSocketAddress(LOOPBACK, 0)); // port 0 stands for 80 here
                    var directory = ServiceDirectory.start(LOOPBACK, 0)) {
                int httpPort = web.port();
                out.printf(
                        "this host runs a web server on 127.0.0.1:%d (the demo's \"port 80\") and an LDAP directory at %s%n",
                        httpPort, directory.url());
                out.printf("the contract: two instances (a, b) of the time service start, and a client finds each%n");
                Map<Strategy, Rendezvous> strategies = Map.of(
                        Strategy.HIJACK, new HijackedHttpPort(LOOPBACK, httpPort),
                        Strategy.FIXED_NUMBER, new FixedPortNumber(LOOPBACK),
                        Strategy.AGREED,
                                new AgreedPort(
                                        LOOPBACK,
                                        Map.of("a", agreedPorts.get(0), "b", agreedPorts.get(1)),
                                        "--agreed-ports"),
                        Strategy.DIRECTORY, new RandomPortInDirectory(LOOPBACK, directory.address()),
                        Strategy.HTTP, ReuseWebServer.on(web));
                List<String> met = new ArrayList<>();
                List<String> violated = new ArrayList<>();
                for (Strategy s : Strategy.values()) {
                    out.printf("%s %s:%n", s.kind, s.label);
                    out.flush();
                    TwoInstances.Result r = TwoInstances.check(s.label, strategies.get(s), line -> {
                        out.println("    " + line);
                        out.flush();
                    });
                    (r.met() ? met : violated).add(s.label);
                    // No ldapsearch line here: the demo's directory is gone before anyone could type one. The
                    // long-running commands print it, while their directory answers.
                    if (s == Strategy.DIRECTORY)
                        out.printf(
                                "    (this directory lives only as long as the demo: to read entries with any LDAP client, "
                                        + "run ./lab server-port directory, which prints the ldapsearch command, and ./lab server-port server --strategy directory)%n");
                }
                firewall(out);
                out.printf(
                        "verdict: %s violate the contract; %s meet it%n",
                        String.join(" and ", violated), String.join(", ", met));
                return violated.equals(List.of("hijack", "fixed-number")) ? Cli.OK : Cli.FAILURE;
            }
        }

        /** The hijacker's hope, "firewalls let port 80 through", against a firewall that checks for HTTP. */
        private static void firewall(PrintWriter out) throws IOException {
            out.println(
                    "through a firewall that passes only HTTP (a model of such firewalls, in front of the HTTP port):");
            try (TimeServer hijacked = new HijackedHttpPort(LOOPBACK, 0).start("a")) {
                out.printf(
                        "    the time service took the HTTP port first (%d); a web server starting now: %s%n",
                        hijacked.port(), webServerStart(hijacked.port()));
                try (var fw = new HttpOnlyFirewall(
                        new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, hijacked.port()))) {
                    out.printf("    TIME through the firewall: %s%n", attempt(() -> TimeProtocol.ask(fw.address())));
                }
            }
            try (var web = WebServer.start(new InetSocketAddress(LOOPBACK, 0));
                    var fw = new HttpOnlyFirewall(new InetSocketAddress(LOOPBACK, 0), web.address());
                    var reuse = ReuseWebServer.on(web).start("a")) {
                var viaFirewall = new ReuseWebServer.HttpEndpoint(
                        URI.create("http://127.0.0.1:" + fw.address().getPort() + "/time/a"));
                out.printf(
                        "    GET /time/a (the service reusing the web server, %s) through the firewall: %s%n",
                        reuse.where(), attempt(viaFirewall::ask));
            }
        }

        private static String webServerStart(int port) {
            try {
                WebServer.start(new InetSocketAddress(LOOPBACK, port)).close();
                return "started";
            } catch (IOException e) {
                return "fails: " + e.getMessage();
            }
        }

        interface Ask {
            String ask() throws IOException;
        }

        private static String attempt(Ask ask) {
            try {
                return "passed: " + ask.ask();
            } catch (IOException e) {
                return "dropped: " + e.getMessage();
            }
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description =
                    "Runs one instance of the time service until Ctrl-C. Listens on loopback unless --bind says otherwise.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StrategyOptions options;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description =
                        "Address to listen on (default ${DEFAULT-VALUE}, this machine only); 0.0.0.0 serves other machines.")
        InetAddress bind;

        @Option(
                names = "--advertise",
                converter = Cli.AddressConverter.class,
                description =
                        "directory: the IP address to publish, which clients connect to; needed with a wildcard --bind "
                                + "(0.0.0.0 or ::), whose own address the server cannot know. A specific --bind publishes itself.")
        InetAddress advertise;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            InetAddress address = bind;
            options.check(spec); // before anything is started
            Rendezvous rendezvous;
            WebServer web = null;
            if (options.strategy == Strategy.DIRECTORY) {
                rendezvous = directory(address);
            } else if (advertise != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--advertise is for --strategy directory: only it publishes an address");
            } else if (options.strategy == Strategy.HTTP) {
                try {
                    web = WebServer.start(new InetSocketAddress(address, options.httpPort));
                } catch (BindException e) {
                    throw taken(address, options.httpPort, "the web server", e);
                }
                rendezvous = ReuseWebServer.on(web);
            } else {
                rendezvous = options.build(spec, address);
            }
            Rendezvous.Running running;
            try {
                running = start(rendezvous, address);
            } catch (Exception e) {
                if (web != null) web.close(); // nothing of a failed start keeps running
                throw e;
            }
            out.printf(
                    "%s %s: instance %s listens at %s; Ctrl-C to stop%n",
                    options.strategy.kind, options.strategy.label, options.instance, running.where());
            if (options.strategy == Strategy.DIRECTORY) {
                // printed here, where the directory has just taken our entry: it answers for as long as it runs
                out.printf("read its entry with: %s%n", ServiceDirectory.ldapsearch(options.directory()));
            }
            out.flush();
            WebServer startedWeb = web;
            Cli.runUntilStopped(() -> {
                try {
                    running.close(); // the directory strategy removes its entry here
                    out.println("stopped " + options.instance);
                } finally {
                    if (startedWeb != null) startedWeb.close();
                    out.flush();
                }
            });
            return Cli.OK;
        }

        private Rendezvous.Running start(Rendezvous rendezvous, InetAddress address) throws IOException {
            try {
                return rendezvous.start(options.instance);
            } catch (AgreedPort.PortTakenException e) {
                throw e; // names the port, where it was agreed and its holder already
            } catch (
                    BindException
                            e) { // the broken strategies fail here, as they should; the message says where and why
                switch (options.strategy) {
                    case HIJACK -> throw taken(address, options.httpPort, "the HTTP port, hijacked", e);
                    case FIXED_NUMBER -> throw taken(address, FixedPortNumber.PORT, "the compiled-in port", e);
                    default -> throw e;
                }
            }
        }

        /**
         * The directory strategy publishes an address, so it must have one to publish: the bound address, or with
         * a wildcard bind the one --advertise gives (FAQ, "Local address and port"; see RandomPortInDirectory).
         */
        private Rendezvous directory(InetAddress address) throws IOException {
            if (address.isAnyLocalAddress() && advertise == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--bind " + address.getHostAddress()
                                + " with --strategy directory needs --advertise <IP address>, the address clients connect to: "
                                + RandomPortInDirectory.WILDCARD_LESSON);
            }
            try {
                return new RandomPortInDirectory(address, advertise, options.directory());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--advertise " + advertise.getHostAddress() + ": " + e.getMessage());
            }
        }
    }

    @Command(
            name = "client",
            mixinStandardHelpOptions = true,
            description = "Finds an instance the strategy's way and asks it the time.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StrategyOptions options;

        @Option(
                names = "--host",
                defaultValue = "127.0.0.1",
                description = "The server's host (default ${DEFAULT-VALUE}); not used by directory.")
        String host;

        @Override
        public Integer call() throws Exception {
            if (options.strategy == Strategy.DIRECTORY
                    && spec.commandLine().getParseResult().hasMatchedOption("--host")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--host is not for --strategy directory: the client reads the host from the directory entry");
            }
            options.check(spec); // a bad option is a usage error before the host is looked up
            Rendezvous.Endpoint endpoint =
                    options.build(spec, InetAddress.getByName(host)).locate(options.instance);
            String reply = endpoint.ask();
            if (!reply.startsWith("OK " + options.instance + " ")) { // another program on the port, or another instance
                throw new IOException(endpoint.where() + " answers, but not as instance " + options.instance + ": '"
                        + (reply.length() > 40 ? reply.substring(0, 40) + "..." : reply) + "'");
            }
            spec.commandLine().getOut().printf("found %s at %s: %s%n", options.instance, endpoint.where(), reply);
            return Cli.OK;
        }
    }

    @Command(
            name = "directory",
            mixinStandardHelpOptions = true,
            description =
                    "Runs the LDAP directory servers publish to, until Ctrl-C. Listens on loopback unless --bind says otherwise.")
    static final class Directory implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--port",
                defaultValue = "10389",
                converter = Cli.PortConverter.class,
                description = "LDAP port (default ${DEFAULT-VALUE}).")
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
            var directory = ServiceDirectory.start(bind, port);
            out.printf(
                    "LDAP directory at %s, services under %s; Ctrl-C to stop%n",
                    directory.url(), ServiceDirectory.SERVICES);
            out.printf("list the published services with: %s%n", directory.ldapsearch());
            out.flush();
            Cli.runUntilStopped(directory::close);
            return Cli.OK;
        }
    }
}
