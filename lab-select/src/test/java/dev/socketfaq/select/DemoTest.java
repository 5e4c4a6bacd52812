package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo shows both sides and a verdict: closing or interrupting mid-stream loses bytes, polling is slow. */
@Timeout(60)
class DemoTest {

    @Test
    void the_demo_stops_every_mode_mid_stream_and_its_verdict_names_the_losers_and_the_fixes() {
        CliRun run = CliRun.run(new SelectLab(), "demo", "--clients", "2", "--bytes", "1048576");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out())
                .contains("2 clients each stream 1,048,576 bytes")
                .contains("selector provider: " + PlatformSelector.name())
                .containsPattern("broken\\s+close\\s+delivered [\\d,]+ of 2,097,152 owed bytes")
                .containsPattern("second-best\\s+polling\\s+delivered 2,097,152 of 2,097,152 owed bytes")
                .containsPattern("fixed\\s+wakeup\\s+delivered 2,097,152 of 2,097,152 owed bytes")
                .containsPattern("fixed\\s+self-pipe\\s+delivered 2,097,152 of 2,097,152 owed bytes")
                .containsPattern(
                        "verdict: stopped mid-stream, close delivered \\d+%, interrupt delivered \\d+% of what was owed; "
                                + "polling delivered all but an idle stop took [\\d.]+ ms; "
                                + "wakeup and self-pipe delivered every byte and stopped promptly");
    }
}
