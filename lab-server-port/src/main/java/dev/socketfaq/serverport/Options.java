package dev.socketfaq.serverport;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.PortHolders;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options and converters the server and client commands share. */
final class Options {
    private Options() {}

    /** An instance name: it appears in reply lines, DNs and URL paths, so it stays plain. */
    static final class InstanceConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Rendezvous.checkInstance(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** "host:port" of a directory clients know: port 1..65535; the host is resolved when the command runs. */
    static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) throw new TypeConversionException("'" + value + "' is not host:port");
            int port = new Cli.PortConverter().convert(value.substring(colon + 1));
            if (port == 0) throw new TypeConversionException("'" + value + "': port 0 is no port a client can know");
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1); // [::1]:10389
            return InetSocketAddress.createUnresolved(host, port);
        }
    }

    /** Where the agreement lives: one of --port and --config. */
    static final class Agreement {
        @Option(
                names = "--port",
                converter = Cli.PortConverter.class,
                description = "The agreed port, 1..65535 (0 would be a random port no client knows: see directory).")
        @Cli.Range(min = 1, max = 65535)
        Integer port;

        @Option(names = "--config", description = "A properties file of instance=port lines both sides read.")
        Path config;
    }

    /** The web server's port: one clients know, standing for 80. */
    static final class HttpPort {
        @Option(
                names = "--http-port",
                defaultValue = "8080",
                converter = Cli.PortConverter.class,
                description = "The web server's port, standing for 80 (default ${DEFAULT-VALUE}; 80 needs root).")
        @Cli.Range(min = 1, max = 65535)
        int httpPort;
    }

    /** The directory's address. */
    static final class DirectoryAddress {
        @Option(
                names = "--directory",
                defaultValue = "127.0.0.1:10389",
                converter = HostPortConverter.class,
                description = "The LDAP directory, host:port (default ${DEFAULT-VALUE}; see the directory command).")
        InetSocketAddress directory;
    }

    /** The instance a command serves or looks for. */
    static final class Instance {
        @Option(
                names = "--instance",
                defaultValue = "a",
                converter = InstanceConverter.class,
                description = "Instance name (default ${DEFAULT-VALUE}).")
        String instance;
    }

    /** Where a server listens. */
    static final class Listen {
        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                converter = Cli.AddressConverter.class,
                description =
                        "Address to listen on (default ${DEFAULT-VALUE}, this machine only); 0.0.0.0 serves others.")
        InetAddress bind;
    }

    /** "Address already in use" alone says neither where nor whose: name both. */
    static BindException taken(InetAddress address, int port, String what, BindException e) {
        String message = e.getMessage();
        return new BindException("cannot listen on " + address.getHostAddress() + ":" + port + " (" + what + "): "
                + message
                + (message != null && message.contains("already in use") ? "; " + PortHolders.describe(port) : ""));
    }
}
