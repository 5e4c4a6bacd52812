package dev.socketfaq.serverport.fixed;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import dev.socketfaq.serverport.directory.Access;
import dev.socketfaq.serverport.directory.Publisher;

// tag::class[]
/**
 * FIXED (FAQ, "Server port": record the port in a well-known location): anyone may read the directory, so any
 * client can look a service up; only the publisher may write, so no stranger can send clients elsewhere. The
 * publisher's password is given to servers out of band, as an agreed port is.
 */
public final class GuardedDirectory implements Access {
    private final Publisher publisher;

    public GuardedDirectory(Publisher publisher) {
        if (publisher.anonymous()) throw new IllegalArgumentException("a guarded directory needs a publisher password");
        this.publisher = publisher;
    }

    // tag::lesson[]
    @Override
    public void configure(InMemoryDirectoryServerConfig config) throws LDAPException {
        config.addAdditionalBindCredentials(Publisher.DN, publisher.password()); // the one identity that may write
        // tag::solution[] server-port-guard-the-directory
        config.setAuthenticationRequiredOperationTypes( // anonymous: insufficientAccessRights; reads stay open
                OperationType.ADD, OperationType.MODIFY, OperationType.DELETE, OperationType.MODIFY_DN);
        // end::solution[]
    }
    // end::lesson[]

    @Override
    public String describe() {
        return "guarded: anyone may read, only " + Publisher.DN + " may write";
    }
}
// end::class[]

// tag::start[] server-port-guard-the-directory: clients must be able to trust what the directory says
// // anyone may still write: a stranger can publish another port under the service's name
// end::start[]
