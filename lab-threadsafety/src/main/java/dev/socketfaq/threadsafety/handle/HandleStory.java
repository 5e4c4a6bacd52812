package dev.socketfaq.threadsafety.handle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The handle-42 story (FAQ, "Sockets thread-safety") on three real threads, with real connections: its steps in the
 * order they happened ("thread-2: closed descriptor 42"), the thread that took each, whether the OS gave the closed
 * number to the stranger's new connection, what the stranger received ("" if nothing), and what the sender was told
 * (null if its send succeeded).
 */
public record HandleStory(
        List<String> steps, List<Long> threads, boolean reused, String strangerReceived, String refusal) {

    /** What thread 1 sends with the handle it still holds. */
    public static final String SECRET = "alice's secret";

    /**
     * Tells the story up to {@code attempts} times, until the OS gives the closed number to the stranger (another
     * thread of this JVM may take it first); returns the last telling.
     */
    public static HandleStory untilReused(Mode mode, Descriptors os, int attempts) throws Exception {
        HandleStory story = null;
        for (int i = 0; i < attempts && (story == null || !story.reused()); i++) {
            try (ConnectionTable table = mode.create(os)) {
                story = tell(table);
            }
        }
        return story;
    }

    // tag::handle-story[]
    /**
     * Thread 1 holds alice's connection, thread 2 closes it, thread 3 opens a new connection (the stranger's), and
     * only then thread 1 sends with the handle it still holds. Latches order the steps, as the scheduler might; the
     * OS, not the test, picks the stranger's number. Nobody sends the stranger anything on purpose.
     */
    public static HandleStory tell(ConnectionTable table) throws Exception {
        var steps = new CopyOnWriteArrayList<String>();
        var threads = new CopyOnWriteArrayList<Long>();
        Consumer<String> step = what -> {
            threads.add(Thread.currentThread().threadId());
            steps.add(Thread.currentThread().getName() + ": " + what);
        };
        var held = new CompletableFuture<Long>(); // thread 1's handle, in a variable thread 2 can see too
        var strangers = new CompletableFuture<Long>();
        var closed = new CountDownLatch(1);
        try (var listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
                var pool = Executors.newThreadPerTaskExecutor(
                        Thread.ofPlatform().name("thread-", 1).factory())) {
            var server = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
            listener.setSoTimeout(10_000); // a step that failed shows as its own failure, not as a wait for ever
            Future<String> thread1 = pool.submit(() -> {
                long handle = table.open(server);
                step.accept("holds " + table.name(handle));
                held.complete(handle);
                strangers.get(10, TimeUnit.SECONDS);
                try {
                    table.send(handle, (SECRET + "\n").getBytes(StandardCharsets.US_ASCII)); // the old handle
                    step.accept("sent \"" + SECRET + "\" with " + table.name(handle));
                    return null;
                } catch (IOException refused) {
                    step.accept("was refused: " + refused.getMessage());
                    return refused.getMessage();
                }
            });
            try (Socket alice = listener.accept()) {
                pool.submit(() -> {
                    long handle = held.get(10, TimeUnit.SECONDS);
                    table.close(handle);
                    step.accept("closed " + table.name(handle));
                    closed.countDown();
                    return null;
                });
                pool.submit(() -> {
                    if (!closed.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("no close within 10 s");
                    long handle = table.open(server); // the OS picks the number
                    step.accept("opened a new connection: " + table.name(handle));
                    strangers.complete(handle);
                    return null;
                });
                try (Socket stranger = listener.accept()) {
                    String refusal = result(thread1);
                    boolean reused = (int) (long) strangers.get() == (int) (long) held.get();
                    table.close(); // the stranger's connection ends: it reads what reached it, then the end
                    stranger.setSoTimeout(5_000);
                    var lines = new BufferedReader(
                                    new InputStreamReader(stranger.getInputStream(), StandardCharsets.US_ASCII))
                            .lines()
                            .toList();
                    return new HandleStory(
                            List.copyOf(steps), List.copyOf(threads), reused, String.join("\n", lines), refusal);
                }
            }
        }
    }
    // end::handle-story[]

    private static <T> T result(Future<T> step) throws Exception {
        try {
            return step.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }
}
