package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.reserve.broken.ProbeThenBind;
import dev.socketfaq.reserve.fixed.KeepWhatYouBound;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract: code that was given a port can use it, even when other code runs between the choice and the use.
 * A competitor binds the chosen number in that gap, deterministically (it is handed the number).
 */
@Timeout(30)
class ClaimContractTest {

    // tag::expectations[]
    enum Outcome {
        MEETS_CONTRACT,
        LOSES_THE_PORT
    }

    static final Map<String, Supplier<PortClaimer>> CLAIMERS = Map.of(
            "probe-then-bind", ProbeThenBind::new,
            "keep-what-you-bound", KeepWhatYouBound::new);
    static final Map<String, Outcome> EXPECTED = Map.of(
            "probe-then-bind", Outcome.LOSES_THE_PORT,
            "keep-what-you-bound", Outcome.MEETS_CONTRACT);
    // end::expectations[]

    static final List<List<?>> outcomes = new ArrayList<>();

    // tag::competitor[]
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"probe-then-bind", "keep-what-you-bound"})
    void a_competitor_in_the_gap_cannot_take_the_port(String name) throws IOException {
        Optional<String> violation;
        try (var competitor = ServerSocketChannel.open()) {
            PortClaimer claimer = CLAIMERS.get(name).get();
            try (var ours = claimer.claim(port -> tryBind(competitor, port))) {
                violation = Optional.empty();
            } catch (IOException e) {
                violation = Optional.of(name + ": the bind failed (" + e.getMessage() + "): another socket bound port "
                        + ((InetSocketAddress) competitor.getLocalAddress()).getPort()
                        + " between the probe and the bind");
            }
        }
        Outcome observed = violation.isPresent() ? Outcome.LOSES_THE_PORT : Outcome.MEETS_CONTRACT;
        outcomes.add(List.of(name, EXPECTED.get(name), observed, violation.orElse("met")));
        assertThat(observed).as(violation.orElse("met")).isEqualTo(EXPECTED.get(name));
    }
    // end::competitor[]

    private static void tryBind(ServerSocketChannel competitor, int port) {
        try {
            competitor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            // the port is held: the competitor cannot have it
        }
    }

    @AfterAll
    static void writeEvidence() {
        if (outcomes.size() == CLAIMERS.size()) {
            Evidence.named("contract-outcomes", "The claim contract, per way of getting a port")
                    .what("A competitor binds the chosen port number in the gap between choosing and using it.")
                    .headline(outcomes.stream()
                                    .map(o -> o.get(0) + ": *"
                                            + (o.get(2) == Outcome.MEETS_CONTRACT ? "kept the port" : "lost the port")
                                            + "*")
                                    .collect(java.util.stream.Collectors.joining("; "))
                            + " to a competitor in the gap")
                    .table(List.of("claimer", "expected", "observed", "contract says"), outcomes)
                    .write();
        }
    }
}
