package dev.socketfaq.kit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Length-prefixed frames, the framing every lab's protocol uses: a 4-byte big-endian length, then that
 * many bytes. Reading checks the length before allocating, so a hostile or confused peer gets a clear
 * {@link ProtocolException} instead of an out-of-memory error or a hang.
 */
public final class Frames {
    /** Largest body any lab accepts: small requests are the point of these labs. */
    public static final int MAX_BODY = 64 * 1024;

    public static final int HEADER_BYTES = Integer.BYTES;

    private Frames() {}

    /** The 4-byte header announcing a body of {@code length} bytes. */
    public static ByteBuffer header(int length) {
        checkEncodable(length);
        return ByteBuffer.allocate(HEADER_BYTES).putInt(0, length);
    }

    /** Header and body in one buffer, ready for a single write. */
    public static ByteBuffer frame(byte[] body) {
        checkEncodable(body.length);
        return ByteBuffer.allocate(HEADER_BYTES + body.length)
                .putInt(body.length)
                .put(body)
                .flip();
    }

    /**
     * Reads one frame body. Returns {@code null} on a clean end of stream before the first header byte;
     * throws on a truncated frame or a length outside 0..{@link #MAX_BODY}.
     */
    public static byte[] read(InputStream in) throws IOException {
        return read(in, () -> {});
    }

    /** As {@link #read(InputStream)}, running {@code afterHeader} between reading the header and the body. */
    public static byte[] read(InputStream in, IoAction afterHeader) throws IOException {
        byte[] head = in.readNBytes(HEADER_BYTES);
        if (head.length == 0) {
            return null;
        }
        if (head.length < HEADER_BYTES) {
            throw new EOFException("truncated frame: stream ended inside the " + HEADER_BYTES + "-byte header");
        }
        int length = ByteBuffer.wrap(head).getInt();
        if (length < 0 || length > MAX_BODY) {
            throw new FrameLengthException(length);
        }
        afterHeader.run();
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException(
                    "truncated frame: header announced " + length + " bytes, stream ended after " + body.length);
        }
        return body;
    }

    private static void checkEncodable(int length) {
        if (length < 0 || length > MAX_BODY) {
            throw new IllegalArgumentException(
                    "body of " + length + " bytes does not fit a frame (0.." + MAX_BODY + ")");
        }
    }

    /** An I/O step that may fail. */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    /** A frame length that no lab accepts: negative, or larger than {@link #MAX_BODY}. */
    public static final class FrameLengthException extends ProtocolException {
        private static final long serialVersionUID = 1L;

        FrameLengthException(int length) {
            super("bad frame length " + length + " (allowed 0.." + MAX_BODY
                    + "): the peer does not speak this protocol");
        }
    }
}
