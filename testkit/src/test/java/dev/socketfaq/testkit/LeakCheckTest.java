package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The leak check catches what it promises to catch. Each nested class below leaks one thing on purpose; the test
 * runs it through the JUnit engine (as Surefire would, with the check autodetected) and expects the class to fail
 * naming the leak, then cleans up what was leaked. (Surefire does not run the nested classes by themselves.)
 */
@Timeout(30)
class LeakCheckTest {
    static ServerSocket leakedSocket;
    static volatile CountDownLatch release = new CountDownLatch(0);
    static Process leakedChild;

    static class LeavesASocketOpen {
        @Test
        void opens_and_forgets() throws IOException {
            leakedSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        }
    }

    static java.nio.channels.Selector leakedSelector;

    static class LeavesASelectorOpen {
        @Test
        void opens_and_forgets() throws IOException {
            leakedSelector = java.nio.channels.Selector.open();
        }
    }

    static class LeavesAThreadRunning {
        @Test
        void starts_and_forgets() {
            var release = LeakCheckTest.release = new CountDownLatch(1);
            Thread.ofPlatform().name("forgotten-worker").daemon().start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    static class LeavesAChildProcess {
        @Test
        void spawns_and_forgets() throws IOException {
            leakedChild = new ProcessBuilder("sleep", "30").start();
        }
    }

    static class CleansUp {
        @Test
        void opens_and_closes() throws IOException {
            try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isPositive();
            }
        }
    }

    @Test
    void a_forgotten_socket_fails_the_class() {
        assertThat(failureOf(LeavesASocketOpen.class)).contains("left behind").containsPattern("descriptor \\d+ -> socket:\\[\\d+]");
    }

    @Test
    void a_forgotten_selector_fails_the_class() {
        assertThat(failureOf(LeavesASelectorOpen.class)).contains("left behind").contains("anon_inode:[eventfd]");
    }

    @Test
    void a_forgotten_thread_fails_the_class() {
        assertThat(failureOf(LeavesAThreadRunning.class)).contains("thread \"forgotten-worker\"");
    }

    @Test
    void a_forgotten_child_process_fails_the_class() {
        assertThat(failureOf(LeavesAChildProcess.class)).contains("child process").contains("sleep 30");
    }

    @Test
    void a_class_that_cleans_up_passes() {
        EngineExecutionResults results = run(CleansUp.class);
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @AfterEach
    void cleanUpWhatWasLeakedOnPurpose() throws Exception {
        if (leakedSocket != null) leakedSocket.close();
        if (leakedSelector != null) leakedSelector.close();
        release.countDown();
        if (leakedChild != null) {
            leakedChild.destroyForcibly().waitFor();
            leakedChild.getInputStream().close();
            leakedChild.getOutputStream().close();
            leakedChild.getErrorStream().close();
        }
    }

    /** The message of the class-level failure the leak check reported. */
    static String failureOf(Class<?> leaky) {
        EngineExecutionResults results = run(leaky);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1)); // the test itself passes...
        return results.containerEvents().failed().stream()                   // ...its class does not
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .findFirst().orElse("(the class did not fail)");
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakCheck.GRACE_PARAMETER, "PT0.3S")
                .selectors(selectClass(testClass))
                .execute();
    }
}
