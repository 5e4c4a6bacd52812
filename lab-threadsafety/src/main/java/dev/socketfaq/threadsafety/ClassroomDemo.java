package dev.socketfaq.threadsafety;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.threadsafety.completion.PooledCompletions;
import dev.socketfaq.threadsafety.handle.HandleStory;
import dev.socketfaq.threadsafety.handle.NativeSockets;
import dev.socketfaq.threadsafety.stream.Messages;
import dev.socketfaq.threadsafety.stream.StreamExperiment;
import dev.socketfaq.threadsafety.stream.StreamExperiment.Scheduling;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;

/** The demo: the three sub-lessons, broken vs fixed, live, and a one-line verdict from this run's figures. */
final class ClassroomDemo {
    /** How many times the handle story is told before giving up on the OS reusing the number. */
    static final int HANDLE_ATTEMPTS = 20;

    private ClassroomDemo() {}

    static void run(PrintWriter out, int threads, int messages, Scheduling scheduling) throws Exception {
        var verdict = new ArrayList<String>();
        out.printf("stream: %d threads x %d messages of 3 parts over one connection%n", threads, messages);
        for (var m : dev.socketfaq.threadsafety.stream.Mode.values()) {
            StreamExperiment.Result r = StreamExperiment.run(m, threads, messages, scheduling);
            Messages.Tally t = r.tally();
            out.printf(
                    "  %-6s %-15s sent %5d, intact %5d, corrupt %5d%s%n",
                    kind(m.kind()),
                    m.label(),
                    r.sent(),
                    t.intact(),
                    t.corrupt(),
                    t.firstCorruption() == null ? "" : "  (first: " + t.firstCorruption() + ")");
            out.flush();
            boolean held = t.corrupt() == 0 && t.intact() == r.sent();
            verdict.add(m.label() + (held ? " intact" : " lost its framing after " + r.sent() + " messages"));
        }

        out.println("handle: thread 1 holds a descriptor, thread 2 closes it, thread 3 opens a new connection,"
                + " thread 1 sends");
        if (NativeSockets.supported()) {
            for (var m : dev.socketfaq.threadsafety.handle.Mode.values()) {
                HandleStory story = HandleStory.untilReused(m, new NativeSockets(), HANDLE_ATTEMPTS);
                out.printf("  %-6s %s (%s):%n", kind(m.kind()), m.label(), m.what());
                story.steps().forEach(step -> out.println("    " + step));
                out.printf(
                        "    the OS %s the number; the stranger received %s%n",
                        story.reused() ? "reused" : "did not reuse",
                        story.strangerReceived().isEmpty() ? "nothing" : "\"" + story.strangerReceived() + "\"");
                verdict.add(m.label() + (story.strangerReceived().isEmpty() ? " kept the secret" : " leaked it"));
            }
        } else {
            out.println("  (needs POSIX socket()/close() through FFM: Linux or macOS)");
        }

        out.println("completions: messages of 32 bytes, read asynchronously in 2-byte reads, each chunk handled on a"
                + " pool of 4 threads; every handler feeds both assemblers");
        PooledCompletions.Result c = PooledCompletions.run(200, 16, 4, false, Duration.ofSeconds(30));
        c.wrong().forEach((m, wrong) -> {
            out.printf("  %-6s %-10s %d of %d messages out of order%n", kind(m.kind()), m.label(), wrong, c.messages());
            verdict.add(m.label() + " " + wrong + " of " + c.messages() + " out of order");
        });
        var s = c.sample();
        out.printf("  message %d:%n    sent:       %s%n", s.message(), PooledCompletions.chunked(s.sent()));
        s.assembled()
                .forEach((m, got) -> out.printf("    %-11s %s%n", m.label() + ":", PooledCompletions.chunked(got)));
        out.println("verdict: " + String.join("; ", verdict));
        out.flush();
    }

    static String kind(Implementation.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
