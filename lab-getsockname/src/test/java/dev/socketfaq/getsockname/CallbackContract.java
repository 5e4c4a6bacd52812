package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contract every mode is held to: each client is told an address it can call back on, and it is the address by
 * which it reached the server. Two clients reach one wildcard-bound server through two local addresses (127.0.0.1
 * and 127.0.0.2: on Linux all of 127.0.0.0/8 is this machine, as two networks are for a multihomed host).
 */
final class CallbackContract {
    static final List<InetAddress> DIALED = List.of(Loopback.LOOPBACK, Loopback.OTHER_LOOPBACK);

    /** How a mode fares: the first way its calls break the contract, or that they meet it. */
    enum Outcome {
        MEETS_CONTRACT,
        TOLD_THE_WILDCARD,
        TOLD_ANOTHER_ADDRESS,
        TOLD_NO_ADDRESS
    }

    /** What one mode did: every client's call, the outcome, and the contract's own words for it. */
    record Observed(Mode mode, List<CallbackClient.Call> calls, Outcome outcome, String says) {
        /** Clients told the address they dialed that then called the server back on it. */
        long right() {
            return calls.stream().filter(CallbackContract::met).count();
        }
    }

    private CallbackContract() {}

    // tag::contract[]
    /** Starts a server of {@code mode} on the wildcard, lets a client dial each address, and judges the calls. */
    static Observed observe(Mode mode) throws IOException {
        var calls = new ArrayList<CallbackClient.Call>();
        // the wildcard bind is the FAQ's case; the server serves peers on this machine only
        try (var server = CallbackServer.start(new InetSocketAddress(0), mode, false, line -> {})) {
            for (InetAddress dial : DIALED) {
                calls.add(CallbackClient.call(
                        new InetSocketAddress(dial, server.address().getPort()), mode));
            }
        }
        Optional<CallbackClient.Call> wrong =
                calls.stream().filter(c -> !met(c)).findFirst();
        String says = wrong.map(c -> violation(mode, c)).orElse("met");
        return new Observed(mode, calls, outcome(calls), says);
    }

    /** The contract, for one client: told the address it dialed, and called back on it. */
    static boolean met(CallbackClient.Call c) {
        return c.toldWhatWasDialed() && c.calledBack();
    }
    // end::contract[]

    /** The first way the calls break the contract, or that they meet it. */
    static Outcome outcome(List<CallbackClient.Call> calls) {
        return calls.stream()
                .filter(c -> !met(c))
                .findFirst()
                .map(CallbackContract::outcome)
                .orElse(Outcome.MEETS_CONTRACT);
    }

    private static Outcome outcome(CallbackClient.Call wrong) {
        if (wrong.told() == null) return Outcome.TOLD_NO_ADDRESS;
        return wrong.told().getAddress().isAnyLocalAddress() ? Outcome.TOLD_THE_WILDCARD : Outcome.TOLD_ANOTHER_ADDRESS;
    }

    /** "listening: a client that dialed 127.0.0.2:40000 was told 0.0.0.0:40000: 0.0.0.0 is the wildcard ..." */
    static String violation(Mode mode, CallbackClient.Call c) {
        return mode.label() + ": a client that dialed " + TableText.text(c.dialed()) + " was told "
                + TableText.text(c.told()) + (c.calledBack() ? "" : ": " + c.problem());
    }
}
