package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.Frames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The stream contract: a message sent while another is half-written does not interleave with it. Forced without
 * luck: an instrumented stream holds the write that would put the first message's second part on the wire until the
 * second sender has sent its message, or is made to wait for its turn.
 */
final class StreamContract {
    enum Observed {
        MEETS_CONTRACT,
        MESSAGES_INTERLEAVE,
        /** Not even a message sent alone arrives as one frame: a different bug from the one this contract is about. */
        NOT_FRAMED
    }

    /** What the contract saw, and its own words for it. */
    record Outcome(Observed observed, String message) {}

    private StreamContract() {}

    // tag::contract[]
    static Outcome observe(Mode mode) throws Exception {
        List<byte[]> message = Messages.parts(0, 0);
        Messages.Tally alone = read(mode, message);
        if (alone.intact() != 1 || alone.corrupt() != 0) {
            return new Outcome(Observed.NOT_FRAMED, mode.label() + ": a message sent alone: " + alone);
        }
        var wire = new ByteArrayOutputStream();
        // the byte that starts the first message's second part: a part-by-part sender has written its header and
        // first part; the single writer, which writes a batch in one call, has written nothing yet
        var gated = new GatedOutputStream(wire, Frames.HEADER_BYTES + message.get(0).length);
        MessageSender sender = mode.create(gated);
        var failures = new CopyOnWriteArrayList<Throwable>();
        Thread first = Thread.ofPlatform()
                .uncaughtExceptionHandler((t, e) -> failures.add(e))
                .start(() -> send(sender, message));
        if (!gated.paused.await(10, TimeUnit.SECONDS))
            throw new IllegalStateException("the first message never paused");
        Thread second = Thread.ofPlatform()
                .uncaughtExceptionHandler((t, e) -> failures.add(e))
                .start(() -> send(sender, Messages.parts(1, 0)));
        // the first message stays half-written until the second is sent, or is made to wait for its turn
        gated.resumeWhen(() -> !second.isAlive() || second.getState() != Thread.State.RUNNABLE);
        if (!first.join(Duration.ofSeconds(10)) || !second.join(Duration.ofSeconds(10))) {
            throw new IllegalStateException("a sender did not finish within 10 s");
        }
        sender.close();
        if (!failures.isEmpty()) throw new IllegalStateException("a sender failed", failures.getFirst());

        Messages.Tally tally = Messages.read(new ByteArrayInputStream(wire.toByteArray()));
        Optional<String> violation = tally.corrupt() == 0 && tally.intact() == 2
                ? Optional.empty()
                : Optional.of(mode.label() + ": 2 messages sent, " + tally.intact()
                        + " arrived intact; the reader found " + tally.firstCorruption());
        return violation
                .map(v -> new Outcome(Observed.MESSAGES_INTERLEAVE, v))
                .orElse(new Outcome(Observed.MEETS_CONTRACT, mode.label() + ": both messages arrived intact"));
    }
    // end::contract[]

    /** What a reader finds after {@code message} was sent alone, by one thread. */
    private static Messages.Tally read(Mode mode, List<byte[]> message) throws IOException {
        var wire = new ByteArrayOutputStream();
        try (MessageSender sender = mode.create(wire)) {
            sender.send(message);
        }
        return Messages.read(new ByteArrayInputStream(wire.toByteArray()));
    }

    private static void send(MessageSender sender, List<byte[]> parts) {
        try {
            sender.send(parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
