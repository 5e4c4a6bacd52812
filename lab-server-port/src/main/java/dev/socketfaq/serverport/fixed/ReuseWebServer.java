package dev.socketfaq.serverport.fixed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.socketfaq.serverport.HttpEndpoint;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import dev.socketfaq.serverport.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
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
}
// end::class[]
