package dev.socketfaq.serverport;

import com.sun.net.httpserver.HttpServer;
import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for the host's existing web server (on port 80 in real life): the JDK's {@link HttpServer} with a home
 * page. Every web server the lab runs is built here, in one place (the demo, {@code server http}, the
 * tests), so that all of them get the same defences against slow and silent clients:
 *
 * <ul>
 * <li>An executor. Without one, the JDK's HttpServer runs every exchange on its single dispatcher thread, which
 *     also accepts and selects: one client that sends "G" and stalls blocks that thread in its read, and no other
 *     client is answered until it goes away. Here each exchange gets a virtual thread of its own.</li>
 * <li>Time limits (the JDK's {@code jdk.httpserver} system properties, see {@link #LIMITS}): a request must
 *     arrive, and a response be taken, within a bound, and idle connections are closed, so a stalled client does
 *     not hold its connection and its thread for ever.</li>
 * </ul>
 *
 * {@link #close()} stops the server (closing every connection) and then the executor, waiting for its threads.
 */
public final class WebServer implements AutoCloseable {
    /** Seconds a request's headers and body may take to arrive; longer, and the server closes the connection. */
    public static final int MAX_REQUEST_SECONDS = 5;
    /** Seconds a response may take to be sent (a client that never reads); longer, and the connection is closed. */
    public static final int MAX_RESPONSE_SECONDS = 5;
    /** Seconds a kept-alive connection may stay idle: the time service's idle limit ({@code TimeProtocol}). */
    public static final int IDLE_SECONDS = TimeProtocol.IDLE_TIMEOUT_MS / 1000;

    /**
     * The jdk.httpserver settings this class sets (module jdk.httpserver's "System properties used by the HTTP
     * server API", JDK 25), unless the JVM was started with them ({@code -D...} wins).
     * <ul>
     * <li>{@code sun.net.httpserver.maxReqTime}, {@code maxRspTime}: in <em>seconds</em> (ServerImpl multiplies
     *     them by 1000, and jwebserver sets maxReqTime to "5" for five seconds; the module's javadoc says
     *     milliseconds). Unset, both are unlimited. A newly accepted connection that sends nothing at all is closed
     *     after the lesser of idleInterval and maxReqTime.</li>
     * <li>{@code sun.net.httpserver.idleInterval}: seconds, default 30.</li>
     * <li>{@code sun.net.httpserver.clockTick} (ms, default 10000) and {@code timerMillis} (ms, default 1000): how
     *     often the JDK checks those limits; a limit is enforced up to one tick late, so the idle check gets 1 s too.</li>
     * <li>{@code jdk.httpserver.maxConnections}: connections beyond it are closed as they are accepted (default:
     *     no limit); the same cap as the kit's {@link SocketServer}.</li>
     * </ul>
     * The JDK reads them once, when its first HttpServer is created, for the whole JVM: so they are set in this
     * class's initialiser, which runs before {@link #start} creates any.
     */
    static final String[][] LIMITS = {
        {"sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS)},
        {"sun.net.httpserver.maxRspTime", String.valueOf(MAX_RESPONSE_SECONDS)},
        {"sun.net.httpserver.idleInterval", String.valueOf(IDLE_SECONDS)},
        {"sun.net.httpserver.clockTick", "1000"},
        {"sun.net.httpserver.timerMillis", "1000"},
        {"jdk.httpserver.maxConnections", String.valueOf(SocketServer.MAX_CONNECTIONS)},
    };

    static {
        for (String[] limit : LIMITS) {
            if (System.getProperty(limit[0]) == null) System.setProperty(limit[0], limit[1]);
        }
    }

    private final HttpServer http;
    private final ExecutorService exchanges;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(HttpServer http, ExecutorService exchanges) {
        this.http = http;
        this.exchanges = exchanges;
        this.address = http.getAddress(); // the port it bound (port 0: the one the OS chose)
    }

    // tag::executor[]
    /** Starts a web server with a home page at {@code address} (port 0: any free port). */
    public static WebServer start(InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 0); // "Address already in use" here, before anything else exists
        ExecutorService exchanges = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(exchanges); // each exchange on a thread of its own, not on the one dispatcher thread
        http.createContext("/", exchange -> {
            try (exchange) {
                byte[] page = "<h1>It works</h1>\n".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 200 : 404, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        var web = new WebServer(http, exchanges);
        try {
            http.start();
        } catch (RuntimeException e) {
            web.close();
            throw e;
        }
        return web;
    }
    // end::executor[]

    /** The JDK's server, to add resources to ({@code ReuseWebServer}). */
    public HttpServer http() {
        return http;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Stops at once: every connection is closed, then the exchanges' threads are ended and waited for. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        http.stop(0);
        exchanges.shutdownNow(); // their connections are closed already: whatever they were reading or writing fails
        try {
            if (!exchanges.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "web server on port " + port() + ": exchanges still running 5 s after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
