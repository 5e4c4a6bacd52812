package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract: every client is told a callback address it can call, and it is the address the client reached
 * the server by. Two clients reach one wildcard-bound server through two local addresses (127.0.0.1 and
 * 127.0.0.2: on Linux all of 127.0.0.0/8 is this machine, as two networks are for a multihomed host).
 */
@Timeout(30)
class CallbackContractTest {

    // tag::expectations[]
    enum Outcome {
        MEETS_CONTRACT,
        TOLD_THE_WILDCARD,
        TOLD_ANOTHER_ADDRESS,
        TOLD_NO_ADDRESS
    }

    static final Map<Advertise, Outcome> EXPECTED = Map.of(
            Advertise.LISTENING, Outcome.TOLD_THE_WILDCARD, // 0.0.0.0: nobody can call "any"
            Advertise.LOCAL_HOST,
                    hostNameResolves() // the host name's one address, for every client;
                            ? Outcome.TOLD_ANOTHER_ADDRESS // where the name does not resolve (macOS, some CI
                            : Outcome.TOLD_NO_ADDRESS, // runners), no address at all: the server says ERR
            Advertise.ACCEPTED, Outcome.MEETS_CONTRACT); // the address each client reached
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

    /** The first way the calls break the contract, or that they meet it. */
    static Outcome outcome(List<CallbackClient.Call> seen) {
        return seen.stream()
                .filter(c -> !(c.calledBack() && c.toldWhatWasDialed()))
                .findFirst()
                .map(c -> c.told() == null
                        ? Outcome.TOLD_NO_ADDRESS
                        : c.told().getAddress().isAnyLocalAddress()
                                ? Outcome.TOLD_THE_WILDCARD
                                : Outcome.TOLD_ANOTHER_ADDRESS)
                .orElse(Outcome.MEETS_CONTRACT);
    }

    static final List<InetAddress> DIALED = List.of(StateTable.LOOPBACK, StateTable.OTHER_LOOPBACK);
    static final List<List<?>> calls = new ArrayList<>();
    static final Map<Advertise, Integer> right = new EnumMap<>(Advertise.class);
    static final List<List<?>> outcomes = new ArrayList<>();

    @BeforeAll
    static void needsTwoLocalAddresses() {
        assumeTrue(
                StateTable.multipleLoopbackAddresses(),
                "this OS answers on 127.0.0.1 only (Linux answers on all of 127.0.0.0/8); the container test shows the same on two real networks");
    }

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Advertise.class)
    void every_client_is_told_the_address_it_reached(Advertise strategy) throws Exception {
        var seen = new ArrayList<CallbackClient.Call>();
        // the wildcard bind is the FAQ's case; the server serves peers on this machine only
        try (var server = CallbackServer.start(new InetSocketAddress(0), strategy, false, line -> {})) {
            for (InetAddress dial : DIALED) {
                seen.add(CallbackClient.call(
                        new InetSocketAddress(dial, server.address().getPort()), strategy));
            }
        }
        Optional<CallbackClient.Call> wrong = seen.stream()
                .filter(c -> !(c.calledBack() && c.toldWhatWasDialed()))
                .findFirst();
        Outcome observed = outcome(seen);
        String says = wrong.map(c -> strategy.label() + ": a client that dialed " + GetsocknameLab.text(c.dialed())
                        + " was told " + GetsocknameLab.text(c.told()) + (c.calledBack() ? "" : ": " + c.problem()))
                .orElse("met");
        record(strategy, seen, observed, says);
        assertThat(observed).as(says).isEqualTo(EXPECTED.get(strategy));
    }
    // end::contract-test[]

    static void record(Advertise strategy, List<CallbackClient.Call> seen, Outcome observed, String says) {
        seen.forEach(c -> calls.add(List.of(
                strategy.label(),
                strategy.kind(),
                GetsocknameLab.text(c.dialed()),
                GetsocknameLab.text(c.told()),
                c.calledBack() ? (c.toldWhatWasDialed() ? "yes" : "yes, on another address") : "no: " + c.problem())));
        right.put(strategy, (int) seen.stream()
                .filter(c -> c.calledBack() && c.toldWhatWasDialed())
                .count());
        outcomes.add(List.of(strategy.label(), EXPECTED.get(strategy), observed, says));
    }

    @AfterAll
    static void writeEvidence() {
        if (right.size() < Advertise.values().length) return;
        var evidence = Evidence.named(
                        "callback-local",
                        "Callback addresses from one wildcard-bound server, reached through two local addresses")
                .what(
                        "One server bound to 0.0.0.0 per strategy; one client dials 127.0.0.1, another 127.0.0.2. Each asks for its "
                                + "callback address, then calls the server there. The figures count, per strategy, the clients (of "
                                + DIALED.size()
                                + ") told the address they dialed that then called the server back on it.")
                .headline(String.format(
                        "clients told the address they reached: listening *%d of 2*, local-host *%d of 2*, accepted *%d of 2*",
                        right.get(Advertise.LISTENING), right.get(Advertise.LOCAL_HOST), right.get(Advertise.ACCEPTED)))
                .table(List.of("strategy", "kind", "client dialed", "server told", "called back"), calls);
        // the chart: one bar per strategy, counted from the calls above
        for (Advertise a : Advertise.values())
            evidence.figure(a.label() + " (" + a.kind() + ")", right.get(a), "clients");
        evidence.write();
        Evidence.named("contract-outcomes", "The callback contract, per strategy")
                .what(
                        "Expected and observed outcome of each strategy; the message is the contract's own, from this build.")
                .table(List.of("strategy", "expected", "observed", "contract says"), outcomes)
                .write();
    }
}
