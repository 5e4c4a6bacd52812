package dev.socketfaq.serverport.fixed;

import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TcpEndpoint;
import dev.socketfaq.serverport.TimeServer;
import java.io.IOException;
import java.io.Reader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

// tag::class[]
/**
 * FIXED (FAQ, "Server port": use an agreed-upon port): the port comes from configuration that server and
 * clients share, outside the protocol (here a properties file {@code <instance>=<port>}, or a --port option),
 * so two instances simply get two ports and an administrator can move either. A collision is still possible,
 * so a taken port is reported with the number, where it was agreed, and who holds it.
 */
public final class AgreedPort implements Rendezvous {
    private final InetAddress address;
    private final Map<String, Integer> ports;
    private final String source;

    /** {@code ports}: instance name to port; {@code source} says where the agreement lives (for messages). */
    public AgreedPort(InetAddress address, Map<String, Integer> ports, String source) {
        this.address = address;
        this.ports = Map.copyOf(ports);
        this.source = source;
    }

    /** Reads {@code instance=port} lines from a properties file. */
    public static AgreedPort load(InetAddress address, Path file) throws IOException {
        var props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (NoSuchFileException e) { // its message is the bare path: say what was being read, and why it failed
            throw new IOException("cannot read agreed ports from " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read agreed ports from " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot read agreed ports from " + file + ": " + e.getMessage(), e);
        }
        Map<String, Integer> ports = new TreeMap<>();
        for (String instance : props.stringPropertyNames()) {
            String value = props.getProperty(instance).strip();
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) throw new NumberFormatException();
                ports.put(Rendezvous.checkInstance(instance), port);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": '" + instance + "=" + value + "' is not a port (1..65535)");
            }
        }
        return new AgreedPort(address, ports, file.toString());
    }

    int portOf(String instance) {
        Integer port = ports.get(instance);
        if (port == null)
            throw new IllegalArgumentException("no port agreed for instance '" + instance + "' in " + source);
        return port;
    }

    @Override
    public TimeServer start(String instance) throws IOException {
        // tag::lesson[]
        int port = portOf(instance); // from the configuration both sides read
        // end::lesson[]
        var listener = new ServerSocket();
        try {
            // tag::lesson[]
            listener.bind(new InetSocketAddress(address, port)); // can still collide: then say who holds it
            // end::lesson[]
            return TimeServer.serve(listener, instance);
        } catch (BindException e) {
            listener.close(); // the agreed port can still collide: say which port, where it was agreed, who has it
            throw new PortTakenException("cannot listen on port " + port + " (agreed for '" + instance + "' in "
                    + source + "): " + e.getMessage() + "; " + PortHolders.describe(port)
                    + ". Stop it or agree on another port.");
        }
    }

    @Override
    public Endpoint locate(String instance) {
        // tag::lesson[]
        return new TcpEndpoint(new InetSocketAddress(address, portOf(instance)), "port agreed in " + source);
        // end::lesson[]
    }

    /** The agreed port is held by another socket; the message names the holder where the OS lets us see it. */
    public static final class PortTakenException extends BindException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
// end::class[]
