package dev.socketfaq.serverport.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The identity servers publish as: the DN {@link #DN} and its password, which the directory is started with and
 * handed to servers out of band (printed by the directory, or a file an instructor gives out). Clients never need
 * it: reading stays anonymous. {@link #ANONYMOUS} publishes without credentials.
 */
public record Publisher(String password) {
    public static final String DN = "cn=publisher," + ServiceDirectory.BASE;
    public static final Publisher ANONYMOUS = new Publisher(null);
    static final int MAX_PASSWORD = 128;

    /** A fresh random password, as a directory started without a password file uses (and prints). */
    public static Publisher generate() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return new Publisher(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The password on the first line of {@code file}, surrounding blanks ignored. */
    public static Publisher read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read the publisher password from " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read the publisher password from " + file + ": permission denied", e);
        }
        String password = text.lines().findFirst().orElse("").strip();
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            throw new IOException("no publisher password in " + file + ": its first line must hold 1.." + MAX_PASSWORD
                    + " characters");
        }
        return new Publisher(password);
    }

    public boolean anonymous() {
        return password == null;
    }

    /** Binds {@code ldap} as the publisher; anonymous leaves it unbound. A wrong password: invalidCredentials. */
    void bind(LDAPConnection ldap) throws LDAPException {
        if (!anonymous()) ldap.bind(DN, password);
    }

    @Override
    public String toString() {
        return anonymous() ? "anonymous" : DN; // never the password
    }
}
