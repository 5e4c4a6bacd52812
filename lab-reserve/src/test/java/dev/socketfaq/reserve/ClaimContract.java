package dev.socketfaq.reserve;

import dev.socketfaq.reserve.CompetitorInTheGap.Attempt;
import dev.socketfaq.reserve.CompetitorInTheGap.Round;
import java.io.IOException;
import java.net.BindException;

/**
 * The contract: code that was given a port can use it, even when other code runs between the choice and the use.
 * It judges one {@link Round}: the competitor must have tried, once, the very port the claimer ends up holding,
 * and been refused because the port was taken; or, for the broken side, have taken it first.
 */
final class ClaimContract {
    private ClaimContract() {}

    // tag::outcomes[]
    enum Outcome {
        MEETS_CONTRACT, // the competitor tried the claimer's port and was refused: it was taken
        LOSES_THE_PORT, // the competitor took the port in the gap; the claimer's bind failed
        SHARES_THE_PORT, // the competitor bound the port the claimer holds
        HOLDS_NO_PORT, // the claim returned, but its channel holds no port
        NOT_TRIED, // no competitor tried the port the claimer holds: nothing was proved
        FAILS_OTHERWISE // a failure that is not the port being taken
    }
    // end::outcomes[]

    /** An outcome and the contract's own words for it, naming the claimer ({@code who}). */
    record Verdict(Outcome outcome, String message) {}

    // tag::judge[]
    static Verdict judge(String who, Round round) {
        if (round.attempts().size() != 1) {
            return new Verdict(
                    Outcome.NOT_TRIED,
                    who + ": the competitor ran " + round.attempts().size()
                            + " times, not once in the gap between choosing the port and using it");
        }
        Attempt competitor = round.attempts().getFirst();
        if (round.claimFailure().isPresent()) {
            IOException failure = round.claimFailure().get();
            if (competitor.tookThePort() && failure instanceof BindException) {
                return new Verdict(
                        Outcome.LOSES_THE_PORT,
                        who + ": the bind failed (" + failure.getMessage() + "): the competitor bound port "
                                + competitor.port() + " in the gap");
            }
            return new Verdict(
                    Outcome.FAILS_OTHERWISE, who + ": the claim failed (" + failure + "); " + competitor.describe());
        }
        if (round.held().isEmpty()) {
            return new Verdict(
                    Outcome.HOLDS_NO_PORT, who + ": the channel it returned holds no port; " + competitor.describe());
        }
        int held = round.held().getAsInt();
        if (held != competitor.port()) {
            return new Verdict(
                    Outcome.NOT_TRIED,
                    who + ": the competitor was handed port " + competitor.port() + " but the claimer holds port "
                            + held + ": nobody tried the port it holds");
        }
        if (competitor.tookThePort()) {
            return new Verdict(
                    Outcome.SHARES_THE_PORT,
                    who + ": the competitor bound port " + held + " too, while the claimer held it");
        }
        if (!(competitor.refusal().get() instanceof BindException)) {
            return new Verdict(
                    Outcome.FAILS_OTHERWISE,
                    who + ": " + competitor.describe() + ", which is not the port being taken");
        }
        return new Verdict(
                Outcome.MEETS_CONTRACT, who + ": met: " + competitor.describe() + " while the claimer held it");
    }
    // end::judge[]
}
