package dev.socketfaq.getsockname;

import dev.socketfaq.getsockname.broken.ListeningAddress;
import dev.socketfaq.getsockname.broken.LocalHostAddress;
import dev.socketfaq.getsockname.fixed.AcceptedAddress;

/** The ways this lab's server picks its callback address: the names students type ({@code --advertise accepted}). */
public enum Advertise {
    LISTENING("broken", "the listening socket's address"),
    LOCAL_HOST("broken", "InetAddress.getLocalHost()"),
    ACCEPTED("fixed", "the accepted connection's local address");

    private final String kind;
    private final String how;

    Advertise(String kind, String how) {
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

    public CallbackAddress strategy() {
        return switch (this) {
            case LISTENING -> new ListeningAddress();
            case LOCAL_HOST -> new LocalHostAddress();
            case ACCEPTED -> new AcceptedAddress();
        };
    }

    public static Advertise parse(String value) {
        for (Advertise a : values()) {
            if (a.label().equalsIgnoreCase(value) || a.name().equalsIgnoreCase(value)) return a;
        }
        throw new IllegalArgumentException("unknown strategy '" + value + "' (listening, local-host, accepted)");
    }
}
