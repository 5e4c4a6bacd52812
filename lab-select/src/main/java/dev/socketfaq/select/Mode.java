package dev.socketfaq.select;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.select.broken.CloseFromOutsideLoop;
import dev.socketfaq.select.broken.InterruptingServer;
import dev.socketfaq.select.fixed.PollingLoop;
import dev.socketfaq.select.fixed.SelfPipeLoop;
import dev.socketfaq.select.fixed.WakeupLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The ways this lab stops a server from another thread: the names students type ({@code --mode wakeup}). */
public enum Mode implements Implementation {
    CLOSE(Kind.BROKEN, "close the selector under the loop"),
    INTERRUPT(Kind.BROKEN, "interrupt threads blocked in channel I/O"),
    POLLING(Kind.SECOND_BEST, "select(timeout) and a flag"),
    WAKEUP(Kind.FIXED, "flag + Selector.wakeup()"),
    SELF_PIPE(Kind.FIXED, "a pipe the loop also waits on");

    private final Kind kind;
    private final String what;

    Mode(Kind kind, String what) {
        this.kind = kind;
        this.what = what;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String what() {
        return what;
    }

    /** Starts a server of this kind on {@code bind}, with the course's idle limit. */
    public StoppableServer create(InetSocketAddress bind) throws IOException {
        return create(bind, IdleLimit.DEFAULT);
    }

    /** Starts a server of this kind; a selector loop closes connections silent for {@code idleLimit}. */
    public StoppableServer create(InetSocketAddress bind, Duration idleLimit) throws IOException {
        return switch (this) {
            case CLOSE -> new CloseFromOutsideLoop(bind, idleLimit);
            case INTERRUPT -> new InterruptingServer(bind); // blocking threads: no idle limit
            case POLLING -> new PollingLoop(bind, PollingLoop.POLL, idleLimit);
            case WAKEUP -> new WakeupLoop(bind, idleLimit);
            case SELF_PIPE -> new SelfPipeLoop(bind, idleLimit);
        };
    }
}
