package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.serverport.TwoInstances.Stage;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every way of finding the server, each on a fresh host. Each mode declares its outcome up front,
 * as a jcstress sample declares acceptable and forbidden ones; the test asserts that the observed one is declared.
 */
@Timeout(30)
class FindServerContractTest {
    /**
     * The agreement of this test's host. Below 32768, outside the default ranges of ports handed to outgoing
     * connections on Linux, Windows and macOS (a port there can be held by a TIME_WAIT for a minute, lab-reserve's
     * lesson); where a client connection holds one anyway, the test skips and names the holder (assumeFree).
     */
    static final Map<String, Integer> AGREED = Map.of("a", 27_021, "b", 27_022);

    // tag::expectations[]
    static final Map<Mode, Stage> EXPECTED = Map.of(
            Mode.HIJACK, Stage.FIRST_START, // the web server holds the HTTP port
            Mode.FIXED_NUMBER, Stage.SECOND_START, // one compiled-in port: one instance per host
            Mode.UNPUBLISHED, Stage.FIND, // nobody told the client the port
            Mode.OPEN_DIRECTORY, Stage.REDIRECTED, // a stranger rewrote the entry
            Mode.AGREED, Stage.MET,
            Mode.DIRECTORY, Stage.MET,
            Mode.HTTP, Stage.MET);
    // end::expectations[]

    /** The evidence table's rows, written after the last mode; tests never read it. */
    static final Map<Mode, List<?>> outcomes = new ConcurrentSkipListMap<>();

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves({
        FaqClaim.CLIENT_MUST_KNOW_PORT,
        FaqClaim.FIXED_NUMBER_COLLIDES,
        FaqClaim.HIJACK_BREAKS_COEXISTENCE,
        FaqClaim.PORT_ZERO_NEEDS_DIRECTORY,
        FaqClaim.REUSE_A_SERVER
    })
    void each_mode_has_the_outcome_it_declares(Mode mode) throws Exception {
        if (mode == Mode.FIXED_NUMBER) assumeFree(FixedPortNumber.PORT);
        if (mode == Mode.AGREED) AGREED.values().forEach(FindServerContractTest::assumeFree);

        FindServerContract.Outcome outcome = new FindServerContract(AGREED).observe(mode);

        outcomes.put(
                mode,
                List.of(
                        mode.label(),
                        mode.kind().name().toLowerCase(),
                        EXPECTED.get(mode),
                        outcome.stage(),
                        outcome.message()));
        assertThat(outcome.stage()).as(outcome.message()).isEqualTo(EXPECTED.get(mode));
        assertThat(outcome.met()).as("met iff the mode is a fix").isEqualTo(mode.meetsContract());
        switch (outcome.stage()) {
            case FIRST_START, SECOND_START ->
                assertThat(outcome.error())
                        .as("a start fails on the bind itself")
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining("Address already in use");
            case REDIRECTED -> assertThat(outcome.steps()).anyMatch(step -> step.startsWith("a stranger rewrote cn=a"));
            default -> {}
        }
        if (mode == Mode.DIRECTORY) {
            assertThat(outcome.steps())
                    .as("the stranger tried, and the guarded directory refused it")
                    .anyMatch(step -> step.contains("was refused: insufficientAccessRights (50)"));
        }
    }
    // end::contract-test[]

    /** The student edition's task: the guarded directory, held to the contract that proves ours. */
    @Graded
    void server_port_guard_the_directory() throws Exception {
        FindServerContract.Outcome outcome = new FindServerContract(AGREED).observe(Mode.DIRECTORY);
        Graded.Task.check(
                outcome.met() ? Optional.empty() : Optional.of(outcome.message()),
                "a client finds the port in the directory, so whoever may write an entry decides where clients"
                        + " go. Who should be allowed to write, and how does the directory tell them apart?");
    }

    @AfterAll
    static void writeEvidence() {
        if (outcomes.size() != Mode.values().length) return;
        Evidence.named("contract-outcomes", "The two-instances contract, per way of finding the server")
                .what("On a host that runs a web server on its HTTP port, two instances of the time service start, a "
                        + "stranger tries to rewrite instance a's directory entry without credentials, and a client "
                        + "finds each; the message is the contract's own, from this build.")
                .headline("two instances on one host: "
                        + outcomes.values().stream()
                                .map(o -> o.get(0) + " *"
                                        + switch ((Stage) o.get(3)) {
                                            case MET -> "both found";
                                            case FIRST_START -> "cannot start";
                                            case SECOND_START -> "second cannot start";
                                            case FIND -> "not found";
                                            case REDIRECTED -> "clients redirected";
                                        }
                                        + "*")
                                .collect(Collectors.joining(", ")))
                .table(List.of("mode", "kind", "expected", "observed", "contract says"), List.copyOf(outcomes.values()))
                .write();
    }

    /** Skips (with the holder's name) when another program holds a port this test must use. */
    static void assumeFree(int port) {
        if (free(port)) return;
        // A socket an earlier test left unclosed (under PIT: a mutant that drops a close) holds the port only until
        // the garbage collector runs its cleaner: collect and look again before calling the port another program's.
        try {
            Awaitility.await("port " + port + " freed")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return free(port);
                    });
        } catch (ConditionTimeoutException e) {
            Assumptions.abort("port " + port + " is taken on this machine: " + PortHolders.describe(port));
        }
    }

    private static boolean free(int port) {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
