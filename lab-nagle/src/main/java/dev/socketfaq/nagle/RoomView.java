package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies.Summary;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The instructor's live view of the room, drawn from {@link Room}: who is connected, how many requests were
 * served, and each client's median gap between header and body, the stall as the server sees it. On a terminal
 * the view is redrawn in place with the server's latest log lines under it; piped, it prints one line per
 * refresh and every log line as it comes.
 */
public final class RoomView {
    private static final String CLEAR = "\033[H\033[2J";
    private static final int ROWS = 20;
    private static final int LOG_LINES = 5;
    private final PrintWriter out;
    private final boolean terminal;
    private final Deque<String> log = new ArrayDeque<>();
    private Thread refresher;
    private int peak;

    public RoomView(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A line from the server (a refused or dropped client). */
    public synchronized void log(String line) {
        if (!terminal) {
            out.println(line);
            return;
        }
        log.addLast(line);
        if (log.size() > LOG_LINES) log.removeFirst();
    }

    /** Redraws the view every {@code seconds} until {@link #stop()}. */
    public void start(ReplyServer server, int seconds) {
        refresher = Thread.ofVirtual().name("room-view").start(() -> {
            try {
                while (true) {
                    Thread.sleep(seconds * 1000L); // the view's refresh rate, not a synchronisation
                    draw(server);
                }
            } catch (InterruptedException e) {
                // stopping
            }
        });
    }

    public void stop() throws InterruptedException {
        if (refresher != null) {
            refresher.interrupt();
            refresher.join();
        }
    }

    /** Draws the room once. */
    public synchronized void draw(ReplyServer server) {
        Room room = server.room();
        List<Room.Client> clients = room.clients();
        peak = Math.max(peak, clients.size());
        long stalling = clients.stream().filter(Room.Client::stalls).count();
        if (terminal) out.print(CLEAR);
        out.printf(
                "%d connected (peak %d), %d refused, %,d requests served; %d clients wait for the ACK, %d do not%n",
                clients.size(), peak, server.refused(), room.requests(), stalling, clients.size() - stalling);
        if (!terminal) return;
        out.printf("%-24s %10s %16s%n", "client", "requests", "header->body gap");
        clients.stream()
                .limit(ROWS)
                .forEach(c -> out.printf(
                        "%-24s %,10d %16s%s%n",
                        c.address(),
                        c.requests(),
                        Summary.format(c.medianGapMs()),
                        c.stalls() ? "  split write: the body waits" : ""));
        if (clients.size() > ROWS) out.printf("... and %d more%n", clients.size() - ROWS);
        log.forEach(out::println);
        out.flush();
    }

    /** The summary printed when the server stops. */
    public synchronized void summary(ReplyServer server) {
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
