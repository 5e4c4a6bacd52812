package dev.socketfaq.select;

import dev.socketfaq.select.broken.CloseFromOutsideLoop;
import dev.socketfaq.select.broken.InterruptingServer;
import dev.socketfaq.select.broken.PollingLoop;
import dev.socketfaq.select.fixed.SelfPipeLoop;
import dev.socketfaq.select.fixed.WakeupLoop;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The ways this lab stops a server from another thread: the names students type ({@code --method wakeup}). */
public enum StopMethod {
    CLOSE("broken", "close the selector under the loop"),
    INTERRUPT("broken", "interrupt threads blocked in channel I/O"),
    POLLING("slow", "select(timeout) and a flag"),
    WAKEUP("fixed", "flag + Selector.wakeup()"),
    SELF_PIPE("fixed", "a pipe the loop also waits on");

    private final String kind;
    private final String how;

    StopMethod(String kind, String how) {
        this.kind = kind;
        this.how = how;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }

    /** "broken", "slow" or "fixed". */
    public String kind() {
        return kind;
    }

    public String how() {
        return how;
    }

    /** Starts a server of this kind on {@code bind}. */
    public StoppableServer start(InetSocketAddress bind) throws IOException {
        return switch (this) {
            case CLOSE -> new CloseFromOutsideLoop(bind);
            case INTERRUPT -> new InterruptingServer(bind);
            case POLLING -> new PollingLoop(bind);
            case WAKEUP -> new WakeupLoop(bind);
            case SELF_PIPE -> new SelfPipeLoop(bind);
        };
    }
}
