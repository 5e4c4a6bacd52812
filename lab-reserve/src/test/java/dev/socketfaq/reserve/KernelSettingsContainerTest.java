package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.LabContainers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * The OS setting is not a reservation. In a container (a network namespace of its own) the test sets
 * {@code ip_local_reserved_ports} (the Linux counterpart of the Windows excluded range the FAQ cites) and a
 * narrow {@code ip_local_port_range}, and runs the lab's experiments there: nothing changes on the host.
 */
@ContainerTest(evidence = "kernel-settings")
@Timeout(120)
class KernelSettingsContainerTest {
    static final int RESERVED = 40005;
    static final Pattern FIELD = Pattern.compile("([\\w-]+)=(\\S+)");

    // tag::kernel[]
    @Test
    void reserved_ports_only_steer_the_os_and_ephemeral_ports_run_out() {
        Map<String, String> r;
        try (Network network = LabContainers.network();
             var container = LabContainers.withSysctls(
                             LabContainers.javaMain(network, "ports", ReserveLab.class.getName(), "kernel", "--reserved", String.valueOf(RESERVED)),
                             Map.of("net.ipv4.ip_local_reserved_ports", String.valueOf(RESERVED),
                                    "net.ipv4.ip_local_port_range", "40000 40009"))
                     .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            container.start();
            r = results(container.getLogs());
        }
        assertThat(r.get("reserved-hits")).as("OS-assigned ports on the reserved port, of %s", r.get("os-assigned")).isEqualTo("0");
        assertThat(r.get("explicit-binds-ok")).as("explicit binds to the reserved port that succeeded, of %s (the other process: %s)",
                r.get("explicit-binds"), r.get("other-process")).isEqualTo(r.get("explicit-binds"));
        assertThat(r.get("other-process-binds-ok")).as("of them, from another process: %s", r.get("other-process")).isEqualTo("1");
        assertThat(Integer.parseInt(r.get("collisions-broken"))).as("probe-then-bind collisions in a 10-port range").isPositive();
        assertThat(r.get("collisions-fixed")).as("keep-what-you-bound collisions").isEqualTo("0");
        assertThat(Integer.parseInt(r.get("exhausted-after"))).as("connections before the range ran out").isBetween(1, 10);
        assertThat(r.get("error")).as("why the next connection failed")
                .startsWith("no ephemeral port left after " + r.get("exhausted-after") + " connections (net.ipv4.ip_local_port_range 40000-40009): ")
                .endsWith(": Cannot assign requested address"); // the clear part, then the OS's own words
        writeEvidence(r);
    }
    // end::kernel[]

    static Map<String, String> results(String logs) {
        var r = new HashMap<String, String>();
        logs.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            int error = l.indexOf(" error=");
            String fields = error < 0 ? l : l.substring(0, error);
            FIELD.matcher(fields).results().forEach(m -> r.put(m.group(1), m.group(2)));
            if (error >= 0) r.put("error", l.substring(error + " error=".length())); // the OS's message, spaces and all
        });
        logs.lines().filter(l -> l.startsWith("the other process: ")).forEach(l -> r.put("other-process", l.substring(19)));
        assertThat(r).as("RESULT lines in:%n%s", logs).containsKeys("reserved-hits", "collisions-broken", "exhausted-after");
        return r;
    }

    static void writeEvidence(Map<String, String> r) {
        String binds = r.get("explicit-binds-ok") + " of " + r.get("explicit-binds");
        Evidence.named("kernel-settings", "Port settings in a network namespace: ip_local_port_range 40000-40009, reserved " + RESERVED)
                .what("Run in a container with those sysctls: " + r.get("os-assigned") + " OS-assigned ports (binds to 0, "
                        + "connects without a bind), " + r.get("explicit-binds") + " explicit binds to the reserved port (one of them "
                        + "from a second process), 8 claimants x 40 rounds, then outgoing connections until the range ran out.")
                .headline("*" + r.get("reserved-hits") + " of " + r.get("os-assigned") + "* OS-assigned ports landed on the reserved "
                        + "port; explicit binds to it: *" + binds + "* succeeded")
                .figure("OS-assigned ports on the reserved port", Integer.parseInt(r.get("reserved-hits")), "of " + r.get("os-assigned"))
                .figure("explicit binds to the reserved port that succeeded", Integer.parseInt(r.get("explicit-binds-ok")),
                        "of " + r.get("explicit-binds") + " (from a second process: " + r.get("other-process-binds-ok") + " of "
                                + r.get("other-process-binds") + ")")
                .figure("probe-then-bind (broken)", Integer.parseInt(r.get("collisions-broken")), "collisions in " + r.get("claims") + " claims")
                .figure("keep-what-you-bound (fixed)", Integer.parseInt(r.get("collisions-fixed")), "collisions in " + r.get("claims") + " claims")
                .table(List.of("question", "answer"), List.of(
                        List.of("OS-assigned ports that landed on the reserved port", r.get("reserved-hits") + " of " + r.get("os-assigned")
                                + " (the ports the OS used: " + r.get("distinct").replace(",", ", ") + ")"),
                        List.of("odd ports among those bind(0) got", r.get("bind0-odd") + " of " + r.get("bind0")),
                        List.of("odd ports among those connect() got", r.get("connect-odd") + " of " + r.get("connect")),
                        List.of("explicit binds to the reserved port that succeeded", binds + " (from a second process: "
                                + r.get("other-process-binds-ok") + " of " + r.get("other-process-binds") + ")"),
                        List.of("collisions, probe-then-bind (broken)", r.get("collisions-broken") + " of " + r.get("claims")),
                        List.of("collisions, keep-what-you-bound (fixed)", r.get("collisions-fixed") + " of " + r.get("claims")),
                        List.of("outgoing connections before the range ran out", r.get("exhausted-after") + " (then: " + r.get("error") + ")")))
                .write();
    }
}
