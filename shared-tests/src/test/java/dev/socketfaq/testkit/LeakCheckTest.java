package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The leak check catches what it promises to catch. Each nested class below leaks one thing on purpose; the test
 * runs it through the JUnit engine (as Surefire would, with the check autodetected), or a jqwik property class through
 * the jqwik engine (its hook registered as in every lab), and expects the class to fail naming the leak, then cleans
 * up what was leaked. (Surefire does not run the nested classes by themselves: it skips classes with a $ in their
 * name, and neither engine runs them when given this class.)
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

    static java.nio.channels.Pipe leakedPipe;

    static class LeavesAPipeOpen {
        @Test
        void opens_and_forgets() throws IOException {
            leakedPipe = java.nio.channels.Pipe.open();
        }
    }

    static class LeavesAVirtualThreadRunning {
        @Test
        void starts_and_forgets() {
            var release = LeakCheckTest.release = new CountDownLatch(1);
            Thread.ofVirtual().name("forgotten-virtual").start(() -> awaitQuietly(release));
        }
    }

    static ExecutorService leakedExecutor;

    static class LeavesAVirtualThreadExecutorOpen {
        @Test
        void submits_and_forgets() {
            var release = LeakCheckTest.release = new CountDownLatch(1);
            leakedExecutor = Executors.newVirtualThreadPerTaskExecutor();
            leakedExecutor.execute(() -> awaitQuietly(release)); // an unnamed virtual thread, tracked by the executor
        }
    }

    static ForkJoinPool leakedPool;

    static class LeavesAForkJoinPoolRunning {
        @Test
        void starts_and_forgets() {
            var release = LeakCheckTest.release = new CountDownLatch(1);
            leakedPool = new ForkJoinPool(1);
            leakedPool.execute(() -> awaitQuietly(release));
        }
    }

    static HttpClient leakedHttpClient;

    static class LeavesAnHttpClientOpen {
        @Test
        void builds_and_forgets() {
            leakedHttpClient = HttpClient.newHttpClient(); // starts its selector manager thread
        }
    }

    /** What the JDK starts on its own and keeps is not a leak: the common pool, the virtual threads' scheduler, their timers. */
    static class UsesTheJdksOwnThreads {
        @Test
        void uses_the_common_pool_virtual_threads_and_timeouts() throws Exception {
            assertThat(CompletableFuture.supplyAsync(() -> 1)
                            .orTimeout(10, TimeUnit.SECONDS)
                            .join())
                    .isEqualTo(1);
            Thread sleeper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1); // a timed park: the scheduler's delay scheduler
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sleeper.join();
            try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                assertThat(virtual.submit(() -> 2).get()).isEqualTo(2);
            }
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

    static volatile CountDownLatch besideRunning = new CountDownLatch(0);
    static volatile CountDownLatch leakedBeside = new CountDownLatch(0);

    /** Runs beside the other classes, as a container test does, until the class beside it has leaked. */
    @Execution(ExecutionMode.CONCURRENT)
    static class RunsBeside {
        @Test
        void waits_for_the_class_beside_it() throws InterruptedException {
            besideRunning.countDown();
            assertThat(leakedBeside.await(20, TimeUnit.SECONDS))
                    .as("the class beside it ran")
                    .isTrue();
        }
    }

    static class LeavesASocketOpenBesideAnother {
        @Test
        void opens_and_forgets_while_another_class_runs() throws IOException, InterruptedException {
            assertThat(besideRunning.await(20, TimeUnit.SECONDS))
                    .as("the concurrent class runs")
                    .isTrue();
            leakedSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            leakedBeside.countDown();
        }
    }

    @Test
    void a_forgotten_socket_fails_the_class() {
        assertThat(failureOf(LeavesASocketOpen.class))
                .contains("left behind")
                .containsPattern("descriptor \\d+ -> socket:\\[\\d+]");
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
        assertThat(failureOf(LeavesAChildProcess.class))
                .contains("child process")
                .contains("sleep 30");
    }

    @Test
    void a_forgotten_pipe_fails_the_class() {
        assertThat(failureOf(LeavesAPipeOpen.class))
                .contains("left behind")
                .containsPattern("descriptor \\d+ -> pipe:\\[\\d+]");
    }

    @Test
    void a_forgotten_virtual_thread_fails_the_class() {
        assertThat(failureOf(LeavesAVirtualThreadRunning.class))
                .contains("left behind")
                .containsPattern(
                        "virtual thread #\\d+ \"forgotten-virtual\" \\(WAITING, at \\S*LeakCheckTest\\.awaitQuietly");
    }

    @Test
    void a_virtual_thread_of_an_executor_left_open_fails_the_class() {
        assertThat(failureOf(LeavesAVirtualThreadExecutorOpen.class))
                .contains("left behind")
                .containsPattern("virtual thread #\\d+ \"\" \\(WAITING, at \\S*LeakCheckTest\\.awaitQuietly");
    }

    @Test
    void a_forgotten_fork_join_pool_fails_the_class() {
        assertThat(failureOf(LeavesAForkJoinPoolRunning.class))
                .containsPattern("thread \"ForkJoinPool-\\d+-worker-\\d+\"");
    }

    @Test
    void a_forgotten_http_client_fails_the_class() {
        assertThat(failureOf(LeavesAnHttpClientOpen.class))
                .containsPattern("thread \"HttpClient-\\d+-SelectorManager\"");
    }

    @Test
    void the_jdks_own_threads_are_not_leaks() {
        EngineExecutionResults results = run(UsesTheJdksOwnThreads.class);
        results.containerEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    /** A jqwik property class that leaks: jqwik's engine does not see JUnit extensions, JqwikLeakCheck must catch it. */
    static final List<ServerSocket> leakedByAProperty = new CopyOnWriteArrayList<>();

    static class PropertiesThatLeakASocket {
        @Property(tries = 3)
        void opens_and_forgets(@ForAll @IntRange(min = 1, max = 3) int backlog) throws IOException {
            leakedByAProperty.add(new ServerSocket(0, backlog, InetAddress.getLoopbackAddress()));
        }
    }

    @Test
    void a_jqwik_property_class_that_leaks_fails() {
        String previous = System.setProperty(LeakCheck.GRACE_PARAMETER, "PT0.3S");
        EngineExecutionResults results;
        try {
            results = jqwik().selectors(selectClass(PropertiesThatLeakASocket.class))
                    .execute();
        } finally {
            if (previous == null) System.clearProperty(LeakCheck.GRACE_PARAMETER);
            else System.setProperty(LeakCheck.GRACE_PARAMETER, previous);
        }
        results.testEvents().assertStatistics(stats -> stats.succeeded(1)); // the property holds...
        assertThat(firstMessage(results.containerEvents().failed().stream())) // ...its class fails, naming the leak
                .contains("PropertiesThatLeakASocket left behind")
                .containsPattern("descriptor \\d+ -> socket:\\[\\d+]");
    }

    @Test
    void jqwik_does_not_run_the_leaky_property_class_when_given_this_class() {
        // what Surefire does: it selects LeakCheckTest, for every engine (Jupiter runs no static member class unasked)
        assertThat(jqwik().selectors(selectClass(LeakCheckTest.class))
                        .execute()
                        .testEvents()
                        .started()
                        .count())
                .isZero();
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
        for (ServerSocket s : leakedByAProperty) s.close();
        if (leakedSelector != null) leakedSelector.close();
        if (leakedPipe != null) {
            leakedPipe.sink().close();
            leakedPipe.source().close();
        }
        release.countDown();
        if (leakedExecutor != null) leakedExecutor.close(); // waits for its thread, released above
        if (leakedPool != null) leakedPool.close();
        if (leakedHttpClient != null) leakedHttpClient.close();
        if (leakedChild != null) {
            leakedChild.destroyForcibly().waitFor();
            leakedChild.getInputStream().close();
            leakedChild.getOutputStream().close();
            leakedChild.getErrorStream().close();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_class_that_leaks_while_a_concurrent_class_runs_fails() {
        besideRunning = new CountDownLatch(1);
        leakedBeside = new CountDownLatch(1);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakCheck.GRACE_PARAMETER, "PT0.3S")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(RunsBeside.class), selectClass(LeavesASocketOpenBesideAnother.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(2)); // both ran, one beside the other
        assertThat(firstMessage(results.containerEvents().failed().stream()
                        .filter(e -> e.getTestDescriptor()
                                .getDisplayName()
                                .endsWith(LeavesASocketOpenBesideAnother.class.getSimpleName()))))
                .contains("left behind")
                .containsPattern("descriptor \\d+ -> socket:\\[\\d+]");
    }

    /** The message of the class-level failure the leak check reported. */
    static String failureOf(Class<?> leaky) {
        EngineExecutionResults results = run(leaky);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1)); // the test itself passes...
        return firstMessage(results.containerEvents().failed().stream()); // ...its class does not
    }

    /** The message of the first of these failed class events; a placeholder when there is none. */
    static String firstMessage(Stream<Event> failedClasses) {
        return failedClasses
                .map(e -> e.getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow()
                        .getMessage())
                .findFirst()
                .orElse("(the class did not fail)");
    }

    /** jqwik's engine, configured as Surefire configures it (root pom): its database under target, reports on failure only. */
    static EngineTestKit.Builder jqwik() {
        return EngineTestKit.engine("jqwik")
                .configurationParameter("jqwik.database", "target/jqwik-database")
                .configurationParameter("jqwik.reporting.onlyfailures", "true");
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(LeakCheck.GRACE_PARAMETER, "PT0.3S")
                .selectors(selectClass(testClass))
                .execute();
    }
}
