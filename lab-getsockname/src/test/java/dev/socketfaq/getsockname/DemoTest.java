package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo runs, shows the broken and the fixed modes side by side, and ends with a verdict its exit code follows. */
@Timeout(60)
class DemoTest {
    static final InetSocketAddress ONE = new InetSocketAddress(Loopback.LOOPBACK, 7010);
    static final InetSocketAddress OTHER = new InetSocketAddress(Loopback.OTHER_LOOPBACK, 7010);

    @Test
    void the_demo_shows_both_sides_and_a_verdict() {
        var run = CliRun.run(new GetsocknameLab(), "demo");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.OK);
        assertThat(run.out())
                .contains("== what a socket knows about its own end", "address unknown", "address known")
                .contains("verdict: the accepted connection's address was right for 2 of 2 clients");
        assertThat(run.out().lines().filter(l -> l.startsWith("listening ")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("(broken)", "CANNOT CALL BACK"));
        assertThat(run.out().lines().filter(l -> l.startsWith("local-host ")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("(broken)"));
        assertThat(run.out().lines().filter(l -> l.startsWith("accepted ")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("(fixed)").endsWith("called back"));
    }

    static CallbackClient.Call call(Mode m, InetSocketAddress dialed, InetSocketAddress told, String problem) {
        return new CallbackClient.Call(m, dialed, new InetSocketAddress(dialed.getAddress(), 50000), told, problem);
    }

    static String[] verdict(List<CallbackClient.Call> calls, int expectedExit) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = GetsocknameLab.verdict(CallbackDemo.Verdict.of(calls), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(expectedExit);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void the_demo_succeeds_when_the_fix_called_back_every_client() {
        String[] printed = verdict(
                List.of(
                        call(Mode.LISTENING, ONE, new InetSocketAddress(0), "0.0.0.0 is the wildcard"),
                        call(Mode.ACCEPTED, ONE, ONE, null),
                        call(Mode.ACCEPTED, OTHER, OTHER, null)),
                Cli.OK);
        assertThat(printed[0]).contains("right for 2 of 2 clients", "were wrong for 1 of 1");
        assertThat(printed[1]).isEmpty();
    }

    @Test
    void the_demo_fails_when_the_fix_did_not_call_back_every_client() {
        String[] printed = verdict(
                List.of(
                        call(Mode.ACCEPTED, ONE, ONE, null),
                        call(Mode.ACCEPTED, OTHER, OTHER, "cannot reach 127.0.0.2:7010: Connection refused")),
                Cli.FAILURE);
        assertThat(printed[0]).contains("right for 1 of 2 clients");
        assertThat(printed[1].lines())
                .singleElement(STRING)
                .startsWith("error: ")
                .contains("wrong for 1 of 2 clients");
    }

    @Test
    void the_demo_fails_when_the_fix_told_an_address_the_client_never_dialed() {
        String[] printed = verdict(List.of(call(Mode.ACCEPTED, OTHER, ONE, null)), Cli.FAILURE);
        assertThat(printed[1]).startsWith("error: ");
    }

    @Test
    void the_demo_fails_when_the_fix_had_no_client() {
        String[] printed = verdict(List.of(call(Mode.LISTENING, ONE, null, "told no address")), Cli.FAILURE);
        assertThat(printed[0]).contains("right for 0 of 0 clients");
    }
}
