package dev.socketfaq.threadsafety.handle;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.threadsafety.handle.broken.DescriptorTable;
import dev.socketfaq.threadsafety.handle.fixed.GenerationTable;

/** The ways a program names its connections: the names students type ({@code --mode generation}). */
public enum Mode implements Implementation {
    DESCRIPTOR(Kind.BROKEN, "the handle is the OS's descriptor number"),
    GENERATION(Kind.FIXED, "descriptor number and its generation");

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

    /** A table of this mode over the descriptors of {@code os}. */
    public ConnectionTable create(Descriptors os) {
        return switch (this) {
            case DESCRIPTOR -> new DescriptorTable(os);
            case GENERATION -> new GenerationTable(os);
        };
    }
}
