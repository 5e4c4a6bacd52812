package dev.socketfaq.serverport.directory;

import java.io.IOException;

/**
 * A directory entry that cannot be a service address: no address, a host name or the wildcard where RFC 2307's
 * {@code ipHostNumber} wants an IP address, a port outside 1..65535. The FAQ's random-port method ("Server port")
 * trusts the well-known location; anyone who can write to it can also write nonsense there, so a client names the
 * entry and the attribute it cannot use, rather than connecting somewhere it guessed or looking a name up.
 */
public final class BadEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String dn;
    private final String attribute;

    public BadEntryException(String dn, String attribute, String problem) {
        super("bad directory entry " + dn + ": " + attribute + " " + problem);
        this.dn = dn;
        this.attribute = attribute;
    }

    /** The entry's distinguished name. */
    public String dn() {
        return dn;
    }

    /** The attribute that could not be used: ipHostNumber or ipServicePort. */
    public String attribute() {
        return attribute;
    }
}
