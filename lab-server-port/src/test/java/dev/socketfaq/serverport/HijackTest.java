package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
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
    /** The evidence table: what each test observed, by row number (tests run in any order; the table has one). */
    static final Map<Integer, List<?>> rows = new ConcurrentSkipListMap<>();

    WebServer web;

    @BeforeEach
    void webServer() throws IOException {
        web = WebServer.start(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void stopWebServer() {
        web.close();
    }

    int httpPort() {
        return web.port();
    }

    // tag::both-ways[]
    @Proves(FaqClaim.HIJACK_BREAKS_COEXISTENCE)
    @Test
    void with_the_web_server_first_the_service_cannot_start() throws Exception {
        var hijacker = new HijackedHttpPort(LOOPBACK, httpPort());
        Throwable failed = catchThrowable(() -> hijacker.start("a").close());
        assertThat(failed).isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
        rows.put(1, List.of("web server first, then the service", "the service cannot start: " + failed.getMessage()));
    }

    @Proves(FaqClaim.HIJACK_BREAKS_COEXISTENCE)
    @Test
    void with_the_service_first_the_web_server_cannot_start() throws Exception {
        web.close(); // this host has no web server yet; the service takes "the HTTP port"
        try (TimeServer hijacked = new HijackedHttpPort(LOOPBACK, 0).start("a")) {
            Throwable failed = catchThrowable(() -> WebServer.start(new InetSocketAddress(LOOPBACK, hijacked.port()))
                    .close());
            assertThat(failed).isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
            rows.put(
                    2,
                    List.of(
                            "the service first, then the web server",
                            "the web server cannot start: " + failed.getMessage()));
        }
    }
    // end::both-ways[]

    // tag::firewall[]
    @Proves(FaqClaim.HIJACK_BREAKS_COEXISTENCE)
    @Test
    void a_firewall_that_passes_only_http_drops_the_custom_protocol_on_the_http_port() throws Exception {
        web.close();
        try (TimeServer hijacked = new HijackedHttpPort(LOOPBACK, 0).start("a");
                var firewall = new HttpOnlyFirewall(
                        new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, hijacked.port()))) {
            Throwable failed = catchThrowable(() -> TimeProtocol.ask(firewall.address()));
            assertThat(failed).isInstanceOf(IOException.class).hasMessageContaining("was closed without a reply");
            assertThat(firewall.dropped()).isEqualTo(1);
            assertThat(hijacked.accepted())
                    .as("connections that reached the service")
                    .isZero();
            rows.put(
                    3,
                    List.of(
                            "TIME through an HTTP-only firewall to the hijacked port",
                            "the client: " + failed.getMessage() + "; " + counts(firewall) + "; the service accepted "
                                    + hijacked.accepted()));
        }
    }

    @Proves(FaqClaim.REUSE_A_SERVER)
    @Test
    void the_same_firewall_passes_http_to_the_web_server_and_to_the_service_that_reuses_it() throws Exception {
        try (var firewall = new HttpOnlyFirewall(new InetSocketAddress(LOOPBACK, 0), web.address());
                var reuse = ReuseWebServer.on(web).start("a")) {
            String statusLine =
                    rawGet(firewall.address(), "/").lines().findFirst().orElse("");
            assertThat(statusLine).startsWith("HTTP/1.1 200");
            assertThat(firewall.passed()).isEqualTo(1); // counted before the request is forwarded, so before the reply
            rows.put(
                    4,
                    List.of(
                            "GET / through the same firewall to the web server",
                            "the client: " + statusLine + "; " + counts(firewall)));
            String reply = new HttpEndpoint(
                            URI.create("http://127.0.0.1:" + firewall.address().getPort() + "/time/a"))
                    .ask();
            assertThat(reply).startsWith("OK a ");
            assertThat(firewall.passed()).isEqualTo(2);
            assertThat(firewall.dropped()).isZero();
            rows.put(
                    5,
                    List.of(
                            "GET /time/a through the same firewall (the service reusing the web server)",
                            "the client: " + reply + "; " + counts(firewall)));
            assertThat(reuse.where()).endsWith("/time/a");
        }
    }
    // end::firewall[]

    /** The firewall's own counters, as the evidence table shows them. */
    static String counts(HttpOnlyFirewall firewall) {
        return "the firewall so far: " + firewall.passed() + " passed, " + firewall.dropped() + " dropped";
    }

    /** A plain HTTP/1.1 request written by hand: the firewall sees a request line it recognises. */
    static String rawGet(InetSocketAddress to, String path) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(to, 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @AfterAll
    static void writeEvidence() {
        if (rows.size() == 5) {
            Evidence.named("hijack", "Hijacking the HTTP port: next to a web server, and behind an HTTP-only firewall")
                    .what("The HTTP port is a port the test's web server (the JDK's HttpServer) bound on loopback; "
                            + "the firewall is the lab's model of one that forwards only HTTP request lines. Each outcome is what "
                            + "this build observed: the bind error's message, the reply or error the client got, and the "
                            + "firewall's counters just after.")
                    .table(List.of("situation", "what the test observed"), List.copyOf(rows.values()))
                    .write();
        }
    }

    @Test
    void the_reused_web_server_answers_get_only_as_plain_text() throws Exception {
        try (var reuse = ReuseWebServer.on(web).start("a")) {
            String get = rawGet(web.address(), "/time/a");
            assertThat(get)
                    .startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("Content-type: text/plain; charset=us-ascii");
            try (var socket = new Socket()) {
                socket.connect(web.address(), 2_000);
                socket.setSoTimeout(2_000);
                socket.getOutputStream()
                        .write(
                                "POST /time/a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                String post = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(post)
                        .startsWith("HTTP/1.1 405")
                        .containsIgnoringCase("Allow: GET")
                        .doesNotContainIgnoringCase("chunked"); // no body at all
            }
        }
        assertThat(rawGet(web.address(), "/time/a")).as("after close").startsWith("HTTP/1.1 404");
        assertThat(catchThrowable(() ->
                        ReuseWebServer.at(URI.create("http://127.0.0.1:1/")).start("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("client side only: no web server to add /time/a to");
    }
}
