package dev.socketfaq.kit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
        if (length == REFUSAL_HEAD) {
            throw new RefusedException(readLine(in));
        }
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

    /** "erro" read as a length: the start of a server's refusal line, far above any frame a lab accepts. */
    private static final int REFUSAL_HEAD = ByteBuffer.wrap(
                    SocketServer.REFUSAL_PREFIX.getBytes(StandardCharsets.US_ASCII))
            .getInt();

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder(SocketServer.REFUSAL_PREFIX.substring(0, HEADER_BYTES));
        for (int c; line.length() < 200 && (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString();
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

    /** The server refused the connection and said why, in one line ("error: server full: ..."). */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String line) {
            super("the server refused: "
                    + line.substring(SocketServer.REFUSAL_PREFIX.length()).strip());
        }
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
