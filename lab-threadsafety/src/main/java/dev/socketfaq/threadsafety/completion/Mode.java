package dev.socketfaq.threadsafety.completion;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.threadsafety.completion.broken.AppendingAssembler;
import dev.socketfaq.threadsafety.completion.fixed.SequencedAssembler;

/** The ways completion handlers put a message back together: the names students type ({@code --mode sequenced}). */
public enum Mode implements Implementation {
    APPENDING(Kind.BROKEN, "each handler appends its chunk as it runs"),
    SEQUENCED(Kind.FIXED, "each chunk placed by its read's sequence number");

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

    /** A fresh assembler of this mode, for one message. */
    public ChunkAssembler create() {
        return switch (this) {
            case APPENDING -> new AppendingAssembler();
            case SEQUENCED -> new SequencedAssembler();
        };
    }
}
