package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.getsockname.CallbackContract.Observed;
import dev.socketfaq.getsockname.CallbackContract.Outcome;
import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every mode: the fix meets it, each broken mode breaks it the way it declares up front, as a jcstress
 * sample declares its acceptable and forbidden outcomes.
 */
@Timeout(60)
class CallbackContractTest {

    // tag::expectations[]
    static final Map<Mode, Outcome> EXPECTED = Map.of(
            Mode.LISTENING, Outcome.TOLD_THE_WILDCARD, // 0.0.0.0: nobody can call "any"
            Mode.LOCAL_HOST,
                    hostNameResolves() // the host name's one address, for every client;
                            ? Outcome.TOLD_ANOTHER_ADDRESS // where the name does not resolve (macOS, some CI
                            : Outcome.TOLD_NO_ADDRESS, // runners), no address at all: the server says ERR
            Mode.ACCEPTED, Outcome.MEETS_CONTRACT); // the address each client reached
    // end::expectations[]

    /** Whether InetAddress.getLocalHost() works on this machine: it looks up the host's own name. */
    static boolean hostNameResolves() {
        try {
            InetAddress.getLocalHost();
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // tag::contract-test[]
    /** Observes one mode and holds it to the outcome it declares. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION)
    void each_mode_has_the_outcome_it_declares(Mode mode) throws IOException {
        assumeMultipleAddresses();
        Observed o = CallbackContract.observe(mode);
        assertThat(o.outcome()).as(o.says()).isEqualTo(EXPECTED.get(mode));
    }
    // end::contract-test[]

    /** Every mode's calls and outcome, as the page shows them, held to the declared outcomes once more. */
    @Test
    void the_outcomes_are_evidence() throws IOException {
        assumeMultipleAddresses();
        var observed = new ArrayList<Observed>();
        for (Mode mode : Mode.values()) observed.add(CallbackContract.observe(mode));
        writeEvidence(observed);
        assertThat(observed)
                .allSatisfy(o -> assertThat(o.outcome()).as(o.says()).isEqualTo(EXPECTED.get(o.mode())));
    }

    private static void assumeMultipleAddresses() {
        assumeTrue(
                Loopback.multipleAddresses(),
                "this OS answers on 127.0.0.1 only (Linux answers on all of 127.0.0.0/8); "
                        + "the container test shows the same on two real networks");
    }

    /** The student edition's task: the fixed mode, held to the contract that proves ours, whatever its shape. */
    @Graded
    void getsockname_accepted_address() throws IOException {
        assumeTrue(Loopback.multipleAddresses(), "this OS answers on 127.0.0.1 only: no second address to reach");
        Observed o = CallbackContract.observe(Mode.ACCEPTED);
        Graded.Task.check(
                o.outcome() == Outcome.MEETS_CONTRACT ? Optional.empty() : Optional.of(o.says()),
                "the listening socket is bound to every address at once. Which socket knows the one address"
                        + " this client reached, and when does it know it?");
    }

    /** The contract's judgment of one client: the address and the port it dialed, and a call back that worked. */
    @Test
    @Proves(FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION)
    void a_client_told_another_port_or_address_or_not_called_back_breaks_the_contract() {
        var dialed = new InetSocketAddress(Loopback.LOOPBACK, 7010);
        assertThat(CallbackContract.met(call(dialed, dialed, null))).isTrue();
        assertThat(CallbackContract.met(call(dialed, new InetSocketAddress(Loopback.LOOPBACK, 7011), null)))
                .as("told another port")
                .isFalse();
        assertThat(CallbackContract.met(call(dialed, new InetSocketAddress(Loopback.OTHER_LOOPBACK, 7010), null)))
                .as("told another address")
                .isFalse();
        assertThat(CallbackContract.met(call(dialed, dialed, "cannot reach it")))
                .as("not called back")
                .isFalse();
        assertThat(CallbackContract.met(call(dialed, null, "the server told no address")))
                .as("told nothing")
                .isFalse();
    }

    static CallbackClient.Call call(InetSocketAddress dialed, InetSocketAddress told, String problem) {
        return new CallbackClient.Call(
                Mode.ACCEPTED, dialed, new InetSocketAddress(Loopback.LOOPBACK, 50000), told, problem);
    }

    static void writeEvidence(List<Observed> observed) {
        var calls = new ArrayList<List<?>>();
        var outcomes = new ArrayList<List<?>>();
        for (Observed o : observed) {
            for (CallbackClient.Call c : o.calls()) {
                calls.add(List.of(
                        o.mode().label(),
                        TableText.kind(o.mode()),
                        TableText.text(c.dialed()),
                        TableText.text(c.told()),
                        c.calledBack()
                                ? (c.toldWhatWasDialed() ? "yes" : "yes, on another address")
                                : "no: " + c.problem()));
            }
            outcomes.add(List.of(o.mode().label(), EXPECTED.get(o.mode()), o.outcome(), o.says()));
        }
        var evidence = Evidence.named(
                        "callback-local",
                        "Callback addresses from one wildcard-bound server, reached through two local addresses")
                .what("One server bound to 0.0.0.0 per mode; one client dials 127.0.0.1, another 127.0.0.2. Each asks"
                        + " for its callback address, then calls the server there. The figures count, per mode, the"
                        + " clients (of " + CallbackContract.DIALED.size() + ") told the address they dialed that"
                        + " then called the server back on it.")
                .headline("clients told the address they reached: "
                        + String.join(
                                ", ",
                                observed.stream()
                                        .map(o -> o.mode().label() + " *" + o.right() + " of "
                                                + o.calls().size() + "*")
                                        .toList()))
                .table(List.of("mode", "kind", "client dialed", "server told", "called back"), calls);
        for (Observed o : observed) {
            evidence.figure(o.mode().label() + " (" + TableText.kind(o.mode()) + ")", o.right(), "clients");
        }
        evidence.write();
        Evidence.named("contract-outcomes", "The callback contract, per mode")
                .what("Expected and observed outcome of each mode; the message is the contract's own, from this build.")
                .table(List.of("mode", "expected", "observed", "contract says"), outcomes)
                .write();
    }
}
