package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Frames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader survives garbage; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {

    @Test
    void garbage_on_the_stream_is_counted_as_corrupt_not_thrown() {
        var tally = Messages.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5}));
        assertThat(tally.intact()).isZero();
        assertThat(tally.corrupt()).isEqualTo(1);
        assertThat(tally.firstCorruption()).contains("bad frame length");
    }

    @Test
    void a_silent_peer_is_reported_as_silent_not_as_corrupt() throws IOException {
        var twoMessagesThenSilence = new SequenceInputStream(
                new ByteArrayInputStream(frames(Messages.parts(0, 0), Messages.parts(0, 1))), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException(
                                "Read timed out"); // what the idle limit looks like to the reader
                    }
                });
        var tally = Messages.read(twoMessagesThenSilence);
        assertThat(tally).isEqualTo(new Messages.Tally(2, 0, null, true));
        try (var unconnected = new Socket()) {
            assertThat(TallyServer.report(unconnected, tally))
                    .endsWith("intact 2, corrupt 0; then silent for 10 s (the idle limit): disconnected");
        }
    }

    static byte[] frames(List<byte[]>... messages) {
        var out = new ByteArrayOutputStream();
        for (List<byte[]> m : messages)
            out.writeBytes(Frames.frame(SingleWriterFailureTest.concat(m)).array());
        return out.toByteArray();
    }
}
