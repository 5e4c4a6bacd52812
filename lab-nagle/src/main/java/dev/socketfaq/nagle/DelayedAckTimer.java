package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.TcpInfo;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * How long a receiver holds back a lone ACK: the length of the stall in the FAQ's "200ms delay". Where the kernel
 * tells (Linux {@code TCP_INFO}), it is measured on the server's own socket; elsewhere it is the OS's documented
 * default, and {@link #source()} says so.
 *
 * @param ms the delayed-ACK timeout in milliseconds
 * @param source how it was obtained: "tcpi_ato of the server's socket" or "documented default for Windows"
 */
public record DelayedAckTimer(double ms, String source) {

    /**
     * The delayed-ACK timeout of a server of this process, read after {@code warmup} requests from a client of
     * {@code mode}: the timeout the server's kernel applies to that connection's requests.
     */
    public static DelayedAckTimer measure(ReplyServer server, Mode mode, int warmup) throws IOException {
        try (RequestClient client = mode.create(server.address())) {
            RoundTrips.record(client, warmup, new Latencies(), RoundTrips.Progress.SILENT);
            return of(client.channel());
        }
    }

    /** The delayed-ACK timeout the server (in this process) applies now to what {@code client} sends. */
    public static DelayedAckTimer of(SocketChannel client) throws IOException {
        if (TcpInfo.unavailable().isPresent()) {
            return documented();
        }
        return new DelayedAckTimer(TcpInfo.ofPeer(client).atoMs(), "tcpi_ato of the server's socket");
    }

    /** The documented default where TCP_INFO is not available: Windows 200 ms, macOS about 100 ms. */
    static DelayedAckTimer documented() {
        String os = System.getProperty("os.name");
        double ms = os.toLowerCase(Locale.ROOT).contains("win") ? 200 : 100;
        return new DelayedAckTimer(
                ms,
                "documented default for " + os + " (" + TcpInfo.unavailable().orElse("") + ")");
    }
}
