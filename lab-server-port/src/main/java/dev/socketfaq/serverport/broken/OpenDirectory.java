package dev.socketfaq.serverport.broken;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import dev.socketfaq.serverport.directory.Access;

// tag::class[]
/**
 * BROKEN (FAQ, "Server port": record the port in a well-known location): a directory anyone may write. Any
 * program that can reach it can publish "time" at a port of its choosing, and every client that looks the
 * service up goes there: the hijacking of a well-known port, moved into the well-known location.
 */
public final class OpenDirectory implements Access {
    // tag::lesson[]
    @Override
    public void configure(InMemoryDirectoryServerConfig config) {
        // nothing to configure: an LDAP server that asks no credentials lets anonymous clients add, modify, delete
    }
    // end::lesson[]

    @Override
    public String describe() {
        return "open: anyone may read and write";
    }
}
// end::class[]
