package dev.socketfaq.getsockname;

import dev.socketfaq.getsockname.broken.ListeningAddress;
import dev.socketfaq.getsockname.broken.LocalHostAddress;
import dev.socketfaq.getsockname.fixed.AcceptedAddress;
import dev.socketfaq.kit.Implementation;

/** The ways this lab's server picks its callback address: the names students type ({@code --mode accepted}). */
public enum Mode implements Implementation {
    LISTENING(Kind.BROKEN, "the listening socket's address"),
    LOCAL_HOST(Kind.BROKEN, "InetAddress.getLocalHost()"),
    ACCEPTED(Kind.FIXED, "the accepted connection's local address");

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

    /** The code behind this mode. */
    public CallbackAddress create() {
        return switch (this) {
            case LISTENING -> new ListeningAddress();
            case LOCAL_HOST -> new LocalHostAddress();
            case ACCEPTED -> new AcceptedAddress();
        };
    }

    /** The mode a client names in its HELLO line; anything else is the client breaking the protocol. */
    public static Mode ofLabel(String label) {
        for (Mode m : values()) {
            if (m.label().equals(label)) return m;
        }
        throw new IllegalArgumentException("unknown mode '" + label + "' (listening, local-host, accepted)");
    }
}
