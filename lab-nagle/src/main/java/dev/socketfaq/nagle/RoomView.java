package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies.Summary;
import java.io.PrintWriter;
import java.util.List;

/**
 * The instructor's live view of the room, drawn from {@link Room}: who is connected, how many requests were
 * served, and each client's median gap between header and body, the stall as the server sees it.
 */
public final class RoomView {
    private static final String CLEAR = "\033[H\033[2J";
    private final ReplyServer server;
    private final int rows;
    private int peak;

    public RoomView(ReplyServer server, int rows) {
        this.server = server;
        this.rows = rows;
    }

    /** Draws the room once; on a terminal the view replaces the previous one. */
    public void draw(PrintWriter out, boolean terminal) {
        Room room = server.room();
        List<Room.Client> clients = room.clients();
        peak = Math.max(peak, clients.size());
        long stalling = clients.stream().filter(Room.Client::stalls).count();
        if (terminal) out.print(CLEAR);
        out.printf(
                "%d connected (peak %d), %d refused, %,d requests served; %d clients wait for the ACK, %d do not%n",
                clients.size(), peak, server.refused(), room.requests(), stalling, clients.size() - stalling);
        if (terminal) {
            out.printf("%-24s %10s %16s%n", "client", "requests", "header->body gap");
            clients.stream()
                    .limit(rows)
                    .forEach(c -> out.printf(
                            "%-24s %,10d %16s%s%n",
                            c.address(),
                            c.requests(),
                            Summary.format(c.medianGapMs()),
                            c.stalls() ? "  split write: the body waits" : ""));
            if (clients.size() > rows) out.printf("... and %d more%n", clients.size() - rows);
        }
        out.flush();
    }

    /** The summary printed when the server stops. */
    public void summary(PrintWriter out) {
        Room room = server.room();
        out.printf(
                "served %,d requests; peak %d clients connected, %d refused; median header->body gap %s%n",
                room.requests(),
                peak,
                server.refused(),
                room.requests() == 0 ? "-" : Summary.format(room.medianGapMs()));
        out.flush();
    }
}
