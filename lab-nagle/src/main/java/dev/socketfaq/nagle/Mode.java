package dev.socketfaq.nagle;

import dev.socketfaq.nagle.broken.SplitWriteClient;
import dev.socketfaq.nagle.fixed.GatheringWriteClient;
import dev.socketfaq.nagle.fixed.NoDelayClient;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The three ways this lab sends a request: the names students type ({@code --mode broken}). */
public enum Mode {
    BROKEN("split write, Nagle on"),
    FIXED("one gathering write, Nagle on"),
    NODELAY("split write, TCP_NODELAY");

    private final String how;

    Mode(String how) {
        this.how = how;
    }

    /** What the mode does, for output: "split write, Nagle on". */
    public String how() {
        return how;
    }

    public String label() {
        return name().toLowerCase();
    }

    /** Connects a client of this mode to {@code server}. */
    public RequestClient connect(InetSocketAddress server) throws IOException {
        return switch (this) {
            case BROKEN -> new SplitWriteClient(server);
            case FIXED -> new GatheringWriteClient(server);
            case NODELAY -> new NoDelayClient(server);
        };
    }
}
