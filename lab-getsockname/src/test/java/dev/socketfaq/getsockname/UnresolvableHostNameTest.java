package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.socketfaq.getsockname.CallbackContract.Outcome;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.EscapedExceptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the host's own name does not resolve (macOS without a hosts entry, some containers and CI runners),
 * InetAddress.getLocalHost() throws. The local-host mode then has no address to tell: the server says so in an
 * ERR line, and the client, the contract and the demo record a failed call-back, not a crash. The FAQ's fix ("Local
 * address and port": ask the connected socket) needs no name and keeps working.
 */
@Timeout(60)
class UnresolvableHostNameTest {
    /** A name the tests' resolver (testkit LoopbackOnlyResolver) refuses at once, without a DNS query. */
    static final String UNRESOLVABLE = "this-host.invalid";

    // getLocalHost() is a lookup of the host's own name; here the lookup is of a name that fails the same way
    static final CallbackAddress LOCAL_HOST_THAT_DOES_NOT_RESOLVE =
            (listener, accepted) -> InetAddress.getByName(UNRESOLVABLE);

    @Test
    void the_server_says_err_and_the_client_records_a_failed_call_back() throws Exception {
        var log = new CopyOnWriteArrayList<String>();
        var seen = new ArrayList<CallbackClient.Call>();
        try (var escaped = EscapedExceptions.record();
                var server = CallbackServer.start(
                        new InetSocketAddress(0),
                        Mode.ACCEPTED,
                        a -> a == Mode.LOCAL_HOST ? LOCAL_HOST_THAT_DOES_NOT_RESOLVE : a.create(),
                        false,
                        log::add)) {
            var at = new InetSocketAddress(Loopback.LOOPBACK, server.address().getPort());
            seen.add(CallbackClient.call(at, Mode.LOCAL_HOST));
            seen.add(CallbackClient.call(at, Mode.LOCAL_HOST));
            var fixed = CallbackClient.call(at, Mode.ACCEPTED);

            assertThat(seen).allSatisfy(c -> {
                assertThat(c.calledBack()).isFalse();
                assertThat(c.told()).isNull();
                assertThat(c.toldWhatWasDialed()).isFalse();
                assertThat(c.problem())
                        .startsWith("the server told no address: cannot resolve this host's own name: ")
                        .contains(UNRESOLVABLE);
            });
            assertThat(CallbackContract.outcome(seen)).isEqualTo(Outcome.TOLD_NO_ADDRESS);
            assertThat(TableText.describe(seen.getFirst()))
                    .contains("told none", "CANNOT CALL BACK: the server told no address");
            assertThat(TableText.result(seen.getFirst())).contains("told=none", "called-back=false");
            assertThat(fixed.calledBack())
                    .as("the fix needs no name: %s", fixed.problem())
                    .isTrue();
            assertThat(log).anyMatch(l -> l.contains("cannot resolve this host's own name"));
            server.close(); // join the server's threads before asking what escaped them
            assertThat(escaped.escaped()).isEmpty();
        }
    }

    @Test
    void a_long_resolver_message_still_reaches_the_client_as_one_err_line() throws Exception {
        String longName = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        CallbackAddress failing = (listener, accepted) -> {
            throw new UnknownHostException(longName + ": " + longName + ": Name or service not known");
        };
        try (var server = CallbackServer.start(
                new InetSocketAddress(Loopback.LOOPBACK, 0), Mode.LOCAL_HOST, a -> failing, false, l -> {})) {
            var call = CallbackClient.call(server.address(), Mode.LOCAL_HOST);
            assertThat(call.told()).isNull();
            assertThat(call.problem())
                    .startsWith("the server told no address: cannot resolve this host's own name: " + "a".repeat(40))
                    .endsWith("...");
        }
    }

    /**
     * The real getLocalHost(), failing for real: the demo in a child JVM whose resolver reads an empty hosts file
     * (the JDK's jdk.net.hosts.file), so this host's name does not resolve there. The demo finishes, shows the
     * local-host mode's failure with the server's reason, and exits 0: the fix was right for every client.
     */
    @Test
    void the_demo_records_it_where_the_host_name_really_does_not_resolve(@TempDir Path dir) throws Exception {
        assumeFalse(
                hostNameIsLocalhost(), "this host is named localhost, which getLocalHost() answers without a lookup");
        Path hosts = Files.writeString(dir.resolve("hosts"), "# no names: this host's own name does not resolve\n");
        Path output = dir.resolve("demo.log");
        var process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-XX:TieredStopAtLevel=1",
                        "-Djdk.net.hosts.file=" + hosts,
                        "-cp",
                        ChildJvm.labClasspath(),
                        GetsocknameLab.class.getName(),
                        "demo")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertThat(process.waitFor(45, TimeUnit.SECONDS))
                    .as("the demo finished")
                    .isTrue();
            String out = Files.readString(output);
            assertThat(out)
                    .contains("verdict: the accepted connection's address was right for 2 of 2 clients")
                    .doesNotContain("error:", "Exception in thread", "\tat ");
            assertThat(out.lines().filter(l -> l.startsWith("local-host")))
                    .hasSize(2)
                    .allSatisfy(
                            l -> assertThat(l)
                                    .contains(
                                            "told none",
                                            "CANNOT CALL BACK: the server told no address: cannot resolve this host's own name"));
            assertThat(process.exitValue()).as(out).isZero();
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean hostNameIsLocalhost() {
        try {
            return InetAddress.getLocalHost().getHostName().equalsIgnoreCase("localhost");
        } catch (UnknownHostException e) {
            return false; // does not resolve here either: the child will see the same
        }
    }
}
