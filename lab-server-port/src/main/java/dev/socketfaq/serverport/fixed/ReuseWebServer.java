package dev.socketfaq.serverport.fixed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import dev.socketfaq.serverport.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

// tag::class[]
/**
 * FIXED (FAQ, "Server port": reuse some other server): the time service becomes a resource of a web server the
 * host already runs, {@code GET /time/<instance>}. No new port at all: clients find it by URL on the web
 * server's well-known port, firewalls see HTTP because it is HTTP, and the web server does the hard parts.
 */
public final class ReuseWebServer implements Rendezvous {
    private final HttpServer web;
    private final URI base;

    private ReuseWebServer(HttpServer web, URI base) {
        this.web = web;
        this.base = base;
    }

    /** Both sides, on the host's running web server. */
    public static ReuseWebServer on(WebServer web) {
        InetSocketAddress a = web.address();
        return new ReuseWebServer(
                web.http(), URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/"));
    }

    /** Client side only: a web server known by its URL, e.g. http://host:8080/. */
    public static ReuseWebServer at(URI base) {
        return new ReuseWebServer(null, base);
    }

    @Override
    public Running start(String instance) {
        if (web == null)
            throw new IllegalStateException("client side only: no web server to add /time/" + instance + " to");
        String path = "/time/" + Rendezvous.checkInstance(instance);
        // tag::lesson[]
        web.createContext(path, exchange -> reply(exchange, instance)); // a resource, not a port
        // end::lesson[]
        return new Running() {
            @Override
            public String where() {
                return base.resolve(path.substring(1)).toString();
            }

            @Override
            public void close() {
                web.removeContext(path);
            }
        };
    }

    @Override
    public Endpoint locate(String instance) {
        // tag::lesson[]
        return new HttpEndpoint(base.resolve("time/" + Rendezvous.checkInstance(instance)));
        // end::lesson[]
    }

    private static void reply(HttpExchange exchange, String instance) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = (TimeProtocol.answer(instance) + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The service's URL; asking is an HTTP GET with the same timeouts as the socket clients. */
    public record HttpEndpoint(URI url) implements Endpoint {
        @Override
        public String where() {
            return url.toString();
        }

        @Override
        public String ask() throws IOException {
            var http = (HttpURLConnection) url.toURL().openConnection();
            http.setConnectTimeout(Connect.CONNECT_TIMEOUT_MS);
            http.setReadTimeout(TimeProtocol.READ_TIMEOUT_MS);
            // One question per connection, as the other strategies ask: no connection left in the JDK's keep-alive
            // cache.
            http.setRequestProperty("Connection", "close");
            try {
                int status;
                try {
                    status = http.getResponseCode();
                } catch (ConnectException e) { // "Connection refused" alone does not say where: name the web server
                    throw new ConnectException(e.getMessage() + " at " + url.getHost() + ":"
                            + (url.getPort() == -1 ? 80 : url.getPort()) + " (GET " + url + ")");
                } catch (SocketTimeoutException e) { // "Connect timed out", "Read timed out": and where
                    throw new SocketTimeoutException(e.getMessage() + " (GET " + url + ")");
                }
                if (status != 200)
                    throw new IOException("GET " + url + ": HTTP " + status + " " + http.getResponseMessage());
                InputStream in = http.getInputStream();
                return new String(in.readNBytes(TimeProtocol.MAX_LINE + 1), StandardCharsets.US_ASCII).strip();
            } finally {
                http.disconnect();
            }
        }
    }
}
// end::class[]
