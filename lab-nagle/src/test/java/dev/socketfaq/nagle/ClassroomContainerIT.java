package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ContainerTest;
import dev.socketfaq.testkit.LabContainers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.lifecycle.Startables;

/**
 * The classroom split beyond loopback: one server container, and a few "laptop" containers each running many
 * students against it over a network of the test's own. Every student is served; the split write still stalls.
 */
@ContainerTest(evidence = "classroom-containers")
@Timeout(240)
class ClassroomContainerIT {
    static final int LAPTOPS = 3;
    static final int STUDENTS_PER_LAPTOP = 40;
    static final Pattern SERVED =
            Pattern.compile("(\\d+) students: (\\d+) connections held, (\\d+) refused, (\\d+) errors");
    static final Pattern BROKEN = Pattern.compile("broken, whole class\\s+([\\d.]+) ms");
    static final Pattern FIXED = Pattern.compile("fixed, whole class\\s+([\\d.]+) ms");

    @Test
    void laptops_full_of_students_are_all_served_by_one_server() {
        List<List<?>> rows = new ArrayList<>();
        try (Network network = LabContainers.network();
                var server = ServerContainer.on(network, 7007)) {
            server.start();
            List<GenericContainer<?>> laptops = new ArrayList<>();
            try {
                for (int i = 1; i <= LAPTOPS; i++) {
                    laptops.add(LabContainers.javaMain(
                                    network,
                                    "laptop-" + i,
                                    NagleLab.class.getName(),
                                    "classroom",
                                    "--host",
                                    "server",
                                    "--students",
                                    String.valueOf(STUDENTS_PER_LAPTOP),
                                    "--seconds",
                                    "3")
                            .withStartupCheckStrategy(
                                    new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(150))));
                }
                Startables.deepStart(laptops).join(); // all laptops at once; returns when each has finished
                for (var laptop : laptops) {
                    String out = laptop.getLogs();
                    Matcher served = find(SERVED, out);
                    assertThat(Integer.parseInt(served.group(2))).as(out).isEqualTo(2 * STUDENTS_PER_LAPTOP);
                    assertThat(Integer.parseInt(served.group(3))).as(out).isZero();
                    assertThat(Integer.parseInt(served.group(4))).as(out).isZero();
                    double broken = Double.parseDouble(find(BROKEN, out).group(1));
                    double fixed = Double.parseDouble(find(FIXED, out).group(1));
                    assertThat(broken / fixed)
                            .as("broken/fixed on a laptop:%n%s", out)
                            .isGreaterThan(10);
                    rows.add(List.of(laptop.getNetworkAliases().getLast(), served.group(2), broken, fixed));
                }
            } finally {
                laptops.forEach(GenericContainer::stop);
            }
        }
        Evidence.named("classroom-containers", "A class across machines: laptops of students, one server")
                .what(LAPTOPS + " client containers with " + STUDENTS_PER_LAPTOP + " students each (a broken and "
                        + "a fixed client per student) against one server container, all at once, on a network of "
                        + "the test's own.")
                .table(List.of("laptop", "connections held", "broken median ms", "fixed median ms"), rows)
                .write();
    }

    private static Matcher find(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("'%s' in:%n%s", pattern, output).isTrue();
        return m;
    }
}
