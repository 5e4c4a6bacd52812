package dev.socketfaq.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every exception that escapes a thread (the JVM's default uncaught-exception handler) while it is open:
 * the way a hostile-input test proves that nothing a bad client sends can kill a server thread.
 */
public final class EscapedExceptions implements AutoCloseable {
    private final List<String> escaped = new CopyOnWriteArrayList<>();
    private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();

    private EscapedExceptions() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> escaped.add(thread.getName() + ": " + e));
    }

    public static EscapedExceptions record() {
        return new EscapedExceptions();
    }

    /** "thread-name: exception" for each exception that escaped a thread so far. */
    public List<String> escaped() {
        return List.copyOf(escaped);
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }
}
