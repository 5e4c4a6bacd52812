package dev.socketfaq.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves behind what it started: a thread, an open socket or other descriptor, or a
 * child process. Registered for every test class of every lab through JUnit's extension autodetection
 * ({@code META-INF/services}), so no lab can forget it.
 *
 * <p>Before the class it notes the live threads, the open descriptors ({@code /proc/self/fd}, Linux) and the child
 * processes; after the class it waits a bounded time (things that are closing may need a moment) and reports
 * anything new, by name: thread names, descriptor targets ({@code socket:[1234]}), child commands.
 *
 * <p>Not counted, because the JVM or the test tools create them once and keep them: JDK and JUnit housekeeping
 * threads, the Testcontainers/docker-java client (one per JVM, shared by all container tests: its threads and its
 * pool of connections to the Docker engine, which come and go), and descriptors of files the JVM keeps open once
 * loaded (jars, the JDK's own files). Sockets count when they are TCP or UDP sockets (listed in /proc/net/tcp, udp
 * and their IPv6 tables), which is what the labs open. Pipes count, and so do selectors, by their wakeup descriptor
 * ({@code anon_inode:[eventfd]}); a bare {@code [eventpoll]} does not, since the JDK's virtual-thread pollers
 * create those per carrier thread, lazily, and keep them.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** How long leftovers get to finish closing before they count as leaks (configuration parameter {@value #GRACE_PARAMETER}). */
    static final Duration GRACE = Duration.ofSeconds(5);
    static final String GRACE_PARAMETER = "labs.leakCheck.grace";

    /** Threads that belong to the JVM or to the test tools, not to the code under test. */
    static final Pattern HOUSEKEEPING_THREAD = Pattern.compile(String.join("|",
            "Common-Cleaner", "process reaper.*", "Attach Listener", "Signal Dispatcher", "Notification Thread",
            "ForkJoinPool\\.commonPool-worker-.*", "junit-jupiter-timeout-watcher", "junit-timeout-thread-.*",
            "InnocuousThread-.*", "Read-Poller", "Write-Poller", "VirtualThread-unparker", "VirtualThread-unblocker",
            "MasterPoller", "ForkJoinPool-\\d+-worker-\\d+", "ForkJoinPool-\\d+-delayScheduler",
            "testcontainers-.*", "ducttape-.*", "docker-java-.*", "pool-\\d+-thread-\\d+@docker", "awaitility-thread",
            "surefire-forkedjvm-.*", "Thread-\\d+@tc", "JNA Cleaner", "Keep-Alive-.*", "HttpClient-.*"));

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
    private static final Path FDS = Path.of("/proc/self/fd");

    record Snapshot(Set<Thread> threads, Map<Integer, String> descriptors, Set<Long> children) {
        static Snapshot now() {
            startJvmSingletons();
            return new Snapshot(Thread.getAllStackTraces().keySet(), LeakCheck.descriptors(),
                    ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet()));
        }
    }

    /**
     * The JDK starts some things once per JVM, the first time they are needed, and keeps them: the pollers behind
     * virtual threads' blocking I/O (threads and epoll descriptors). They are started before the first snapshot,
     * so that they are never mistaken for a test's leak.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean warmedUp = new java.util.concurrent.atomic.AtomicBoolean();

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
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(Snapshot.class, Snapshot.now());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Snapshot before = context.getStore(NS).get(Snapshot.class, Snapshot.class);
        if (before == null) return;
        Duration grace = context.getConfigurationParameter(GRACE_PARAMETER).map(Duration::parse).orElse(GRACE);
        failIfLeaked(context.getDisplayName(), before, grace);
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
            System.err.println("LeakCheck: " + what + " took " + waitedMs + " ms to release: " + String.join("; ", first));
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(what + " left behind (still there after " + grace.toMillis() + " ms):\n  "
                    + String.join("\n  ", leaks) + "\nClose what a test opens (try-with-resources), join the threads it starts.");
        }
    }

    /** What is open now that was not before, one line per thing. */
    static List<String> leaksSince(Snapshot before) {
        Snapshot now = Snapshot.now();
        var leaks = new ArrayList<String>();
        now.threads().stream()
                .filter(t -> t.isAlive() && !before.threads().contains(t) && !HOUSEKEEPING_THREAD.matcher(t.getName()).matches())
                .forEach(t -> leaks.add("thread \"" + t.getName() + "\" (" + t.getState() + (t.isDaemon() ? ", daemon" : "") + ")"));
        now.descriptors().forEach((fd, target) -> {
            if (!target.equals(before.descriptors().get(fd))) leaks.add("descriptor " + fd + " -> " + target);
        });
        ProcessHandle.current().children().filter(p -> !before.children().contains(p.pid())).forEach(p ->
                leaks.add("child process " + p.pid() + " " + p.info().commandLine().orElse("(command unknown)")));
        return leaks;
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
                    if (!keptByTheJvm(target) && (!target.startsWith("socket:") || inetSockets.contains(target))) fds.put(Integer.parseInt(fd.getFileName().toString()), target);
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
                lines.skip(1).map(l -> l.trim().split("\\s+")).filter(f -> f.length > 9).forEach(f -> inodes.add("socket:[" + f[9] + "]"));
            } catch (IOException | RuntimeException e) {
                // no such table here (no IPv6, say): nothing to add
            }
        }
        return inodes;
    }

    /** Files the JVM opens once and keeps: class path jars and the JDK's own files. */
    private static boolean keptByTheJvm(String target) {
        return target.endsWith(".jar") || target.equals("anon_inode:[eventpoll]") || target.startsWith(System.getProperty("java.home")) || target.startsWith("/proc/")
                || target.endsWith("/dev/random") || target.endsWith("/dev/urandom");
    }
}
