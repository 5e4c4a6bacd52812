package dev.socketfaq.threadsafety.handle;

/**
 * The handle contract: a send with a dangling handle never reaches another connection, whatever number the OS gives
 * the next one. Observed on real descriptors, in the story's worst case: the OS has given the closed number to the
 * stranger's new connection (the story is told again, a bounded number of times, until it has).
 */
final class HandleContract {
    /** How many tellings may pass before the OS gives the closed number to the stranger. */
    static final int ATTEMPTS = 20;

    enum Observed {
        MEETS_CONTRACT,
        STRANGER_RECEIVES
    }

    /** What the contract saw, its own words for it, and the story it saw. */
    record Outcome(Observed observed, String message, HandleStory story) {}

    private HandleContract() {}

    // tag::contract[]
    static Outcome observe(Mode mode) throws Exception {
        HandleStory story = HandleStory.untilReused(mode, new NativeSockets(), ATTEMPTS);
        if (!story.reused()) {
            throw new IllegalStateException("the OS did not reuse the closed number in " + ATTEMPTS + " tellings");
        }
        if (!story.strangerReceived().isEmpty()) {
            return new Outcome(
                    Observed.STRANGER_RECEIVES,
                    mode.label() + ": the stranger's connection got the closed number, and the stale handle's send"
                            + " reached it: \"" + story.strangerReceived() + "\"",
                    story);
        }
        return new Outcome(
                Observed.MEETS_CONTRACT,
                mode.label() + ": the stranger's connection got the closed number; the stale handle's send was"
                        + " refused (" + story.refusal() + ")",
                story);
    }
    // end::contract[]
}
