package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FAQ's advice, "isolate the platform dependent parts": the loops take their selector, pipe and listener from
 * {@link PlatformSelector} alone, so the same loop code runs on any {@code SelectorProvider}. The same stop contract,
 * with the same expected outcomes, runs in a child JVM on each provider the JDK ships for Linux: epoll, the default,
 * and poll, chosen with {@code -Djava.nio.channels.spi.SelectorProvider}. Nothing in the loops changes.
 */
@Timeout(180)
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll and poll are the JDK's selector providers on Linux")
class PlatformLoopTest {
    static final Map<String, List<List<?>>> rows = new ConcurrentHashMap<>(); // for the evidence only

    @ParameterizedTest(name = "{0}")
    @CsvSource({"epoll, ''", "poll, sun.nio.ch.PollSelectorProvider"})
    @Proves(FaqClaim.ISOLATE_PLATFORM_LOOP)
    void the_same_loops_meet_the_same_contract_on_each_selector_provider(String name, String provider)
            throws Exception {
        List<String> lines = runContract(provider);

        String expectedProvider = provider.isEmpty() ? "sun.nio.ch.EPollSelectorProvider" : provider;
        assertThat(lines).as("the child JVM's selector provider").contains("provider " + expectedProvider);
        Map<Mode, String> observed = new TreeMap<>();
        List<List<?>> table = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("outcome ")) continue;
            String[] parts = line.split(" ", 4);
            Mode mode = Mode.valueOf(parts[1]);
            observed.put(mode, parts[2] + ": " + parts[3]);
            table.add(List.of(name, mode.label(), StopContractTest.EXPECTED.get(mode), parts[2]));
        }
        rows.put(name, table);
        for (Mode mode : Mode.values()) {
            assertThat(observed.get(mode))
                    .as("%s on %s; child output:%n%s", mode.label(), name, String.join("\n", lines))
                    .startsWith(StopContractTest.EXPECTED.get(mode) + ":");
        }
    }

    /** Runs {@link StopContractMain} in a child JVM on {@code provider} (empty: the default) and returns its output. */
    static List<String> runContract(String provider) throws Exception {
        Path testClasses =
                Path.of(System.getProperty("labs.classesDir", "target/classes")).resolveSibling("test-classes");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-XX:TieredStopAtLevel=1");
        if (!provider.isEmpty()) command.add("-Djava.nio.channels.spi.SelectorProvider=" + provider);
        command.addAll(List.of(
                "-cp", ChildJvm.labClasspath() + File.pathSeparator + testClasses, StopContractMain.class.getName()));
        Path output = Files.createTempFile("stop-contract-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            boolean exited = process.waitFor(150, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(output);
            assertThat(exited)
                    .as("the child JVM exited; output:%n%s", String.join("\n", lines))
                    .isTrue();
            assertThat(process.exitValue())
                    .as("the child JVM's exit code; output:%n%s", String.join("\n", lines))
                    .isZero();
            return lines;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(output);
        }
    }

    @AfterAll
    static void writeEvidence() {
        if (rows.size() < 2) return;
        List<List<?>> all = new ArrayList<>(rows.get("epoll"));
        all.addAll(rows.get("poll"));
        Evidence.named("contract-per-provider", "The stop contract on two selector providers")
                .what("The same loops and the same contract, run in a child JVM on each selector provider the JDK "
                        + "ships for Linux: epoll (the default) and poll (-Djava.nio.channels.spi.SelectorProvider).")
                .table(List.of("provider", "mode", "expected", "observed"), all)
                .write();
    }
}
