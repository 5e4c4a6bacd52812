package dev.socketfaq.reserve;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.reserve.broken.ProbeThenBind;
import dev.socketfaq.reserve.fixed.KeepWhatYouBound;

/** The two ways this lab gets a port to listen on: the names students type ({@code --mode broken}). */
public enum Mode implements Implementation {
    BROKEN(Kind.BROKEN, "probe-then-bind: bind port 0, close, bind the number later"),
    FIXED(Kind.FIXED, "keep-what-you-bound: bind port 0 once and hand on the bound channel");

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

    /** A claimer of this mode. */
    public PortClaimer create() {
        return switch (this) {
            case BROKEN -> new ProbeThenBind();
            case FIXED -> new KeepWhatYouBound();
        };
    }
}
