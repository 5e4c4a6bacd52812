package dev.socketfaq.serverport;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The experiment every way of finding the server goes through, in the tests and the demo alike: two instances of
 * the service on one host both start, someone else tries to send the clients of instance a elsewhere, and a client
 * then finds each instance, its own reply naming it, and no client is sent to the intruder.
 */
public final class TwoInstances {
    public static final List<String> INSTANCES = List.of("a", "b");

    /** Where it broke: nowhere, at a start, when a client looked for an instance, or a client went to an intruder. */
    public enum Stage {
        MET,
        FIRST_START,
        SECOND_START,
        FIND,
        REDIRECTED
    }

    /** Someone who tries to receive an instance's clients: {@link #NONE} where nobody can. */
    public interface Intruder extends AutoCloseable {
        Intruder NONE = new Intruder() {
            @Override
            public String redirect() {
                return null;
            }

            @Override
            public int clientsReceived() {
                return 0;
            }

            @Override
            public void close() {}
        };

        /** Tries it once; says what happened, or null when there is nothing to try. */
        String redirect();

        int clientsReceived();

        @Override
        void close() throws IOException;
    }

    /** What happened; {@code error} is the exception behind a failure, {@code message} the experiment's own words. */
    public record Result(String mode, Stage stage, Exception error, String message) {
        public boolean met() {
            return stage == Stage.MET;
        }
    }

    private TwoInstances() {}

    // tag::contract[]
    /** Runs it against {@code rendezvous}; {@code progress} hears each step as it happens. */
    public static Result check(String mode, Rendezvous rendezvous, Intruder intruder, Consumer<String> progress) {
        Deque<Rendezvous.Running> started = new ArrayDeque<>();
        try {
            for (String instance : INSTANCES) {
                try {
                    started.push(rendezvous.start(instance));
                    progress.accept("instance " + instance + " listens at "
                            + started.peek().where());
                } catch (IOException | RuntimeException e) {
                    Stage stage = started.isEmpty() ? Stage.FIRST_START : Stage.SECOND_START;
                    return fail(mode, stage, e, "instance " + instance + " cannot start: " + e.getMessage(), progress);
                }
            }
            String meddling = intruder.redirect();
            if (meddling != null) progress.accept(meddling);
            for (String instance : INSTANCES) {
                try {
                    Rendezvous.Endpoint endpoint = rendezvous.locate(instance);
                    String reply = endpoint.ask();
                    progress.accept("a client looking for " + instance + " found " + endpoint.where() + ": " + reply);
                    if (intruder.clientsReceived() > 0) {
                        return fail(
                                mode,
                                Stage.REDIRECTED,
                                null,
                                "a client looking for " + instance + " was sent to " + intruder + ", which answered as "
                                        + instance,
                                progress);
                    }
                    if (!reply.startsWith("OK " + instance + " ")) {
                        return fail(
                                mode,
                                Stage.FIND,
                                null,
                                "a client looking for " + instance + " reached another instance: " + reply,
                                progress);
                    }
                } catch (IOException | RuntimeException e) {
                    return fail(
                            mode,
                            Stage.FIND,
                            e,
                            "a client cannot find instance " + instance + ": " + e.getMessage(),
                            progress);
                }
            }
            return new Result(mode, Stage.MET, null, "both instances started and both were found");
        } finally {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (IOException e) {
                    progress.accept("stopping an instance failed: " + e.getMessage());
                }
            }
        }
    }
    // end::contract[]

    private static Result fail(String mode, Stage stage, Exception e, String message, Consumer<String> progress) {
        progress.accept(message);
        return new Result(mode, stage, e, mode + ": " + message);
    }
}
