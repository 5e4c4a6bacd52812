package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.reserve.ClaimContract.Outcome;
import dev.socketfaq.reserve.ClaimContract.Verdict;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The claim contract against every mode: each declares its outcome up front, as a jcstress sample does. Then the
 * same contract against claimers that only look right, so that a wrong fix cannot read "meets the contract". Every
 * test here proves claim 8: the contract's own checks are what make its verdict on the modes worth reading.
 */
@Timeout(30)
@Proves(FaqClaim.ONLY_BIND_RESERVES)
class ClaimContractTest {

    // tag::expectations[]
    static final Map<Mode, Outcome> EXPECTED = Map.of(
            Mode.BROKEN, Outcome.LOSES_THE_PORT, // probe-then-bind
            Mode.FIXED, Outcome.MEETS_CONTRACT); // keep-what-you-bound
    // end::expectations[]

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void each_mode_has_the_outcome_it_declares(Mode mode) throws IOException {
        Verdict verdict = ClaimContract.judge(mode.label(), CompetitorInTheGap.run(mode.create()));
        assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(EXPECTED.get(mode));
    }
    // end::contract-test[]

    /** The student edition's task: the fixed claimer, held to the contract that proves ours, whatever its shape. */
    @Graded
    void reserve_keep_what_you_bound() throws IOException {
        Verdict verdict = ClaimContract.judge(Mode.FIXED.label(), CompetitorInTheGap.run(Mode.FIXED.create()));
        Graded.Task.check(
                verdict.outcome() == Outcome.MEETS_CONTRACT ? Optional.empty() : Optional.of(verdict.message()),
                "a port number reserves nothing: between learning a free port and using it, anyone may take"
                        + " it. What holds a port from the moment it is chosen?");
    }

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
        FORGETS_TO_BIND(Outcome.HOLDS_NO_PORT) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                int port;
                try (var probe = bound(ServerSocketChannel.open())) {
                    port = probe.socket().getLocalPort();
                }
                var channel = ServerSocketChannel.open(); // open, never bound
                meanwhile.accept(port);
                return channel;
            }
        },
        RETURNS_NULL(Outcome.HOLDS_NO_PORT) {
            @Override
            public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
                try (var channel = bound(ServerSocketChannel.open())) {
                    meanwhile.accept(channel.socket().getLocalPort());
                    return null;
                }
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

    /** Without a competitor, each mode lets the OS choose a loopback port: two claims held at once get two ports. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void each_mode_gets_a_loopback_port_the_os_chose(Mode mode) throws IOException {
        try (var first = mode.create().claim(port -> {});
                var second = mode.create().claim(port -> {})) {
            var a = (InetSocketAddress) first.getLocalAddress();
            var b = (InetSocketAddress) second.getLocalAddress();
            assertThat(a.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(b.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(a.getPort()).as("two claims held at once").isNotEqualTo(b.getPort());
        }
    }

    /** A round closes what it opened, the claimer's failed channel too: no socket descriptor is left behind. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void a_round_leaves_no_socket_open(Mode mode) throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc (Linux)");
        CompetitorInTheGap.run(mode.create()); // once first: whatever the JDK opens lazily stays open
        long before = openSockets();
        var round = CompetitorInTheGap.run(mode.create());
        assertThat(openSockets()).as("sockets open after %s", round.describe()).isEqualTo(before);
        int port = round.attempts().getFirst().port();
        try (var again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // free again
        }
    }

    /** A claimer that throws after the competitor ran: the round closes the competitor all the same. */
    @Test
    void a_claimer_that_throws_in_the_gap_leaves_no_competitor_open() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc (Linux)");
        PortClaimer givesUp = meanwhile -> {
            try (var channel = LooksRight.bound(ServerSocketChannel.open())) {
                meanwhile.accept(channel.socket().getLocalPort());
            }
            throw new IllegalStateException("the claimer gave up");
        };
        assertThatThrownBy(() -> CompetitorInTheGap.run(givesUp)).hasMessage("the claimer gave up"); // warm up
        long before = openSockets();
        assertThatThrownBy(() -> CompetitorInTheGap.run(givesUp)).hasMessage("the claimer gave up");
        assertThat(openSockets()).as("sockets open after a claimer threw").isEqualTo(before);
    }

    private static long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (IOException e) {
                            return false; // the listing's own descriptor, closed meanwhile
                        }
                    })
                    .count();
        }
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
