package dev.socketfaq.reserve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One claim with a competitor in the gap: whenever the claimer says "the port is chosen" ({@code meanwhile}), a
 * competitor is handed that number and tries to bind it at once. Both sides' moves are recorded, so the contract
 * and the demo decide from what happened, not from whether something threw.
 */
public final class CompetitorInTheGap {
    private CompetitorInTheGap() {}

    /** The competitor's try: the port it was handed, and why it was refused (empty: it took the port). */
    public record Attempt(int port, Optional<IOException> refusal) {
        public boolean tookThePort() {
            return refusal.isEmpty();
        }

        public String describe() {
            return refusal.map(e -> "the competitor was refused port " + port + " (" + e.getMessage() + ")")
                    .orElse("the competitor took port " + port);
        }
    }

    /** One claim: every competitor attempt, the port the claimer's channel holds afterwards, or why the claim failed. */
    public record Round(List<Attempt> attempts, OptionalInt held, Optional<IOException> claimFailure) {
        public Round {
            Objects.requireNonNull(attempts);
            Objects.requireNonNull(held);
            Objects.requireNonNull(claimFailure);
        }

        /** The claimer holds a port that every competitor tried and was refused. */
        public boolean keptThePort() {
            return held.isPresent()
                    && !attempts.isEmpty()
                    && attempts.stream().allMatch(a -> a.port() == held.getAsInt() && !a.tookThePort());
        }

        /** A competitor took the port and the claim failed. */
        public boolean lostThePort() {
            return claimFailure.isPresent() && attempts.stream().anyMatch(Attempt::tookThePort);
        }

        public String describe() {
            String competitor = attempts.isEmpty()
                    ? "no competitor ran (meanwhile was never called)"
                    : String.join("; ", attempts.stream().map(Attempt::describe).toList());
            if (claimFailure.isPresent())
                return "bind failed (" + claimFailure.get().getMessage() + "); " + competitor;
            if (held.isEmpty()) return "the channel it returned holds no port; " + competitor;
            return "got port " + held.getAsInt() + "; " + competitor;
        }
    }

    /** Runs one claim of {@code claimer} with a competitor in its gap; closes every channel before returning. */
    public static Round run(PortClaimer claimer) throws IOException {
        List<Attempt> attempts = new ArrayList<>();
        List<ServerSocketChannel> competitors = new ArrayList<>();
        try {
            ServerSocketChannel ours;
            try {
                ours = claimer.claim(port -> attempts.add(tryToTake(port, competitors)));
            } catch (IOException e) {
                return new Round(List.copyOf(attempts), OptionalInt.empty(), Optional.of(e));
            }
            try (ours) {
                return new Round(List.copyOf(attempts), heldPort(ours), Optional.empty());
            }
        } finally {
            for (var competitor : competitors) competitor.close();
        }
    }

    // tag::competitor[]
    private static Attempt tryToTake(int port, List<ServerSocketChannel> competitors) {
        try {
            var competitor = ServerSocketChannel.open();
            competitors.add(competitor);
            // It asks to share the port where the OS allows it: a claimer that lets it has reserved nothing.
            if (competitor.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                competitor.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            competitor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return new Attempt(port, Optional.empty());
        } catch (IOException e) {
            return new Attempt(port, Optional.of(e)); // recorded, not swallowed: the contract judges it
        }
    }
    // end::competitor[]

    /** The port {@code channel} holds: none if it is missing, closed or was never bound. */
    private static OptionalInt heldPort(ServerSocketChannel channel) throws IOException {
        if (channel == null || !channel.isOpen()) return OptionalInt.empty();
        return channel.getLocalAddress() instanceof InetSocketAddress local
                ? OptionalInt.of(local.getPort())
                : OptionalInt.empty();
    }
}
