package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The messages the stream lab sends, and the reader's check of what arrived. A message from thread t, number n,
 * is "[t:n]" repeated, sent in three parts: a reader recognises any body that is not exactly one such message.
 */
public final class Messages {
    private static final Pattern ONE_MESSAGE = Pattern.compile("(\\[\\d+:\\d+])\\1*");

    private Messages() {}

    /** Message {@code n} of thread {@code t}, in three parts. */
    public static List<byte[]> parts(int t, int n) {
        return parts(t, n, 6);
    }

    /** Message {@code n} of thread {@code t}, its unit repeated {@code repeat} times, in three parts. */
    public static List<byte[]> parts(int t, int n, int repeat) {
        String unit = "[" + t + ":" + n + "]";
        String body = unit.repeat(repeat);
        int third = body.length() / 3;
        return List.of(
                ascii(body.substring(0, third)),
                ascii(body.substring(third, 2 * third)),
                ascii(body.substring(2 * third)));
    }

    /**
     * What a reader found on the stream: intact messages, corrupt ones, the first corruption seen, and whether the
     * reader stopped because the peer went silent (a read timeout), which says nothing about the frames.
     */
    public record Tally(int intact, int corrupt, String firstCorruption, boolean timedOut) {
        public Tally(int intact, int corrupt, String firstCorruption) {
            this(intact, corrupt, firstCorruption, false);
        }
    }

    /**
     * Reads frames until the stream ends. A body that is not one repeated unit is corrupt; a framing error
     * (a header that is really body bytes) makes the rest of the stream unreadable and counts as one more. A read
     * timeout is not a framing error: the peer was silent, and the tally says so ({@link Tally#timedOut()}).
     */
    public static Tally read(InputStream in) {
        return read(in, () -> {});
    }

    /** As {@link #read(InputStream)}, calling {@code onFirstCorruption} as soon as the first corrupt frame is seen. */
    public static Tally read(InputStream in, Runnable onFirstCorruption) {
        int intact = 0;
        int corrupt = 0;
        String first = null;
        boolean timedOut = false;
        try {
            for (byte[] body; (body = Frames.read(in)) != null; ) {
                String s = new String(body, StandardCharsets.ISO_8859_1);
                if (ONE_MESSAGE.matcher(s).matches()) {
                    intact++;
                } else {
                    corrupt++;
                    if (first == null) {
                        first = "a body of '" + printable(s) + "'";
                        onFirstCorruption.run();
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true; // silent for the idle limit: what arrived before was counted, nothing was corrupt
        } catch (IOException e) {
            corrupt++;
            if (first == null) {
                first = "the stream lost its framing: " + e.getMessage();
                onFirstCorruption.run();
            }
        }
        return new Tally(intact, corrupt, first, timedOut);
    }

    /** Control characters (header bytes read as body) shown as dots. */
    public static String printable(String s) {
        var b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c < 32 || c > 126 ? '.' : c);
        return b.length() > 60 ? b.substring(0, 60) + "..." : b.toString();
    }

    /** The parts as one frame: the 4-byte length, then the parts, concatenated. */
    public static ByteBuffer frame(List<byte[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer frame = ByteBuffer.allocate(Frames.HEADER_BYTES + length).put(Frames.header(length));
        parts.forEach(frame::put);
        return frame.flip();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** All n messages of thread t, for tests that send many. */
    public static List<List<byte[]>> all(int t, int n) {
        var list = new ArrayList<List<byte[]>>();
        for (int i = 0; i < n; i++) list.add(parts(t, i));
        return list;
    }
}
