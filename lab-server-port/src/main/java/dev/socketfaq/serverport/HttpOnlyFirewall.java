package dev.socketfaq.serverport;

import dev.socketfaq.kit.Connect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A MODEL of the intermediaries the FAQ's "Server port" warns about: firewalls and proxies that pass only ports
 * they know, and on those inspect what passes, letting through only what looks like HTTP. It is a relay in front
 * of one {@code upstream} address: a connection to a port it does not know is dropped at once (closed without a
 * word, as such firewalls do); on a known port it reads the first line and forwards the connection only if that
 * line is an HTTP request line. Real ones inspect far more; this one checks just enough to show why an agreed or
 * random port does not get through, and why hijacking port 80 does not get a custom protocol through either.
 */
public final class HttpOnlyFirewall implements AutoCloseable {
    static final int MAX_REQUEST_LINE = 1024;
    // tag::looks-like-http[]
    static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH) \\S+ HTTP/1\\.[01]\r?");
    // end::looks-like-http[]

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Integer> knownPorts;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService relays = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Thread acceptor;

    /** Listens on {@code listen} (port 0: any) and relays HTTP to {@code upstream}, a port it knows. */
    public HttpOnlyFirewall(InetSocketAddress listen, InetSocketAddress upstream) throws IOException {
        this(listen, upstream, Set.of(upstream.getPort()));
    }

    /** As above, passing only to {@code knownPorts}: the ports of the services it was told about (the web server). */
    public HttpOnlyFirewall(InetSocketAddress listen, InetSocketAddress upstream, Set<Integer> knownPorts)
            throws IOException {
        this.listener = new ServerSocket();
        listener.bind(listen);
        this.upstream = upstream;
        this.knownPorts = Set.copyOf(knownPorts);
        this.acceptor = Thread.ofPlatform().name("http-only-firewall").start(this::acceptLoop);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections forwarded, and connections dropped, so far. */
    public int passed() {
        return passed.get();
    }

    public int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                relays.execute(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            // tag::known-ports[]
            if (!knownPorts.contains(upstream.getPort())) {
                dropped.incrementAndGet();
                return; // a port it does not know: closed before a byte is read
            }
            // end::known-ports[]
            client.setSoTimeout(TimeProtocol.READ_TIMEOUT_MS);
            byte[] first = firstLine(client);
            // tag::inspect[]
            String line = first == null ? "" : new String(first, StandardCharsets.ISO_8859_1).strip();
            if (!REQUEST_LINE.matcher(line).matches()) {
                dropped.incrementAndGet();
                return; // not HTTP: closed without a reply
            }
            // end::inspect[]
            passed.incrementAndGet();
            client.setSoTimeout(0); // from here on close() ends the relay
            var server = new Socket();
            sockets.add(server);
            try (server) {
                server.connect(upstream, Connect.CONNECT_TIMEOUT_MS);
                server.getOutputStream().write(first);
                Thread back = Thread.ofVirtual().start(() -> pipe(server, client));
                pipe(client, server);
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException e) {
            // this connection failed; the relay serves the next
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    /** The bytes up to and including the first LF; null if the client sent none, or too many, or too slowly. */
    private static byte[] firstLine(Socket client) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try {
            for (int b; (b = client.getInputStream().read()) != -1; ) {
                bytes.write(b);
                if (b == '\n') return bytes.toByteArray();
                if (bytes.size() > MAX_REQUEST_LINE) return null;
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return null;
    }

    /** Copies from one socket to the other until the source ends; then ends the other's output. */
    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: close both so the other direction ends too
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(HttpOnlyFirewall::closeQuietly);
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relays.close();
    }
}
