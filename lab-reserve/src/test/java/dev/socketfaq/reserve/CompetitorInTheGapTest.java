package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.reserve.CompetitorInTheGap.Attempt;
import dev.socketfaq.reserve.CompetitorInTheGap.Round;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the demo and {@code gap} print for a round, and their verdicts, from rounds written out by hand. */
@Timeout(10)
class CompetitorInTheGapTest {
    static final Attempt TOOK = new Attempt(40003, Optional.empty());
    static final Attempt REFUSED = new Attempt(40003, Optional.of(new BindException("Address already in use")));
    static final Optional<IOException> IN_USE = Optional.of(new BindException("Address already in use"));

    @Test
    void a_lost_port_is_described_and_judged_lost() {
        var round = new Round(List.of(TOOK), OptionalInt.empty(), IN_USE);
        assertThat(round.describe()).isEqualTo("bind failed (Address already in use); the competitor took port 40003");
        assertThat(round.lostThePort()).isTrue();
        assertThat(round.keptThePort()).isFalse();
    }

    @Test
    void a_kept_port_is_described_and_judged_kept() {
        var round = new Round(List.of(REFUSED), OptionalInt.of(40003), Optional.empty());
        assertThat(round.describe())
                .isEqualTo("got port 40003; the competitor was refused port 40003 (Address already in use)");
        assertThat(round.keptThePort()).isTrue();
        assertThat(round.lostThePort()).isFalse();
    }

    @Test
    void a_round_without_a_competitor_or_a_port_is_neither() {
        var silent = new Round(List.of(), OptionalInt.of(40003), Optional.empty());
        assertThat(silent.describe()).isEqualTo("got port 40003; no competitor ran (meanwhile was never called)");
        assertThat(silent.keptThePort()).as("nobody tried").isFalse();
        var empty = new Round(List.of(TOOK), OptionalInt.empty(), Optional.empty());
        assertThat(empty.describe()).isEqualTo("the channel it returned holds no port; the competitor took port 40003");
        assertThat(empty.keptThePort()).isFalse();
        assertThat(empty.lostThePort()).as("the claim did not fail").isFalse();
    }

    @Test
    void kept_needs_the_competitor_refused_on_the_very_port_held() {
        assertThat(new Round(List.of(REFUSED), OptionalInt.of(40005), Optional.empty()).keptThePort())
                .as("refused on another port")
                .isFalse();
        assertThat(new Round(List.of(TOOK), OptionalInt.of(40003), Optional.empty()).keptThePort())
                .as("shared")
                .isFalse();
        assertThat(new Round(List.of(REFUSED), OptionalInt.empty(), IN_USE).lostThePort())
                .as("failed, but nobody took the port")
                .isFalse();
    }
}
