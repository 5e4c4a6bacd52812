package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's exit code follows its verdict: 1, with one error: line, when the fix did not call back every client. */
@Timeout(10)
class DemoVerdictTest {
    static final InetSocketAddress ONE = new InetSocketAddress(StateTable.LOOPBACK, 7010);
    static final InetSocketAddress OTHER = new InetSocketAddress(StateTable.OTHER_LOOPBACK, 7010);

    static CallbackClient.Call call(Advertise a, InetSocketAddress dialed, InetSocketAddress told, String problem) {
        return new CallbackClient.Call(a, dialed, new InetSocketAddress(dialed.getAddress(), 50000), told, problem);
    }

    @Test
    void the_demo_succeeds_when_the_fix_called_back_every_client() {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GetsocknameLab.verdict(
                List.of(
                        call(Advertise.LISTENING, ONE, new InetSocketAddress(0), "0.0.0.0 is the wildcard"),
                        call(Advertise.ACCEPTED, ONE, ONE, null),
                        call(Advertise.ACCEPTED, OTHER, OTHER, null)),
                new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).isEqualTo(Cli.OK);
        assertThat(out.toString()).contains("right for 2 of 2 clients");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void the_demo_fails_when_the_fix_did_not_call_back_every_client() {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GetsocknameLab.verdict(
                List.of(
                        call(Advertise.ACCEPTED, ONE, ONE, null),
                        call(Advertise.ACCEPTED, OTHER, OTHER, "cannot reach 127.0.0.2:7010: Connection refused")),
                new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).isEqualTo(Cli.FAILURE);
        assertThat(out.toString()).contains("right for 1 of 2 clients");
        assertThat(err.toString().lines())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("error: ")
                .contains("wrong for 1 of 2 clients");
    }

    @Test
    void the_demo_fails_when_the_fix_told_an_address_the_client_never_dialed() {
        var err = new StringWriter();
        int code = GetsocknameLab.verdict(
                List.of(call(Advertise.ACCEPTED, OTHER, ONE, null)),
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).isEqualTo(Cli.FAILURE);
        assertThat(err.toString()).startsWith("error: ");
    }
}
