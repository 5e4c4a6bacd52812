package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The classroom demo runs, shows each sub-lesson's broken and fixed side, and ends with a verdict. */
@Timeout(120)
class DemoTest {

    @Test
    void the_demo_shows_every_sub_lesson_both_sides_and_a_verdict() {
        CliRun run = CliRun.run(new ThreadSafetyLab(), "demo", "--threads", "2", "--messages", "50", "--preempt");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("stream:", "unsynchronized", "locked", "single-writer")
                .contains("handle:", "completions:", "appending", "sequenced")
                .containsPattern("(?m)^verdict: .*unsynchronized.*locked intact.*sequenced 0 of \\d+ out of order");
    }
}
