package dev.socketfaq.serverport.fixed;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A directory entry that points where nothing listens any more: its server died without removing it
 * (crash, kill -9, power cut). The FAQ's random-port method depends on the well-known location being right;
 * a client must detect a stale entry quickly and say so, not hang or report a bare "connection refused".
 */
public final class StaleEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    public StaleEntryException(String dn, InetSocketAddress address, Throwable cause) {
        super("stale directory entry " + dn + ": it says " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " but nothing listens there (" + cause.getMessage() + "); its server died without removing it", cause);
    }
}
