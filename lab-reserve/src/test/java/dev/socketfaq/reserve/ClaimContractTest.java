package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.reserve.ClaimContract.Outcome;
import dev.socketfaq.reserve.ClaimContract.Verdict;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claim contract against every mode: each declares its outcome up front, as a jcstress sample does. Then the
 * same contract against claimers that only look right, so that a wrong fix cannot read "meets the contract".
 */
@Timeout(30)
class ClaimContractTest {

    // tag::expectations[]
    static final Map<Mode, Outcome> EXPECTED = Map.of(
            Mode.BROKEN, Outcome.LOSES_THE_PORT, // probe-then-bind
            Mode.FIXED, Outcome.MEETS_CONTRACT); // keep-what-you-bound
    // end::expectations[]

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.ONLY_BIND_RESERVES)
    void each_mode_has_the_outcome_it_declares(Mode mode) throws IOException {
        Verdict verdict = ClaimContract.judge(mode.label(), CompetitorInTheGap.run(mode.create()));
        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(EXPECTED.get(mode));
    }
    // end::contract-test[]

    /** Claimers a careless fix could produce: each reads right at a glance, and the contract must say what it did. */
    enum LooksRight implements PortClaimer {
        NEVER_CALLS_MEANWHILE(Outcome.NOT_TRIED) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                return bound(ServerSocketChannel.open());
            }
        },
        CLOSES_BEFORE_MEANWHILE(Outcome.HOLDS_NO_PORT) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                var channel = bound(ServerSocketChannel.open());
                int port = channel.socket().getLocalPort();
                channel.close(); // as a try-with-resources around the bind would
                meanwhile.accept(port);
                return channel;
            }
        },
        LETS_OTHERS_SHARE(Outcome.SHARES_THE_PORT) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                var channel = ServerSocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                meanwhile.accept(bound(channel).socket().getLocalPort());
                return channel;
            }
        },
        HANDS_OUT_ANOTHER_PORT(Outcome.NOT_TRIED) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                try (var decoy = bound(ServerSocketChannel.open())) {
                    var channel = bound(ServerSocketChannel.open());
                    meanwhile.accept(decoy.socket().getLocalPort());
                    return channel;
                }
            }
        };

        final Outcome expected;

        LooksRight(Outcome expected) {
            this.expected = expected;
        }

        static ServerSocketChannel bound(ServerSocketChannel channel) throws IOException {
            return channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LooksRight.class)
    void a_claimer_that_only_looks_right_does_not_meet_the_contract(LooksRight claimer) throws IOException {
        Verdict verdict = ClaimContract.judge(claimer.name(), CompetitorInTheGap.run(claimer));
        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(claimer.expected);
    }

    @Test
    void a_claim_that_fails_in_the_gap_gives_its_port_back() throws IOException {
        var port = new AtomicInteger();
        assertThatThrownBy(() -> Mode.FIXED.create().claim(p -> {
                    port.set(p);
                    throw new IllegalStateException("the caller gave up");
                }))
                .hasMessage("the caller gave up");
        try (var again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.get())); // free again
        }
    }

    @Test
    void the_outcomes_are_evidence() throws IOException {
        List<List<?>> rows = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            Verdict verdict = ClaimContract.judge(mode.label(), CompetitorInTheGap.run(mode.create()));
            rows.add(List.of(mode.label(), EXPECTED.get(mode), verdict.outcome(), verdict.message()));
            assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(EXPECTED.get(mode));
        }
        Evidence.named("contract-outcomes", "The claim contract, per way of getting a port")
                .what("A competitor is handed the chosen port number in the gap between choosing and using it, and"
                        + " tries to bind it (asking to share it where the OS allows).")
                .headline(String.join(
                                "; ",
                                rows.stream().map(ClaimContractTest::headline).toList())
                        + " to a competitor in the gap")
                .table(List.of("mode", "expected", "observed", "contract says"), rows)
                .write();
    }

    private static String headline(List<?> row) {
        String observed = row.get(2) == Outcome.MEETS_CONTRACT
                ? "kept the port"
                : row.get(2) == Outcome.LOSES_THE_PORT
                        ? "lost the port"
                        : row.get(2).toString();
        return row.get(0) + ": *" + observed + "*";
    }
}
