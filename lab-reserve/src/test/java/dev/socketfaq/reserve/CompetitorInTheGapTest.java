package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.reserve.CompetitorInTheGap.Attempt;
import dev.socketfaq.reserve.CompetitorInTheGap.Round;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The record the contract judges: what the demo and {@code gap} print for it, its verdicts, what it leaves. */
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
    void a_round_has_every_part() {
        assertThatNullPointerException().isThrownBy(() -> new Round(null, OptionalInt.empty(), IN_USE));
        assertThatNullPointerException().isThrownBy(() -> new Round(List.of(), null, IN_USE));
        assertThatNullPointerException().isThrownBy(() -> new Round(List.of(), OptionalInt.empty(), null));
    }

    /** A claimer that gives up with an unchecked exception after the competitor took its port: the port is freed. */
    @Test
    void a_claimer_that_throws_leaves_no_competitor_holding_a_port() throws IOException {
        var handed = new AtomicInteger();
        assertThatThrownBy(() -> CompetitorInTheGap.run(meanwhile -> {
                    try (var probe = ServerSocketChannel.open()) {
                        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                        handed.set(probe.socket().getLocalPort());
                    }
                    meanwhile.accept(handed.get()); // the competitor takes it
                    throw new IllegalStateException("gave up");
                }))
                .hasMessage("gave up");
        try (var again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), handed.get())); // free again
        }
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
