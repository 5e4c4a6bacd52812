package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.LabContainers;
import dev.socketfaq.testkit.Proves;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real multihomed host: the server's container is attached to two networks the test creates, "red" and "blue",
 * and listens on the wildcard. A client on each network asks where to call the server back, under each mode,
 * and tries it. The networks are Docker bridges of their own: red cannot reach blue's addresses.
 */
@ContainerTest(evidence = "callback-two-networks")
@Timeout(180)
class MultihomedContainerTest {
    static final Pattern FIELD = Pattern.compile("([\\w-]+)=(\\S+)");

    // tag::two-networks[]
    @Test
    @Proves({FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION, FaqClaim.WILDCARD_ADDRESS_UNKNOWN})
    void each_network_is_told_an_address_it_can_reach_only_by_the_accepted_connection() {
        var calls = new ArrayList<Map<String, String>>();
        try (Network red = LabContainers.network();
                Network blue = LabContainers.network();
                var server = LabContainers.javaMain(
                                red,
                                "server",
                                GetsocknameLab.class.getName(),
                                "server",
                                "--bind",
                                "0.0.0.0",
                                "--port",
                                "7010") // the wildcard: every network, present and future
                        .waitingFor(Wait.forLogMessage(".*listening on.*", 1));
                var redClient = LabContainers.javaHost(red, "red-client");
                var blueClient = LabContainers.javaHost(blue, "blue-client")) {
            server.start();
            LabContainers.connect(server, blue); // a second network, after the bind: the wildcard covers it
            redClient.start();
            blueClient.start();
            calls.addAll(callEachStrategy(redClient, "red", LabContainers.addressOn(server, red)));
            calls.addAll(callEachStrategy(blueClient, "blue", LabContainers.addressOn(server, blue)));
        }
        writeEvidence(calls);

        assertThat(calls)
                .filteredOn("mode", "accepted")
                .hasSize(2)
                .allSatisfy(c -> assertThat(c)
                        .containsEntry("told-what-was-dialed", "true")
                        .containsEntry("called-back", "true"));
        assertThat(calls)
                .filteredOn("mode", "listening")
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.get("told")).startsWith("0.0.0.0:"))
                .allSatisfy(c -> assertThat(c).containsEntry("called-back", "false"));
        // getLocalHost(): the host name resolves to one address (the first network's): wrong for the other network
        assertThat(calls)
                .filteredOn("mode", "local-host")
                .hasSize(2)
                .filteredOn("told-what-was-dialed", "false")
                .hasSize(1)
                .allSatisfy(
                        c -> assertThat(c).as("told another network's address").containsEntry("called-back", "false"));
    }
    // end::two-networks[]

    static List<Map<String, String>> callEachStrategy(
            GenericContainer<?> client, String network, String serverAddress) {
        Container.ExecResult run = LabContainers.execMain(
                client,
                GetsocknameLab.class.getName(),
                "client",
                "--host",
                serverAddress,
                "--port",
                "7010",
                "--results");
        var calls = new ArrayList<Map<String, String>>();
        run.getStdout().lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            var c = new HashMap<String, String>();
            int problem = l.indexOf(" problem=");
            FIELD.matcher(problem < 0 ? l : l.substring(0, problem))
                    .results()
                    .forEach(m -> c.put(m.group(1), m.group(2)));
            c.put("problem", problem < 0 ? "" : l.substring(problem + " problem=".length()));
            c.put("network", network);
            calls.add(c);
        });
        assertThat(calls)
                .as(
                        "RESULT lines from the %s client (exit %d):%n%s%s",
                        network, run.getExitCode(), run.getStdout(), run.getStderr())
                .hasSize(Mode.values().length);
        return calls;
    }

    static void writeEvidence(List<Map<String, String>> calls) {
        var evidence = Evidence.named(
                        "callback-two-networks", "Callback addresses from a server container on two networks")
                .what(
                        "The server listens on 0.0.0.0 in a container attached to two networks the test created (red, blue). A "
                                + "client container on each network asks for its callback address under each mode, then calls it. "
                                + "The figures count, per mode, the clients (one per network) told the address they dialed that then "
                                + "called the server back on it.")
                .table(
                        List.of("mode", "client on", "client dialed", "server told", "called back"),
                        calls.stream()
                                .<List<?>>map(c -> List.of(
                                        c.get("mode"),
                                        c.get("network"),
                                        c.get("dialed"),
                                        c.get("told"),
                                        "true".equals(c.get("called-back")) ? "yes" : "no: " + c.get("problem")))
                                .toList());
        // the chart: one bar per mode, counted from the clients' RESULT lines
        for (Mode a : Mode.values()) {
            long right = calls.stream()
                    .filter(c -> a.label().equals(c.get("mode")))
                    .filter(c -> "true".equals(c.get("told-what-was-dialed")) && "true".equals(c.get("called-back")))
                    .count();
            evidence.figure(a.label() + " (" + TableText.kind(a) + ")", right, "clients");
        }
        evidence.write();
    }
}
