package dev.socketfaq.select;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The FAQ's signal case in Java: SIGTERM or Ctrl-C runs the JVM's shutdown hooks, on a thread of their own. The hook
 * does what any other thread must do: ask the loop to stop, wait for it to finish what it owes, say how it went.
 */
public final class SignalStop {
    private SignalStop() {}

    /** Installs the hook for {@code server}; the latch opens once the hook has reported. */
    public static CountDownLatch install(StoppableServer server, PrintWriter out) {
        var reported = new CountDownLatch(1);
        // tag::signal[]
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> { // runs on SIGTERM or Ctrl-C
                            long start = System.nanoTime();
                            server.requestStop(); // the same request any other thread makes
                            try {
                                boolean ended = server.awaitTermination(Drain.DRAIN_LIMIT.plusSeconds(1));
                                out.println(report(server, ended, Duration.ofNanos(System.nanoTime() - start)));
                                out.flush();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            reported.countDown();
                        }));
        // end::signal[]
        return reported;
    }

    /** One line on how a stop went, for an operator: what was flushed, what was given up on, what is left open. */
    public static String report(StoppableServer server, boolean ended, Duration took) {
        String how;
        if (!ended) {
            how = "did not stop within " + took.toSeconds() + " s";
        } else if (server.failure() != null) {
            how = "stopped badly, the loop died: " + Cli.describe(server.failure());
        } else if (server.bytesAbandoned() > 0) {
            how = "stopped";
        } else {
            how = "stopped cleanly";
        }
        String gaveUp = server.bytesAbandoned() == 0
                ? ""
                : String.format(
                        "; gave up on %,d bytes owed to %d %s that stopped reading",
                        server.bytesAbandoned(),
                        server.peersAbandoned(),
                        server.peersAbandoned() == 1 ? "peer" : "peers");
        return String.format(
                "%s: flushed %,d of %,d owed bytes in %.1f ms%s; %d channels open",
                how, server.bytesWritten(), server.bytesOwed(), took.toNanos() / 1e6, gaveUp, server.openChannels());
    }
}
