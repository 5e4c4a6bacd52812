package dev.socketfaq.serverport;

import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an intermediary that knows only the HTTP port does to each way of offering the service (FAQ, "Server
 * port"): one {@link HttpOnlyFirewall} per path, told the HTTP port alone. An agreed or a random port is dropped
 * before a byte is read; the time service hijacking the HTTP port is dropped because it does not speak HTTP; the
 * web server, and the service reusing it, pass. Used by the tests and the demo.
 */
public final class Intermediaries {
    /** One path through the firewall: what was tried, whether it passed, the reply or error, and what arrived. */
    public record Path(String what, boolean passed, String detail, int reachedServer) {}

    private interface Ask {
        String ask(InetSocketAddress via) throws IOException;
    }

    private Intermediaries() {}

    /** Tries every path on {@code address}; {@code progress} hears each outcome. */
    public static List<Path> probe(InetAddress address, Consumer<String> progress) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (var web = WebServer.start(new InetSocketAddress(address, 0));
                var reuse = ReuseWebServer.on(web).start("a");
                var agreed = TimeServer.serve(bound(address), "a");
                var random = TimeServer.serve(bound(address), "a");
                var hijacked = new HijackedHttpPort(address, 0).start("a")) {
            // the HTTP port: the web server's here, the hijacker's in the scenario where it took port 80 first
            Set<Integer> known = Set.of(web.port(), hijacked.port());
            paths.add(through(address, agreed.address(), known, "TIME to an agreed port", TimeProtocol::ask, agreed));
            paths.add(through(address, random.address(), known, "TIME to a random port", TimeProtocol::ask, random));
            paths.add(through(
                    address,
                    hijacked.address(),
                    known,
                    "TIME to the HTTP port, hijacked",
                    TimeProtocol::ask,
                    hijacked));
            paths.add(through(
                    address,
                    web.address(),
                    known,
                    "GET /time/a on the web server's port (reuse)",
                    via -> new HttpEndpoint(URI.create(
                                    "http://" + via.getAddress().getHostAddress() + ":" + via.getPort() + "/time/a"))
                            .ask(),
                    null));
        }
        paths.forEach(p -> progress.accept(p.what() + ": " + (p.passed() ? "passed: " : "dropped: ") + p.detail()));
        return paths;
    }

    private static ServerSocket bound(InetAddress address) throws IOException {
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, 0));
        return listener;
    }

    private static Path through(
            InetAddress address,
            InetSocketAddress upstream,
            Set<Integer> known,
            String what,
            Ask ask,
            TimeServer server)
            throws IOException {
        try (var firewall = new HttpOnlyFirewall(new InetSocketAddress(address, 0), upstream, known)) {
            String detail;
            boolean passed;
            try {
                detail = ask.ask(firewall.address());
                passed = true;
            } catch (IOException e) {
                detail = e.getMessage();
                passed = false;
            }
            return new Path(what, passed, detail, server == null ? -1 : server.accepted());
        }
    }
}
