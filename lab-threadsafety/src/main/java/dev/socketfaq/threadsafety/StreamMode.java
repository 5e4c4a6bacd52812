package dev.socketfaq.threadsafety;

import dev.socketfaq.threadsafety.broken.UnsynchronizedSender;
import dev.socketfaq.threadsafety.fixed.LockedSender;
import dev.socketfaq.threadsafety.fixed.SingleWriterSender;
import java.io.OutputStream;

/** The ways several threads share one stream in this lab: the names students type ({@code --mode locked}). */
public enum StreamMode {
    UNSYNCHRONIZED("broken", "several write calls per message, no lock"),
    LOCKED("fixed", "a lock around each whole message"),
    SINGLE_WRITER("fixed", "one writer thread owns the stream");

    private final String kind;
    private final String how;

    StreamMode(String kind, String how) {
        this.kind = kind;
        this.how = how;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }

    public String kind() {
        return kind;
    }

    public String how() {
        return how;
    }

    public MessageSender over(OutputStream out) {
        return switch (this) {
            case UNSYNCHRONIZED -> new UnsynchronizedSender(out);
            case LOCKED -> new LockedSender(out);
            case SINGLE_WRITER -> new SingleWriterSender(out);
        };
    }

    /** Accepts "single-writer" as well as "SINGLE_WRITER". */
    public static StreamMode parse(String value) {
        for (StreamMode m : values()) {
            if (m.label().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value)) return m;
        }
        throw new IllegalArgumentException("unknown mode '" + value + "' (unsynchronized, locked, single-writer)");
    }
}
