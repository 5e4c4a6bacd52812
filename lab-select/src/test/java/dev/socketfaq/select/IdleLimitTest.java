package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hardening every selector loop keeps while it runs: a connection silent for the idle limit is closed, not before the
 * limit, and soon after it (the loop's wait ends at the idle deadline; the polling loop looks at each poll).
 */
@Timeout(30)
class IdleLimitTest {
    static final Duration IDLE = Duration.ofMillis(300);
    static final Duration BOUND = IDLE.plusSeconds(3); // room for a loaded machine, not a latency claim

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Mode.class,
            names = {"CLOSE", "POLLING", "WAKEUP", "SELF_PIPE"})
    void a_silent_client_is_closed_once_the_idle_limit_has_passed(Mode mode) throws Exception {
        try (StoppableServer server = mode.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), IDLE);
                var silent = new Socket()) {
            long start = System.nanoTime();
            silent.connect(server.address(), 3_000);
            silent.setSoTimeout((int) BOUND.toMillis());

            assertThat(silent.getInputStream().read())
                    .as("end of stream: closed by the loop")
                    .isEqualTo(-1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("%s: closed after the idle limit", mode.label()).isBetween(IDLE, BOUND);
            assertThat(((SelectorServer) server).peersIdleClosed()).isEqualTo(1);
        }
    }
}
