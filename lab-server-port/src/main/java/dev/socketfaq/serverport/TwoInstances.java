package dev.socketfaq.serverport;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The contract every way of finding the server is held to, run by the tests and the demo alike: two instances
 * of the service on one host both start, and a client finds each of them (the reply names the instance that
 * answered). The FAQ's "Server port" in one sentence: however the port is chosen, clients must be able to
 * find the server, and the server must be able to get its port.
 */
public final class TwoInstances {
    public static final List<String> INSTANCES = List.of("a", "b");

    /** Where the contract broke: nowhere, at a start, or when a client looked for an instance. */
    public enum Stage {
        MET,
        FIRST_START,
        SECOND_START,
        FIND
    }

    /** What happened; {@code error} is the exception behind a failure, {@code message} the contract's own words. */
    public record Result(String strategy, Stage stage, Exception error, String message) {
        public boolean met() {
            return stage == Stage.MET;
        }
    }

    private TwoInstances() {}

    // tag::contract[]
    /** Runs the contract against {@code rendezvous}; {@code progress} hears each step as it happens. */
    public static Result check(String strategy, Rendezvous rendezvous, Consumer<String> progress) {
        Deque<Rendezvous.Running> started = new ArrayDeque<>();
        try {
            for (String instance : INSTANCES) {
                try {
                    started.push(rendezvous.start(instance));
                    progress.accept("instance " + instance + " listens at "
                            + started.peek().where());
                } catch (IOException | RuntimeException e) {
                    Stage stage = started.isEmpty() ? Stage.FIRST_START : Stage.SECOND_START;
                    return fail(
                            strategy, stage, e, "instance " + instance + " cannot start: " + e.getMessage(), progress);
                }
            }
            for (String instance : INSTANCES) {
                try {
                    Rendezvous.Endpoint endpoint = rendezvous.locate(instance);
                    String reply = endpoint.ask();
                    progress.accept("a client looking for " + instance + " found " + endpoint.where() + ": " + reply);
                    if (!reply.startsWith("OK " + instance + " ")) {
                        return fail(
                                strategy,
                                Stage.FIND,
                                null,
                                "a client looking for " + instance + " reached another instance: " + reply,
                                progress);
                    }
                } catch (IOException | RuntimeException e) {
                    return fail(
                            strategy,
                            Stage.FIND,
                            e,
                            "a client cannot find instance " + instance + ": " + e.getMessage(),
                            progress);
                }
            }
            return new Result(strategy, Stage.MET, null, "both instances started and both were found");
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

    private static Result fail(String strategy, Stage stage, Exception e, String message, Consumer<String> progress) {
        progress.accept(message);
        return new Result(strategy, stage, e, strategy + ": " + message);
    }
}
