package dev.socketfaq.serverport.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.LDAPException;

/** Who may write to the service directory: the lesson's two halves are broken/OpenDirectory and fixed/GuardedDirectory. */
public interface Access {
    /** Applies the rule to the directory before it starts. */
    void configure(InMemoryDirectoryServerConfig config) throws LDAPException;

    /** The rule in a few words, for people: "anyone may write". */
    String describe();
}
