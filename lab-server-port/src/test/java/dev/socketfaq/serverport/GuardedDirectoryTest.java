package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.serverport.broken.OpenDirectory;
import dev.socketfaq.serverport.directory.Access;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may write the well-known location (FAQ, "Server port"): the standard OpenLDAP client against the open
 * directory and the guarded one. Anonymous writes redirect the open directory's clients to a stranger; the guarded
 * directory refuses them with insufficientAccessRights (50), a wrong password with invalidCredentials (49), and its
 * clients keep reaching the real server. The publisher's own add succeeds.
 */
@Timeout(30)
class GuardedDirectoryTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    final Publisher publisher = Publisher.generate();

    @BeforeEach
    void ldapUtils() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/ldapmodify")),
                "OpenLDAP's ldapmodify is not installed (apt install ldap-utils)");
    }

    /** What an OpenLDAP command said, and its exit code (the LDAP result code when the server refused). */
    record Run(int exitCode, String output) {}

    Run ldap(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(10, TimeUnit.SECONDS))
                    .as("%s finished", command[0])
                    .isTrue();
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The LDIF a stranger writes: instance {@code instance} now at {@code port} on loopback. */
    Path evil(String instance, int port) throws IOException {
        return Files.writeString(dir.resolve("evil.ldif"), """
                dn: cn=%s,%s
                changetype: modify
                replace: ipServicePort
                ipServicePort: %d
                -
                replace: ipHostNumber
                ipHostNumber: 127.0.0.1
                """.formatted(instance, ServiceDirectory.SERVICES, port));
    }

    /** A classroom's example: an anonymous ldapadd of a service of the stranger's choosing. */
    Path newService() throws IOException {
        return Files.writeString(dir.resolve("time.ldif"), """
                dn: cn=time,%s
                objectClass: ipService
                objectClass: ipHost
                cn: time
                ipHostNumber: 127.0.0.1
                ipServicePort: 6666
                ipServiceProtocol: tcp
                """.formatted(ServiceDirectory.SERVICES));
    }

    static TimeServer impostor(String instance) throws IOException {
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        return TimeServer.serve(listener, instance); // answers as the instance it wants to replace
    }

    /** Runs instance a published in a directory of {@code access}, then lets a stranger ldapmodify its entry. */
    List<Object> strangerRewrites(Access access, Publisher as) throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, access);
                var stranger = impostor("a")) {
            var rendezvous = new RandomPortInDirectory(LOOPBACK, directory.address(), as);
            try (var a = rendezvous.start("a")) {
                Run run = ldap(
                        "ldapmodify",
                        "-x",
                        "-H",
                        directory.url(),
                        "-f",
                        evil("a", stranger.port()).toString());
                String reply = rendezvous.locate("a").ask();
                return new ArrayList<>(List.of(run, reply, a.server().accepted(), stranger.accepted()));
            }
        }
    }

    // tag::stranger[]
    @Test
    void in_the_open_directory_an_anonymous_ldapmodify_sends_clients_to_a_stranger() throws Exception {
        List<Object> seen = strangerRewrites(new OpenDirectory(), Publisher.ANONYMOUS);
        Run run = (Run) seen.get(0);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat((String) seen.get(1))
                .as("it answers as a: the client cannot tell")
                .startsWith("OK a ");
        assertThat(seen.get(2)).as("connections to the real a").isEqualTo(0);
        assertThat(seen.get(3)).as("connections to the stranger").isEqualTo(1);
    }

    @Test
    void the_guarded_directory_refuses_it_and_its_clients_keep_reaching_the_real_server() throws Exception {
        List<Object> seen = strangerRewrites(new GuardedDirectory(publisher), publisher);
        Run run = (Run) seen.get(0);
        assertThat(run.exitCode())
                .as("ldapmodify exits with the LDAP result code")
                .isEqualTo(50);
        assertThat(run.output()).contains("Insufficient access (50)");
        assertThat((String) seen.get(1)).startsWith("OK a ");
        assertThat(seen.get(2)).as("connections to the real a").isEqualTo(1);
        assertThat(seen.get(3)).as("connections to the stranger").isEqualTo(0);
    }
    // end::stranger[]

    @Test
    void an_anonymous_ldapadd_is_refused_by_the_guarded_directory_and_taken_by_the_open_one() throws Exception {
        for (Access access : List.of(new GuardedDirectory(publisher), new OpenDirectory())) {
            try (var directory = ServiceDirectory.start(LOOPBACK, 0, access)) {
                Run run = ldap(
                        "ldapadd",
                        "-x",
                        "-H",
                        directory.url(),
                        "-f",
                        newService().toString());
                boolean guarded = access instanceof GuardedDirectory;
                assertThat(run.exitCode()).as(run.output()).isEqualTo(guarded ? 50 : 0);
                assertThat(directory.services()).as(access.describe()).isEqualTo(guarded ? 0 : 1);
                Run delete = ldap("ldapdelete", "-x", "-H", directory.url(), "cn=time," + ServiceDirectory.SERVICES);
                assertThat(delete.exitCode()).as(delete.output()).isEqualTo(guarded ? 50 : 0);
            }
        }
    }

    @Test
    void a_wrong_password_is_invalid_credentials_and_the_publishers_own_add_succeeds() throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher))) {
            Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not-" + publisher.password());
            Path right = Files.writeString(dir.resolve("publisher.pw"), publisher.password()); // -y: the whole file
            String ldif = newService().toString();

            Run refused = ldap(
                    "ldapadd", "-x", "-H", directory.url(), "-D", Publisher.DN, "-y", wrong.toString(), "-f", ldif);
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(49);
            assertThat(refused.output()).contains("Invalid credentials (49)");
            assertThat(directory.services()).isZero();

            Run added = ldap(ServiceDirectory.ldapadd(directory.address(), right.toString(), ldif)
                    .split(" "));
            assertThat(added.exitCode()).as(added.output()).isZero();
            assertThat(directory.services()).isEqualTo(1);
        }
    }
}
