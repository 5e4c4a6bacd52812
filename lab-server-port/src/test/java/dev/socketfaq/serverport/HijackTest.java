package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FAQ's "never hijack a well-known port", both of its reasons: the service and a real web server exclude each
 * other, whichever starts first; and a firewall that passes only HTTP on the HTTP port drops the custom protocol
 * (while the same service offered over HTTP passes). The HTTP port is one the web server got by binding port 0.
 */
@Timeout(30)
class HijackTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final List<List<?>> rows = new ArrayList<>();

    HttpServer web;

    @BeforeEach
    void webServer() throws IOException {
        web = ServerPortLab.startWebServer(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void stopWebServer() {
        web.stop(0);
    }

    int httpPort() {
        return web.getAddress().getPort();
    }

    // tag::both-ways[]
    @Test
    void with_the_web_server_first_the_service_cannot_start() throws Exception {
        var hijacker = new HijackedHttpPort(LOOPBACK, httpPort());
        assertThatThrownBy(() -> hijacker.start("a").close())
                .isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
        rows.add(List.of("web server first, then the service", "the service cannot start: Address already in use"));
    }

    @Test
    void with_the_service_first_the_web_server_cannot_start() throws Exception {
        web.stop(0); // this host has no web server yet; the service takes "the HTTP port"
        try (TimeServer hijacked = new HijackedHttpPort(LOOPBACK, 0).start("a")) {
            assertThatThrownBy(() -> ServerPortLab.startWebServer(new InetSocketAddress(LOOPBACK, hijacked.port())).stop(0))
                    .isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
        }
        rows.add(List.of("the service first, then the web server", "the web server cannot start: Address already in use"));
    }
    // end::both-ways[]

    // tag::firewall[]
    @Test
    void a_firewall_that_passes_only_http_drops_the_custom_protocol_on_the_http_port() throws Exception {
        web.stop(0);
        try (TimeServer hijacked = new HijackedHttpPort(LOOPBACK, 0).start("a");
             var firewall = new HttpOnlyFirewall(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, hijacked.port()))) {
            assertThatThrownBy(() -> TimeProtocol.ask(firewall.address()))
                    .isInstanceOf(IOException.class).hasMessageContaining("was closed without a reply");
            assertThat(firewall.dropped()).isEqualTo(1);
            assertThat(hijacked.accepted()).as("connections that reached the service").isZero();
        }
        rows.add(List.of("TIME through an HTTP-only firewall to the hijacked port", "dropped: the connection was closed without a reply"));
    }

    @Test
    void the_same_firewall_passes_http_to_the_web_server_and_to_the_service_that_reuses_it() throws Exception {
        try (var firewall = new HttpOnlyFirewall(new InetSocketAddress(LOOPBACK, 0), web.getAddress());
             var reuse = ReuseWebServer.on(web).start("a")) {
            assertThat(rawGet(firewall.address(), "/")).startsWith("HTTP/1.1 200");
            String reply = new ReuseWebServer.HttpEndpoint(URI.create("http://127.0.0.1:" + firewall.address().getPort() + "/time/a")).ask();
            assertThat(reply).startsWith("OK a ");
            assertThat(firewall.passed()).isEqualTo(2);
            assertThat(firewall.dropped()).isZero();
            rows.add(List.of("GET / through the same firewall to the web server", "passed: HTTP/1.1 200"));
            rows.add(List.of("GET /time/a through the same firewall (the service reusing the web server)", "passed: " + reply));
            assertThat(reuse.where()).endsWith("/time/a");
        }
    }
    // end::firewall[]

    /** A plain HTTP/1.1 request written by hand: the firewall sees a request line it recognises. */
    static String rawGet(InetSocketAddress to, String path) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(to, 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @AfterAll
    static void writeEvidence() {
        if (rows.size() == 5) {
            Evidence.named("hijack", "Hijacking the HTTP port: next to a web server, and behind an HTTP-only firewall")
                    .what("The HTTP port is a port the test's web server (the JDK's HttpServer) bound on loopback; "
                            + "the firewall is the lab's model of one that forwards only HTTP request lines.")
                    .table(List.of("situation", "outcome"), rows).write();
        }
    }
}
