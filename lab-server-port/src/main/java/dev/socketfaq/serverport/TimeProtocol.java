package dev.socketfaq.serverport;

import dev.socketfaq.kit.Connect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The lab's own small protocol, the kind nobody has registered a port for: the client sends the line
 * {@code TIME}, the server answers {@code OK <instance> <UTC time>}. Lines are printable ASCII ending in LF
 * (CR LF accepted), at most {@value #MAX_LINE} bytes. Anything else gets one {@code ERR ...} line and the
 * connection is closed: a bad client costs its own connection, nothing more.
 */
public final class TimeProtocol {
    public static final int MAX_LINE = 256;
    /** How long a directory has to answer a request once connected; a web client's read timeout too. */
    public static final int READ_TIMEOUT_MS = 2_000;
    /** How long a server waits for an idle client's next line. */
    static final int IDLE_TIMEOUT_MS = 10_000;

    private TimeProtocol() {}

    /** The answer of instance {@code instance}, also the body of the HTTP variant. */
    public static String answer(String instance) {
        return "OK " + instance + " " + Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Serves one connection until the client leaves or breaks the protocol. */
    static void serve(Socket socket, String instance) throws IOException {
        socket.setSoTimeout(IDLE_TIMEOUT_MS);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
            String line;
            try {
                line = readLine(in);
            } catch (ProtocolException bad) {
                send(out, "ERR " + bad.getMessage());
                return; // the caller closes the connection
            }
            if (line == null) return;
            if (!line.equals("TIME")) {
                String shown =
                        line.length() > 32 ? line.substring(0, 32) + "..." : line; // the ERR line must fit a line too
                send(out, "ERR unknown command '" + shown + "': this service answers TIME");
                return;
            }
            send(out, answer(instance));
        }
    }

    /** Client side: one question on a connected socket. */
    public static String ask(Socket socket) throws IOException {
        send(socket.getOutputStream(), "TIME");
        String reply = readLine(socket.getInputStream());
        if (reply == null) {
            throw new IOException("the connection to " + socket.getInetAddress().getHostAddress() + ":"
                    + socket.getPort() + " was closed without a reply");
        }
        return reply;
    }

    /** Connects, asks, closes. */
    public static String ask(InetSocketAddress address) throws IOException {
        try (Socket socket = Connect.socket(address, Connect.Setup.NONE)) { // bounded connect and read
            return ask(socket);
        }
    }

    /**
     * One line without its terminator; null at a clean end of stream. Checks each byte as it arrives, so an
     * over-long or binary "line" is refused after {@value #MAX_LINE} bytes, never buffered whole.
     */
    static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) return null;
                throw new ProtocolException("line ended without a newline after " + line.size() + " bytes");
            }
            if (b == '\n') break;
            if (line.size() == MAX_LINE) throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
            if ((b < 0x20 || b > 0x7e) && b != '\r') {
                throw new ProtocolException(String.format("not a text line: byte 0x%02x at offset %d", b, line.size()));
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
