package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo runs, shows the broken and the fixed side with a competitor in the gap, and gives its verdict. */
@Timeout(30)
class DemoTest {

    @Test
    void the_demo_shows_both_sides_and_a_verdict() {
        var demo = CliRun.run(new ReserveLab(), "demo");
        assertThat(demo.exitCode()).as(demo.err()).isEqualTo(Cli.OK);
        assertThat(demo.out())
                .containsPattern("broken \\(probe-then-bind[^\\n]*\\n\\s+bind failed \\([^)]*\\); the competitor took"
                        + " port \\d+")
                .containsPattern("fixed  \\(keep-what-you-bound[^\\n]*\\n\\s+got port (\\d+); the competitor was"
                        + " refused port \\1 \\(")
                .contains("verdict: only the bound channel kept its port; a port number reserves nothing")
                .contains("port 8080 is reserved by apache")
                .contains("who holds the port this demo just bound?");
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void gap_runs_one_mode() {
        var fixed = CliRun.run(new ReserveLab(), "gap", "--mode", "fixed");
        assertThat(fixed.exitCode()).as(fixed.err()).isEqualTo(Cli.OK);
        assertThat(fixed.out()).containsPattern("^fixed: got port (\\d+); the competitor was refused port \\1 ");
        var broken = CliRun.run(new ReserveLab(), "gap", "--mode", "broken");
        assertThat(broken.out()).containsPattern("^broken: bind failed \\(.*\\); the competitor took port \\d+");
    }
}
