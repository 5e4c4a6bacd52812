package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract's "leaves nothing open" reads {@link StoppableServer#openChannels()}: it must count every channel a
 * server holds, or a channel left open would pass unseen. With no client connected a server holds its listener, a
 * selector loop its selector too, the self-pipe loop both ends of its pipe besides; after a clean stop, nothing.
 */
@Timeout(30)
class OpenChannelsTest {
    static final Map<Mode, Integer> HELD = Map.of(
            Mode.CLOSE, 2, // listener, selector
            Mode.INTERRUPT, 1, // listener
            Mode.POLLING, 2,
            Mode.WAKEUP, 2,
            Mode.SELF_PIPE, 4); // listener, selector, the pipe's source and sink

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void open_channels_counts_what_a_server_holds_and_nothing_after_its_stop(Mode mode) throws Exception {
        try (StoppableServer server = mode.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(server.openChannels())
                    .as("%s: channels held, idle", mode.label())
                    .isEqualTo(HELD.get(mode));

            server.requestStop();

            assertThat(server.awaitTermination(Duration.ofSeconds(10)))
                    .as("ended")
                    .isTrue();
            assertThat(server.openChannels())
                    .as("%s: channels open after the stop", mode.label())
                    .isZero();
        }
    }
}
