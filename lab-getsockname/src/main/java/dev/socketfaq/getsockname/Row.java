package dev.socketfaq.getsockname;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One row of the state table: a socket of a family in a state, and what it said about its local end ({@code local}:
 * the channel's getLocalAddress(), null while unbound). A {@link Stage#SKIPPED} row measured nothing; its state says
 * why.
 */
public record Row(Row.Family family, String socket, Row.Stage stage, String state, InetSocketAddress local) {

    /** The families a row can be measured in: what the socket is (INET or INET6) and whom it talks to. */
    public enum Family {
        IPV4("IPv4"),
        IPV6("IPv6"),
        DUAL_STACK("dual-stack"),
        IPV6_ONLY("IPv6-only");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The states the FAQ talks about; the assertions go by these, the table prints the row's own words. Binding
     * has three: to the wildcard with port 0 (the OS picks the port: the FAQ's "random port technique"), to the
     * wildcard with a port the caller names, and to one address. A UDP socket has one more: it has sent a datagram
     * without being connected (the FAQ's "until I/O occurs").
     */
    public enum Stage {
        UNBOUND,
        BOUND_WILDCARD_PORT_ZERO,
        BOUND_WILDCARD_NAMED_PORT,
        BOUND_ONE_ADDRESS,
        LISTENING_WILDCARD,
        LISTENING_ONE_ADDRESS,
        SENT_UNCONNECTED,
        CONNECTED,
        ACCEPTED,
        SKIPPED;

        /** Bound or listening on 0.0.0.0 or ::, and not (yet) connected: the address the FAQ says is unknown. */
        public boolean onWildcard() {
            return this == BOUND_WILDCARD_PORT_ZERO || this == BOUND_WILDCARD_NAMED_PORT || this == LISTENING_WILDCARD;
        }
    }

    public boolean measured() {
        return stage != Stage.SKIPPED;
    }

    public InetAddress address() {
        return local == null ? null : local.getAddress();
    }

    public int port() {
        return local == null ? 0 : local.getPort();
    }

    public boolean portKnown() {
        return port() > 0;
    }

    public boolean addressKnown() {
        return address() != null && !address().isAnyLocalAddress();
    }

    public String addressText() {
        return address() == null ? "null" : address().getHostAddress();
    }
}
