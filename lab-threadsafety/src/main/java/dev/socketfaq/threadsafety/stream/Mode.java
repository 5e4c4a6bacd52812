package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.threadsafety.stream.broken.UnsynchronizedSender;
import dev.socketfaq.threadsafety.stream.fixed.LockedSender;
import dev.socketfaq.threadsafety.stream.fixed.SingleWriterSender;
import java.io.OutputStream;

/** The ways several threads share one stream: the names students type ({@code --mode single-writer}). */
public enum Mode implements Implementation {
    UNSYNCHRONIZED(Kind.BROKEN, "several write calls per message, no lock"),
    LOCKED(Kind.FIXED, "a lock around each whole message"),
    SINGLE_WRITER(Kind.FIXED, "one writer thread owns the stream");

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

    /** A sender of this mode over {@code out}, which every sending thread shares. */
    public MessageSender create(OutputStream out) {
        return switch (this) {
            case UNSYNCHRONIZED -> new UnsynchronizedSender(out);
            case LOCKED -> new LockedSender(out);
            case SINGLE_WRITER -> new SingleWriterSender(out);
        };
    }
}
