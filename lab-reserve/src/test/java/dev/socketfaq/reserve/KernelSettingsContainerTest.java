package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.LabContainers;
import dev.socketfaq.testkit.Proves;
import java.time.Duration;
import java.util.ArrayList;
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
 * narrow {@code ip_local_port_range}, and runs the lab's experiments there: nothing changes on the host. A second
 * container, the control, has the same range and nothing reserved: there the OS does hand those ports out.
 */
@ContainerTest(evidence = "kernel-settings")
@Timeout(120)
class KernelSettingsContainerTest {
    /** Odd: in a range that starts even, bind(0) draws from the odd ports (see the parity counts). */
    static final int FOR_BIND0 = 40005;
    /** Even: connect() draws from the range's first port's parity; an odd port alone would have tested only bind(0). */
    static final int FOR_CONNECT = 40004;

    static final String RESERVED = FOR_CONNECT + "," + FOR_BIND0;
    static final String RANGE = "40000 40009";
    static final Pattern FIELD = Pattern.compile("([\\w-]+)=(\\S+)");

    // tag::kernel[]
    @Test
    @Proves({FaqClaim.EXCLUDED_RANGE_STEERS, FaqClaim.EXPLICIT_BIND_INTO_RANGE})
    void reserved_ports_only_steer_the_os_and_ephemeral_ports_run_out() {
        // the control: the same range, the same OS-assigned allocations, nothing reserved. Without it, "0 hits" could
        // mean only that the OS never picks those ports
        Map<String, String> control = run(Map.of("net.ipv4.ip_local_port_range", RANGE), "--os-assigned-only");
        Map<String, String> r =
                run(Map.of("net.ipv4.ip_local_reserved_ports", RESERVED, "net.ipv4.ip_local_port_range", RANGE));
        assertThat(control.get("reserved-setting"))
                .as("reserved ports in the control's namespace")
                .isEqualTo("none");
        assertThat(r.get("reserved-setting"))
                .as("reserved ports in the experiment's namespace")
                .isEqualTo(FOR_CONNECT + "-" + FOR_BIND0);
        assertThat(control.get("os-assigned"))
                .as("the same number of OS-assigned ports in both")
                .isEqualTo(r.get("os-assigned"));
        assertThat(Integer.parseInt(control.get("port-" + FOR_BIND0 + "-bind0-hits")))
                .as(
                        "control: binds to port 0 that got %d, of %s" + " (ports used: %s)",
                        FOR_BIND0, control.get("bind0"), control.get("distinct"))
                .isPositive();
        assertThat(Integer.parseInt(control.get("port-" + FOR_CONNECT + "-connect-hits")))
                .as(
                        "control: connects without a bind that got" + " %d, of %s (ports used: %s)",
                        FOR_CONNECT, control.get("connect"), control.get("distinct"))
                .isPositive();
        assertThat(r.get("reserved-hits"))
                .as(
                        "OS-assigned ports on a reserved port, of %s (ports used: %s)",
                        r.get("os-assigned"), r.get("distinct"))
                .isEqualTo("0");
        assertThat(r.get("explicit-binds-ok"))
                .as(
                        "explicit binds to the reserved ports that succeeded, of %s (the other process: %s)",
                        r.get("explicit-binds"), r.get("other-process"))
                .isEqualTo(r.get("explicit-binds"));
        assertThat(r.get("other-process-binds-ok"))
                .as("of them, from another process: %s", r.get("other-process"))
                .isEqualTo(r.get("other-process-binds"));
        assertThat(Integer.parseInt(r.get("collisions-broken")))
                .as("probe-then-bind collisions in a 10-port range")
                .isPositive();
        assertThat(r.get("collisions-fixed"))
                .as("keep-what-you-bound collisions")
                .isEqualTo("0");
        assertThat(Integer.parseInt(r.get("exhausted-after")))
                .as("connections before the range ran out")
                .isBetween(1, 10);
        assertThat(r.get("error"))
                .as("why the next connection failed")
                .startsWith("no ephemeral port left after " + r.get("exhausted-after")
                        + " connections (net.ipv4.ip_local_port_range 40000-40009): ")
                .endsWith(": Cannot assign requested address"); // the clear part, then the OS's own words
        writeEvidence(r, control);
    }
    // end::kernel[]

    /** Runs the lab's kernel experiments in a container of their own with {@code sysctls}; returns its RESULT fields. */
    static Map<String, String> run(Map<String, String> sysctls, String... options) {
        var args = new ArrayList<>(List.of("kernel", "--reserved", RESERVED));
        args.addAll(List.of(options));
        try (Network network = LabContainers.network();
                var container = LabContainers.withSysctls(
                                LabContainers.javaMain(
                                        network, "ports", ReserveLab.class.getName(), args.toArray(String[]::new)),
                                sysctls)
                        .withStartupCheckStrategy(
                                new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            container.start();
            return options.length == 0
                    ? results(
                            container.getLogs(),
                            "reserved-setting",
                            "reserved-hits",
                            "explicit-binds-ok",
                            "collisions-broken",
                            "exhausted-after")
                    : results(container.getLogs(), "reserved-setting", "reserved-hits");
        }
    }

    static Map<String, String> results(String logs, String... required) {
        var r = new HashMap<String, String>();
        logs.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            int error = l.indexOf(" error=");
            String fields = error < 0 ? l : l.substring(0, error);
            FIELD.matcher(fields).results().forEach(m -> r.put(m.group(1), m.group(2)));
            if (error >= 0) r.put("error", l.substring(error + " error=".length())); // the OS's message, spaces and all
        });
        logs.lines()
                .filter(l -> l.startsWith("the other process: "))
                .forEach(l -> r.put("other-process", l.substring(19)));
        assertThat(r).as("RESULT lines in:%n%s", logs).containsKeys(required);
        return r;
    }

    static void writeEvidence(Map<String, String> r, Map<String, String> control) {
        String binds = r.get("explicit-binds-ok") + " of " + r.get("explicit-binds");
        String reserved = r.get("reserved-setting");
        Evidence.named(
                        "kernel-settings",
                        "Port settings in a network namespace: ip_local_port_range 40000-40009, reserved " + reserved)
                .what("Run in a container with those sysctls: " + r.get("os-assigned") + " OS-assigned ports ("
                        + r.get("bind0")
                        + " binds to 0, " + r.get("connect") + " connects without a bind), " + r.get("explicit-binds")
                        + " explicit binds to the reserved ports (" + r.get("other-process-binds")
                        + " of them from a second process), "
                        + "8 claimants x 40 rounds, then outgoing connections until the range ran out. "
                        + "The control: the same OS-assigned allocations in a second container with the same range and no "
                        + "reserved ports (its /proc said: " + control.get("reserved-setting")
                        + "). Two ports are reserved, one of "
                        + "each parity, because bind(0) and connect() draw from different parities.")
                .headline("*" + r.get("reserved-hits") + " of " + r.get("os-assigned")
                        + "* OS-assigned ports landed on a reserved "
                        + "port (with nothing reserved: *" + control.get("reserved-hits") + " of "
                        + control.get("os-assigned")
                        + "*); explicit binds to them: *" + binds + "* succeeded")
                // the first four share a unit, so the site draws them as the chart: the control against the reservation
                // (names short enough for the chart's labels; how many binds and connects is in "what" and the table)
                .figure(
                        "control: bind(0) got " + FOR_BIND0,
                        Integer.parseInt(control.get("port-" + FOR_BIND0 + "-bind0-hits")),
                        "times")
                .figure(
                        "reserved: bind(0) got " + FOR_BIND0,
                        Integer.parseInt(r.get("port-" + FOR_BIND0 + "-bind0-hits")),
                        "times")
                .figure(
                        "control: connect() got " + FOR_CONNECT,
                        Integer.parseInt(control.get("port-" + FOR_CONNECT + "-connect-hits")),
                        "times")
                .figure(
                        "reserved: connect() got " + FOR_CONNECT,
                        Integer.parseInt(r.get("port-" + FOR_CONNECT + "-connect-hits")),
                        "times")
                .figure(
                        "explicit binds to the reserved ports that succeeded",
                        Integer.parseInt(r.get("explicit-binds-ok")),
                        "of " + r.get("explicit-binds") + " (from a second process: " + r.get("other-process-binds-ok")
                                + " of " + r.get("other-process-binds") + ")")
                .figure(
                        "probe-then-bind (broken)",
                        Integer.parseInt(r.get("collisions-broken")),
                        "collisions in " + r.get("claims") + " claims")
                .figure(
                        "keep-what-you-bound (fixed)",
                        Integer.parseInt(r.get("collisions-fixed")),
                        "collisions in " + r.get("claims") + " claims")
                .table(
                        List.of("question", "answer"),
                        List.of(
                                List.of(
                                        "nothing reserved (control, same range): OS-assigned ports on " + FOR_CONNECT
                                                + " or " + FOR_BIND0,
                                        hits(control)),
                                List.of(reserved + " reserved: OS-assigned ports on them", hits(r)),
                                List.of(
                                        "odd ports among those bind(0) got (control / reserved)",
                                        control.get("bind0-odd") + " / " + r.get("bind0-odd") + " of "
                                                + r.get("bind0")),
                                List.of(
                                        "odd ports among those connect() got (control / reserved)",
                                        control.get("connect-odd") + " / " + r.get("connect-odd") + " of "
                                                + r.get("connect")),
                                List.of(
                                        "explicit binds to the reserved ports that succeeded",
                                        binds + " (from a second process: " + r.get("other-process-binds-ok") + " of "
                                                + r.get("other-process-binds") + ")"),
                                List.of(
                                        "collisions, probe-then-bind (broken)",
                                        r.get("collisions-broken") + " of " + r.get("claims")),
                                List.of(
                                        "collisions, keep-what-you-bound (fixed)",
                                        r.get("collisions-fixed") + " of " + r.get("claims")),
                                List.of(
                                        "outgoing connections before the range ran out",
                                        r.get("exhausted-after") + " (then: " + r.get("error") + ")")))
                .write();
    }

    /** "57 of 306 (40005: bind(0) 56 of 301, connect() 0 of 5; 40004: ...; ports used: 40000, ...)": one namespace's hits. */
    static String hits(Map<String, String> r) {
        var s = new StringBuilder(r.get("reserved-hits") + " of " + r.get("os-assigned") + " (");
        for (int port : List.of(FOR_BIND0, FOR_CONNECT)) {
            s.append(port)
                    .append(": bind(0) ")
                    .append(r.get("port-" + port + "-bind0-hits"))
                    .append(" of ")
                    .append(r.get("bind0"))
                    .append(", connect() ")
                    .append(r.get("port-" + port + "-connect-hits"))
                    .append(" of ")
                    .append(r.get("connect"))
                    .append("; ");
        }
        return s.append("ports used: ")
                .append(r.get("distinct").replace(",", ", "))
                .append(')')
                .toString();
    }
}
