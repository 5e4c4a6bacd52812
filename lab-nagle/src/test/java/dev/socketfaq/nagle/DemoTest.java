package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo runs every mode against one server and says, in its verdict, which waits and what nodelay costs. */
@Timeout(60)
class DemoTest {

    @Test
    void the_demo_shows_every_mode_and_a_verdict() {
        CliRun run = CliRun.run(new NagleLab(), "demo", "--requests", "5");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out())
                .containsPattern("broken +BROKEN +\\(split write, Nagle on +\\) \\.{5} median")
                .containsPattern("fixed +FIXED +\\(one gathering write, Nagle on *\\) \\.{5} median")
                .containsPattern("nodelay +SECOND_BEST +\\(split write, TCP_NODELAY *\\) \\.{5} median")
                .containsPattern("verdict: broken [\\d.]+ ms vs fixed [\\d.]+ ms, \\d+x slower: "
                        + "each request waits for the delayed ACK; nodelay [\\d.]+ ms");
    }
}
