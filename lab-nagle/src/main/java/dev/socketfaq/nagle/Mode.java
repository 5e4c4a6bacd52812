package dev.socketfaq.nagle;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.nagle.broken.SplitWriteClient;
import dev.socketfaq.nagle.fixed.GatheringWriteClient;
import dev.socketfaq.nagle.fixed.NoDelayClient;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The three ways this lab sends a request: the names students type ({@code --mode broken}). */
public enum Mode implements Implementation {
    BROKEN(Kind.BROKEN, "split write, Nagle on"),
    FIXED(Kind.FIXED, "one gathering write, Nagle on"),
    NODELAY(Kind.SECOND_BEST, "split write, TCP_NODELAY");

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

    /** Connects a client of this mode to {@code server}. */
    public RequestClient create(InetSocketAddress server) throws IOException {
        return switch (this) {
            case BROKEN -> new SplitWriteClient(server);
            case FIXED -> new GatheringWriteClient(server);
            case NODELAY -> new NoDelayClient(server);
        };
    }
}
