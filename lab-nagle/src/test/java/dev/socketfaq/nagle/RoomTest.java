package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Latencies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The instructor's view: the server itself sees the split write's body wait, and the one write's not. */
@Timeout(60)
class RoomTest {

    /** What the server sees of one client of {@code mode} after warm-up and 20 requests. */
    private static Room.Client seenByTheServer(Mode mode) throws Exception {
        try (var server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {});
                var client = mode.create(server.address())) {
            RoundTrips.record(client, 40, new Latencies(), RoundTrips.Progress.SILENT);
            assertThat(server.room().requests()).isEqualTo(40);
            assertThat(server.room().clients()).hasSize(1);
            return server.room().clients().get(0);
        }
    }

    @Test
    void the_server_sees_a_split_writes_body_wait_for_the_ack() throws Exception {
        Room.Client split = seenByTheServer(Mode.BROKEN);
        assertThat(split.stalls()).as("median gap %s ms", split.medianGapMs()).isTrue();
    }

    @Test
    void the_server_sees_a_single_writes_body_arrive_with_its_header() throws Exception {
        Room.Client oneWrite = seenByTheServer(Mode.FIXED);
        assertThat(oneWrite.stalls())
                .as("median gap %s ms", oneWrite.medianGapMs())
                .isFalse();
        assertThat(oneWrite.requests()).isEqualTo(40);
    }
}
