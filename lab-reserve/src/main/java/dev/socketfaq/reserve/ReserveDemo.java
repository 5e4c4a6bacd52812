package dev.socketfaq.reserve;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo: both modes with a competitor in the gap and a verdict, the registry refusing a claim, who-holds. */
final class ReserveDemo {
    private ReserveDemo() {}

    static void run(PrintWriter out) throws IOException {
        out.println("a competitor is handed the chosen port between 'find a free port' and its use:");
        var broken = CompetitorInTheGap.run(Mode.BROKEN.create());
        var fixed = CompetitorInTheGap.run(Mode.FIXED.create());
        out.printf("  broken (%s):%n    %s%n", Mode.BROKEN.what(), broken.describe());
        out.printf("  fixed  (%s):%n    %s%n", Mode.FIXED.what(), fixed.describe());
        out.println(
                broken.lostThePort() && fixed.keptThePort()
                        ? "verdict: only the bound channel kept its port; a port number reserves nothing"
                        : "verdict: unexpected: the broken mode did not lose its port, or the fixed one did not keep it");
        Path dir = Files.createTempDirectory("port-registry");
        Path file = dir.resolve("ports.registry");
        try {
            var registry = new PortRegistry(file);
            registry.claim(8080, "apache");
            out.println("registry: apache claims 8080; our server asks for 8080:");
            try {
                registry.claim(8080, "our-server");
            } catch (PortRegistry.PortReservedException e) {
                out.println("  " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".lock"));
            Files.delete(dir);
        }
        try (var held = ChildPort.listenAndReport(0, new PrintWriter(Writer.nullWriter()))) {
            int port = held.socket().getLocalPort();
            out.println("who holds the port this demo just bound? " + WhoHolds.describe(port));
        }
    }
}
