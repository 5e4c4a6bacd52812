package dev.socketfaq.kit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text lines on a socket, for the labs whose protocol is one command per line. A line is at most {@code max}
 * bytes of US-ASCII before its {@code \n}: a peer that sends more, or bytes that are not printable text, gets a
 * {@link BadLineException} instead of making us buffer without bound.
 */
public final class Lines {
    private Lines() {}

    /** A line that breaks the protocol: too long or not printable text. */
    public static final class BadLineException extends IOException {
        public BadLineException(String message) {
            super(message);
        }
    }

    /** The next line without its {@code \n} (and {@code \r}), or null if the peer closed before sending any byte. */
    public static String read(InputStream in, int max) throws IOException {
        var line = new ByteArrayOutputStream();
        boolean carriageReturn = false; // a \r is allowed only right before the \n
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0 && !carriageReturn) return null;
                throw new BadLineException("connection closed in the middle of a line");
            }
            if (b == '\n') break;
            if (carriageReturn) throw new BadLineException("byte 0xd is not printable text");
            if (b == '\r') {
                carriageReturn = true;
                continue;
            }
            if (line.size() == max) throw new BadLineException("line longer than " + max + " bytes");
            if (b < 0x20 || b > 0x7e)
                throw new BadLineException("byte 0x" + Integer.toHexString(b) + " is not printable text");
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Writes {@code line} and its {@code \n} in one write call. */
    public static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
