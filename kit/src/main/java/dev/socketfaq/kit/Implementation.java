package dev.socketfaq.kit;

import java.util.Locale;

/**
 * One of a lab's implementations, as a student picks it on the command line ({@code --mode broken}) and as the
 * contract test declares its expected outcome. Every lab's implementations are an enum that implements this.
 */
public interface Implementation {

    /** Whether the implementation meets the lab's contract, and at what cost. */
    enum Kind {
        /** Shows the bug the FAQ warns about: the contract must see it fail. */
        BROKEN,
        /** The lesson's fix: meets the contract. */
        FIXED,
        /** Meets the contract at a cost the page names (more segments, a polling delay): lives in fixed/. */
        SECOND_BEST
    }

    /** The enum constant's name. */
    String name();

    Kind kind();

    /** What it does, in a few words for output and pages: "split write, Nagle on". */
    String what();

    /** The name students type: the constant in lower case, {@code _} as {@code -} ("self-pipe"). */
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True when the contract is expected to hold: FIXED and SECOND_BEST. */
    default boolean meetsContract() {
        return kind() != Kind.BROKEN;
    }
}
