package dev.socketfaq.serverport.directory;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A directory entry that points where its server no longer is: it died without removing the entry (crash,
 * kill -9, power cut), and either nothing listens on its port now or another program took the port since (the
 * OS hands a freed port to whoever asks next). The FAQ's random-port method ("Server port") depends on the
 * well-known location being right; a client must detect a stale entry quickly and say so, not hang, report a
 * bare "connection refused", or take another program's reply for the service's.
 */
public final class StaleEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    public StaleEntryException(String dn, InetSocketAddress address, Throwable cause) {
        super(
                "stale directory entry " + dn + ": it says "
                        + address.getAddress().getHostAddress() + ":" + address.getPort()
                        + " but nothing listens there (" + cause.getMessage()
                        + "); its server died without removing it",
                cause);
    }

    /** Something answers at the entry's address, but not as {@code instance}: {@code reply} says how it answered. */
    public StaleEntryException(String dn, InetSocketAddress address, String instance, String reply) {
        super("stale directory entry " + dn + ": port " + address.getPort() + " at "
                + address.getAddress().getHostAddress() + " answers, but not as " + instance + " (" + reply
                + "): something else holds it now; its server died without removing it");
    }
}
