package dev.socketfaq.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The shared decoders against hostile bytes: whatever arrives, a decoder returns a message within its bounds,
 * reports a clean end of stream, or throws an {@link IOException} that says what was wrong: never another
 * exception, and never reads (or buffers) more than one message's worth.
 */
class DecoderProperties {

    @Property(tries = 500)
    void frames_decode_or_fail_with_a_protocol_error(@ForAll @Size(max = 300) byte[] garbage) {
        try {
            byte[] body = Frames.read(new ByteArrayInputStream(garbage));
            assertThat(body == null ? garbage.length : Frames.HEADER_BYTES + body.length)
                    .isLessThanOrEqualTo(garbage.length);
        } catch (IOException expected) {
            assertThat(expected)
                    .isInstanceOfAny(EOFException.class, Frames.FrameLengthException.class)
                    .hasMessageNotContaining("null");
        }
    }

    @Property(tries = 300)
    void an_announced_length_out_of_range_is_refused_before_the_body_is_read(@ForAll("outOfRange") int length) {
        var counting = new CountingStream(
                ByteBuffer.allocate(8).putInt(length).putInt(0).array());
        try {
            Frames.read(counting);
            throw new AssertionError("a length of " + length + " was accepted");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(Frames.FrameLengthException.class).hasMessageContaining(String.valueOf(length));
            assertThat(counting.read.get())
                    .as("bytes consumed")
                    .isEqualTo(Frames.HEADER_BYTES); // nothing allocated for it
        }
    }

    @Provide
    Arbitrary<Integer> outOfRange() {
        return Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(-1), Arbitraries.integers().greaterOrEqual(Frames.MAX_BODY + 1));
    }

    @Property(tries = 500)
    void lines_decode_within_their_limit_or_fail_with_a_protocol_error(
            @ForAll @Size(max = 400) byte[] garbage, @ForAll @IntRange(min = 1, max = 256) int max) {
        var counting = new CountingStream(garbage);
        try {
            String line = Lines.read(counting, max);
            if (line != null) {
                assertThat(line.length()).isLessThanOrEqualTo(max);
                assertThat(line.chars()).allMatch(c -> c >= 0x20 && c <= 0x7e);
            }
        } catch (IOException expected) {
            assertThat(expected).isInstanceOf(Lines.BadLineException.class);
        }
        assertThat(counting.read.get()).as("bytes consumed for one line").isLessThanOrEqualTo(max + 2L);
    }

    /** Counts what the decoder consumed, so a property can bound it. */
    static final class CountingStream extends InputStream {
        final AtomicLong read = new AtomicLong();
        private final ByteArrayInputStream in;

        CountingStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            int b = in.read();
            if (b >= 0) read.incrementAndGet();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = in.read(b, off, len);
            if (n > 0) read.addAndGet(n);
            return n;
        }
    }
}
