package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's experiment: one server bound to the wildcard, asked for its callback address through two local
 * addresses (127.0.0.1 and 127.0.0.2 on Linux, as two networks of a multihomed host), once per mode.
 *
 * <p>The wildcard, not loopback, because a wildcard-bound socket is the FAQ's case and only such a server shows the
 * broken modes failing. It is open on every network while the demo runs, so it serves loopback peers only:
 * {@link CallbackServer} closes a connection from any other address before reading from it.
 */
public final class CallbackDemo {

    private CallbackDemo() {}

    /** Runs every mode through both addresses; {@code started} hears the server's address, {@code each} each call. */
    public static List<CallbackClient.Call> run(Consumer<InetSocketAddress> started, Consumer<CallbackClient.Call> each)
            throws IOException {
        var calls = new ArrayList<CallbackClient.Call>();
        // the wildcard on purpose: the lesson is a server that does not know its address until a client connects;
        // the clients dial two loopback addresses only, so nothing leaves the machine
        try (var server = CallbackServer.start(new InetSocketAddress(0), Mode.ACCEPTED, false, line -> {})) {
            started.accept(server.address());
            for (Mode mode : Mode.values()) {
                for (InetAddress dial : List.of(Loopback.LOOPBACK, Loopback.other())) {
                    var call = CallbackClient.call(
                            new InetSocketAddress(dial, server.address().getPort()), mode);
                    calls.add(call);
                    each.accept(call);
                }
            }
        }
        return calls;
    }

    /**
     * The demo's verdict: the fix must be right for every client, since that is the lab's claim; the broken modes'
     * count is reported, not judged (with one loopback address, on macOS, they can be right).
     *
     * @param right clients of the fixed mode told the address they dialed, that then called back
     * @param fixed clients of the fixed mode
     * @param wrong clients of the broken modes that were not
     * @param broken clients of the broken modes
     */
    public record Verdict(long right, long fixed, long wrong, long broken) {
        public static Verdict of(List<CallbackClient.Call> calls) {
            long fixed = calls.stream().filter(c -> c.mode().meetsContract()).count();
            long right = calls.stream()
                    .filter(c -> c.mode().meetsContract() && c.calledBack() && c.toldWhatWasDialed())
                    .count();
            long wrong = calls.stream()
                    .filter(c -> !c.mode().meetsContract() && !(c.calledBack() && c.toldWhatWasDialed()))
                    .count();
            return new Verdict(right, fixed, wrong, calls.size() - fixed);
        }

        /** The fix was right for every one of its clients, and it had some. */
        public boolean passed() {
            return fixed > 0 && right == fixed;
        }
    }
}
