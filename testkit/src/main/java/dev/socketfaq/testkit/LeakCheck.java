package dev.socketfaq.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test class that leaves behind what it started: a thread, an open socket or other descriptor, or a
 * child process. Registered for every test class of every lab through JUnit's extension autodetection
 * ({@code META-INF/services}), so no lab can forget it.
 *
 * <p>Over 250 lines on purpose: one place reads every kind of resource a test can leave (threads of both kinds,
 * descriptors, children), each the way the JDK and the OS allow; splitting it would scatter one rule.
 *
 * <p>Before the class it notes the live threads, platform and virtual, the open descriptors ({@code /proc/self/fd},
 * Linux) and the child processes; after the class it waits a bounded time (things that are closing may need a
 * moment) and reports anything new, by name: thread names, descriptor targets ({@code socket:[1234]},
 * {@code pipe:[5678]}), child commands.
 *
 * <p>Virtual threads: {@link Thread#getAllStackTraces()} lists platform threads only, so the live virtual threads
 * are read from the JVM's thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads}, JSON, module jdk.management),
 * which lists every started, unfinished virtual thread by the thread container that tracks it: an executor's
 * ({@code newVirtualThreadPerTaskExecutor}), a structured task scope's, or the root container for those started with
 * {@code Thread.ofVirtual()}. That rests on the JDK's default {@code jdk.trackAllThreads=true}: a JVM started with
 * {@code -Djdk.trackAllThreads=false} does not list the last kind, and the check cannot see them (it says so once).
 * A leaked virtual thread is named with its thread id and where it waits (its first frame outside the JDK).
 *
 * <p>Not counted, because the JDK or the test tools start them on their own and keep them: the JDK's housekeeping
 * threads ({@link #HOUSEKEEPING_THREAD}); the virtual-thread scheduler's carrier threads (recognised by their class,
 * {@code jdk.internal.misc.CarrierThread}, whatever their pool's number) and its delay scheduler; the common
 * pool's workers (recognised by their pool) and its delay scheduler; the JDK's virtual pollers ({@code SubPoller-N});
 * the HTTP keep-alive timer of {@code HttpURLConnection}; JUnit's timeout threads; the Testcontainers/docker-java
 * client (one per JVM, shared by all container tests: its threads and its pool of connections to the Docker engine,
 * which come and go); and descriptors of files the JVM keeps open once loaded (jars, the JDK's own files). A worker
 * of a pool a test creates ({@code new ForkJoinPool()}: {@code ForkJoinPool-N-worker-M}) or a
 * {@code java.net.http.HttpClient}'s threads ({@code HttpClient-N-...}) count: close them. Sockets count when they
 * are TCP or UDP sockets (listed in /proc/net/tcp, udp and their IPv6 tables), which is what the labs open. Pipes
 * count, and so do selectors, by their wakeup descriptor ({@code anon_inode:[eventfd]}); a bare {@code [eventpoll]}
 * does not, since the JDK's virtual-thread pollers create those per carrier thread, lazily, and keep them.
 *
 * <p>Classes that run beside the others ({@code @Execution(CONCURRENT)}: the container tests, whose time goes to
 * Docker) are checked when no other top-level class runs: a class that ends while one runs waits for it to end, and
 * no class starts while it is checked. Every other class is checked when it ends, at once: what a concurrent class
 * opens and closes meanwhile is gone within the grace period, and what it keeps (the Docker client) is not counted.
 * JUnit's own workers for parallel classes are not counted either.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** How long leftovers get to finish closing before they count as leaks (configuration parameter {@value #GRACE_PARAMETER}). */
    static final Duration GRACE = Duration.ofSeconds(5);

    static final String GRACE_PARAMETER = "labs.leakCheck.grace";

    /**
     * Platform threads, by name, that belong to the JVM or to the test tools, not to the code under test. The JDK's
     * thread pools are recognised otherwise (see {@link #isHousekeeping}): their workers' names are no proof.
     */
    static final Pattern HOUSEKEEPING_THREAD = Pattern.compile(String.join(
            "|",
            "Common-Cleaner",
            "process reaper.*",
            "Attach Listener",
            "Signal Dispatcher",
            "Notification Thread",
            "ForkJoinPool\\.commonPool-delayScheduler",
            "junit-jupiter-timeout-watcher",
            "junit-timeout-thread-.*",
            "InnocuousThread-.*",
            "Read-Poller",
            "Write-Poller",
            "VirtualThread-unparker",
            "VirtualThread-unblocker",
            "MasterPoller",
            "Keep-Alive-Timer",
            "Keep-Alive-SocketCleaner",
            "testcontainers-.*",
            "ducttape-.*",
            "docker-java-.*",
            "pool-\\d+-thread-\\d+@docker",
            "awaitility-thread",
            "surefire-forkedjvm-.*",
            "Thread-\\d+@tc",
            "JNA Cleaner"));
    /** Virtual threads the JDK starts on its own: the pollers behind virtual threads' blocking I/O (JDK 25). */
    static final Pattern HOUSEKEEPING_VIRTUAL_THREAD = Pattern.compile("SubPoller-\\d+|Read-Poller|Write-Poller");
    /** The package of JUnit's workers for test classes that run in parallel. */
    private static final String JUNIT_WORKER = "org.junit.platform.engine.support.hierarchical.";
    /** The class of the virtual-thread scheduler's workers. */
    private static final String CARRIER_THREAD = "jdk.internal.misc.CarrierThread";
    /** "ForkJoinPool-N", the name of the virtual-thread scheduler's pool, learnt from a carrier thread at warm-up. */
    private static volatile String schedulerPool;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final Path FDS = Path.of("/proc/self/fd");

    record Snapshot(
            Set<Thread> threads,
            Map<Long, VirtualThread> virtualThreads,
            Map<Integer, String> descriptors,
            Set<Long> children) {
        static Snapshot now() {
            startJvmSingletons();
            return new Snapshot(
                    Thread.getAllStackTraces().keySet(),
                    LeakCheck.virtualThreads(),
                    LeakCheck.descriptors(),
                    ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet()));
        }
    }

    /** A live virtual thread as the thread dump shows it: its id, name, state and where it is. */
    record VirtualThread(long tid, String name, String state, String where) {
        @Override
        public String toString() {
            return "virtual thread #" + tid + " \"" + name + "\" (" + state + (where.isEmpty() ? "" : ", at " + where)
                    + ")";
        }
    }

    /**
     * The JDK starts some things once per JVM, the first time they are needed, and keeps them: the pollers behind
     * virtual threads' blocking I/O (threads and epoll descriptors). They are started before the first snapshot,
     * so that they are never mistaken for a test's leak.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean warmedUp =
            new java.util.concurrent.atomic.AtomicBoolean();

    @SuppressWarnings("try") // the peer only has to exist, so the accepted socket has someone on the other end
    static void startJvmSingletons() {
        if (!warmedUp.compareAndSet(false, true)) return;
        try (var listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                var peer = new java.net.Socket(listener.getInetAddress(), listener.getLocalPort());
                var accepted = listener.accept()) {
            accepted.setSoTimeout(20); // the peer sends nothing: the read parks on the JDK's poller, then times out
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    accepted.getInputStream().read();
                } catch (IOException expected) {
                    // timed out, as intended
                }
            });
            reader.join(5_000);
            // The carrier that ran the reader names the scheduler's pool (its delay scheduler is
            // "<pool>-delayScheduler").
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getClass().getName().equals(CARRIER_THREAD) && t.getName().contains("-worker-")) {
                    schedulerPool = t.getName().substring(0, t.getName().lastIndexOf("-worker-"));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        virtualThreads(); // the first thread dump loads the management classes: before any snapshot, not during one
        if ("false".equalsIgnoreCase(System.getProperty("jdk.trackAllThreads"))) {
            System.err.println(
                    "LeakCheck: -Djdk.trackAllThreads=false: virtual threads started with Thread.ofVirtual() are not "
                            + "in the thread dump, so a leak of one is not seen");
        }
    }

    /** Started by the JDK or the test tools, not by the code under test (see the class comment). */
    static boolean isHousekeeping(Thread t) {
        if (t.getClass().getName().equals(CARRIER_THREAD)) return true;
        if (t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()) return true;
        if (t.getClass().getName().startsWith(JUNIT_WORKER)) return true;
        String pool = schedulerPool;
        if (pool != null && t.getName().equals(pool + "-delayScheduler")) return true;
        return HOUSEKEEPING_THREAD.matcher(t.getName()).matches();
    }

    /** The top-level classes of one run of the engine: which run now, which wait to be checked alone. */
    static final class Lanes {
        /** Top-level classes between their snapshot and their check. */
        private int running;
        /** Concurrent classes waiting to be checked alone, or being checked: no top-level class starts meanwhile. */
        private int checkingAlone;

        synchronized void start() {
            while (checkingAlone > 0) waitOn(this);
            running++;
        }

        /** Ends a class; a concurrent one waits until it is the last class running and then holds the others. */
        synchronized void end(boolean alone) {
            running--;
            notifyAll();
            if (alone) {
                checkingAlone++;
                while (running > 0) waitOn(this);
            }
        }

        synchronized void checked(boolean alone) {
            if (alone) checkingAlone--;
            notifyAll();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (topLevel(context)) lanes(context).start();
        context.getStore(NS).put(Snapshot.class, Snapshot.now());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Snapshot before = context.getStore(NS).get(Snapshot.class, Snapshot.class);
        if (!topLevel(context)) {
            if (before != null) check(context, before);
            return;
        }
        boolean alone = concurrent(context);
        Lanes lanes = lanes(context);
        lanes.end(alone);
        try {
            if (before != null) check(context, before);
        } finally {
            lanes.checked(alone);
        }
    }

    /** One per run of the engine (the root context's store): a run started by a test has lanes of its own. */
    private static Lanes lanes(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Lanes.class, k -> new Lanes(), Lanes.class);
    }

    private static void check(ExtensionContext context, Snapshot before) {
        failIfLeaked(context.getDisplayName(), before, grace(context.getConfigurationParameter(GRACE_PARAMETER)));
    }

    /** A class of its own, not a {@code @Nested} one (those run inside their outer class, in its lane). */
    private static boolean topLevel(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getParent).isEmpty();
    }

    /** A class that JUnit may run beside others ({@code @Execution(CONCURRENT)}, on it or on its annotations). */
    private static boolean concurrent(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, Execution.class))
                .map(e -> e.value() == ExecutionMode.CONCURRENT)
                .orElse(false);
    }

    private static void waitOn(Object monitor) {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other test classes to end", e);
        }
    }

    /** The grace period: the configuration parameter, else the system property of the same name, else {@link #GRACE}. */
    static Duration grace(Optional<String> configured) {
        return configured
                .or(() -> Optional.ofNullable(System.getProperty(GRACE_PARAMETER)))
                .map(Duration::parse)
                .orElse(GRACE);
    }

    /** Waits up to {@code grace} for what was opened since {@code before} to go away; fails naming what is left. */
    static void failIfLeaked(String what, Snapshot before, Duration grace) {
        List<String> leaks = leaksSince(before);
        List<String> first = leaks;
        long start = System.nanoTime();
        long deadline = start + grace.toNanos();
        while (!leaks.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // polling the OS's state: nothing to wait on
            leaks = leaksSince(before);
        }
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        if (leaks.isEmpty() && waitedMs > 1_000) {
            System.err.println(
                    "LeakCheck: " + what + " took " + waitedMs + " ms to release: " + String.join("; ", first));
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(what + " left behind (still there after " + grace.toMillis() + " ms):\n  "
                    + String.join("\n  ", leaks)
                    + "\nClose what a test opens (try-with-resources), join the threads it starts.");
        }
    }

    /** What is open now that was not before, one line per thing. */
    static List<String> leaksSince(Snapshot before) {
        Snapshot now = Snapshot.now();
        var leaks = new ArrayList<String>();
        now.threads().stream()
                .filter(t -> t.isAlive() && !before.threads().contains(t) && !isHousekeeping(t))
                .forEach(t -> leaks.add(
                        "thread \"" + t.getName() + "\" (" + t.getState() + (t.isDaemon() ? ", daemon" : "") + ")"));
        now.virtualThreads().forEach((tid, v) -> {
            if (!before.virtualThreads().containsKey(tid)
                    && !HOUSEKEEPING_VIRTUAL_THREAD.matcher(v.name()).matches()) leaks.add(v.toString());
        });
        now.descriptors().forEach((fd, target) -> {
            if (!target.equals(before.descriptors().get(fd))) leaks.add("descriptor " + fd + " -> " + target);
        });
        ProcessHandle.current()
                .children()
                .filter(p -> !before.children().contains(p.pid()))
                .forEach(p -> leaks.add("child process " + p.pid() + " "
                        + p.info().commandLine().orElse("(command unknown)")));
        return leaks;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The live virtual threads by thread id (unique for the JVM's life, never reused), from a JSON thread dump written
     * to a temporary file and deleted; none where the JDK cannot dump threads (the platform-thread check remains).
     */
    static Map<Long, VirtualThread> virtualThreads() {
        var threads = new TreeMap<Long, VirtualThread>();
        Path dump = null;
        try {
            dump = Files.createTempFile("leakcheck-threads-", ".json");
            Files.delete(dump); // dumpThreads creates the file, and refuses one that exists
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            for (JsonNode container :
                    JSON.readTree(dump.toFile()).path("threadDump").path("threadContainers")) {
                for (JsonNode t : container.path("threads")) {
                    if (!t.path("virtual").asBoolean(false)) continue;
                    long tid = t.path("tid").asLong();
                    threads.put(
                            tid,
                            new VirtualThread(
                                    tid,
                                    t.path("name").asText(""),
                                    t.path("state").asText("?"),
                                    where(t.path("stack"))));
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("LeakCheck: no thread dump (" + e + "): virtual threads are not checked");
        } finally {
            if (dump != null) {
                try {
                    Files.deleteIfExists(dump);
                } catch (IOException ignored) {
                    // a temporary file: the system cleans it
                }
            }
        }
        return threads;
    }

    /** A frame of the JDK's own modules: {@code java.base/java.lang.VirtualThread.park(...)}. */
    private static final Pattern JDK_FRAME = Pattern.compile("(java|jdk)\\.[\\w.]*(@[^/]*)?/.*");

    /** The first frame outside the JDK (the code that started the thread), else the bottom frame. */
    private static String where(JsonNode stack) {
        String last = "";
        for (JsonNode frame : stack) {
            last = frame.asText();
            if (!JDK_FRAME.matcher(last).matches()) return last;
        }
        return last;
    }

    /** Open descriptors and what they point to; on systems without /proc, none (the thread and process checks remain). */
    static Map<Integer, String> descriptors() {
        var fds = new TreeMap<Integer, String>();
        if (!Files.isDirectory(FDS)) return fds;
        Set<String> inetSockets = inetSocketInodes();
        try (Stream<Path> list = Files.list(FDS)) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!keptByTheJvm(target) && (!target.startsWith("socket:") || inetSockets.contains(target)))
                        fds.put(Integer.parseInt(fd.getFileName().toString()), target);
                } catch (IOException | NumberFormatException e) {
                    // closed while we listed: the descriptor of the listing itself, or one that just went away
                }
            }
        } catch (IOException e) {
            return fds;
        }
        return fds;
    }

    /** {@code socket:[inode]} of every TCP and UDP socket of this network namespace, IPv4 and IPv6. */
    private static Set<String> inetSocketInodes() {
        var inodes = new java.util.HashSet<String>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            try (Stream<String> lines = Files.lines(Path.of("/proc/net", table))) {
                lines.skip(1)
                        .map(l -> l.trim().split("\\s+"))
                        .filter(f -> f.length > 9)
                        .forEach(f -> inodes.add("socket:[" + f[9] + "]"));
            } catch (IOException | RuntimeException e) {
                // no such table here (no IPv6, say): nothing to add
            }
        }
        return inodes;
    }

    /** Files the JVM opens once and keeps: class path jars and the JDK's own files. */
    private static boolean keptByTheJvm(String target) {
        return target.endsWith(".jar")
                || target.equals("anon_inode:[eventpoll]")
                || target.startsWith(System.getProperty("java.home"))
                || target.startsWith("/proc/")
                || target.endsWith("/dev/random")
                || target.endsWith("/dev/urandom");
    }
}
