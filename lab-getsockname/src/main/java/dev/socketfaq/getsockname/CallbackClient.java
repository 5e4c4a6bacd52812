package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The lab's client: asks the server where to call it back, then calls it there. Every step has a bound, so a
 * wrong address is a clear answer within seconds, never a hang.
 */
public final class CallbackClient {
    /** The most an answer may take, all of it: from the request to the end of the server's line. */
    public static final int READ_TIMEOUT_MS = Connect.READ_TIMEOUT_MS;

    private CallbackClient() {}

    /**
     * What one client saw. {@code dialed}: the server address it connected to; {@code me}: its own address on that
     * connection (its getsockname); {@code told}: the callback address the server advertised, or null if it answered
     * ERR instead (it could not name one); {@code problem}: why the call back failed, or null if it reached the server.
     */
    public record Call(
            Mode mode, InetSocketAddress dialed, InetSocketAddress me, InetSocketAddress told, String problem) {
        public boolean calledBack() {
            return problem == null;
        }

        /** The address the server told is the one this client reached it by. */
        public boolean toldWhatWasDialed() {
            return told != null && told.getAddress().equals(dialed.getAddress()) && told.getPort() == dialed.getPort();
        }
    }

    /** {@link #call(InetSocketAddress, Mode, int)} with the client's read limit, {@link #READ_TIMEOUT_MS}. */
    public static Call call(InetSocketAddress server, Mode mode) throws IOException {
        return call(server, mode, READ_TIMEOUT_MS);
    }

    // tag::call[]
    /**
     * Asks the server at {@code server} for its callback address under {@code mode}, then calls it back. Each
     * connect has kit's connect limit; each answer (the CALLBACK line, the PONG) must arrive whole within
     * {@code readTimeoutMs}, however the server spreads its bytes (tests give short limits).
     */
    static Call call(InetSocketAddress server, Mode mode, int readTimeoutMs) throws IOException {
        InetSocketAddress me, told;
        try (var socket = Connect.socket(server, Connect.Setup.NONE)) {
            me = (InetSocketAddress) socket.getLocalSocketAddress(); // connected: now our address is known
            Lines.write(socket.getOutputStream(), "HELLO " + mode.label());
            String answer = readLine(socket, readTimeoutMs, "CALLBACK from " + text(server));
            if (answer != null && answer.startsWith("ERR ")) { // the server could not name an address: an outcome
                return new Call(mode, server, me, null, "the server told no address: " + answer.substring(4));
            }
            told = parseCallback(answer);
        }
        String problem = callBack(server, told, readTimeoutMs);
        return new Call(mode, server, me, told, problem);
    }
    // end::call[]

    /** Null if {@code told} answers a PING with PONG; else what went wrong, in one sentence. */
    private static String callBack(InetSocketAddress server, InetSocketAddress told, int readTimeoutMs) {
        String at = text(told);
        if (told.getAddress().isAnyLocalAddress()) {
            return told.getAddress().getHostAddress() + " is the wildcard (\"any\"), not an address to call";
        }
        if (server.getAddress().isLoopbackAddress() && !told.getAddress().isLoopbackAddress()) {
            // the lab sends only to loopback when it dialed loopback: an address elsewhere is wrong here anyway
            return told.getAddress().getHostAddress() + " is not on loopback, which the client dialed: not called";
        }
        Socket again;
        try {
            again = Connect.socket(told, Connect.Setup.NONE);
        } catch (IOException e) { // refused, or no answer within the connect limit: nobody there for us
            return "cannot reach " + e.getMessage();
        }
        try (again) { // someone is there: whatever goes wrong now, it is not that the address is unreachable
            Lines.write(again.getOutputStream(), "PING");
            String reply = readLine(again, readTimeoutMs, "PONG");
            if ("PONG".equals(reply)) return null;
            return reply == null
                    ? at + " accepted the call back, then closed it without answering PING"
                    : at + " accepted the call back but answered '" + reply + "' instead of PONG";
        } catch (AnswerTimeout e) {
            return at + " accepted the call back but did not answer PING within " + readTimeoutMs + " ms" + e.partly();
        } catch (IOException e) {
            return at + " accepted the call back, then failed: " + e.getMessage();
        }
    }

    // tag::deadline[]
    /**
     * Reads one line, which must arrive whole within {@code limitMs} of now. A socket's read timeout bounds each
     * read, not the answer: a peer that sends a byte every few seconds would keep a plain read going for minutes,
     * so before every read the timeout is set to what is left of the limit. A timeout's message says what we waited
     * for, and how long: a bare "Read timed out" says neither.
     */
    static String readLine(Socket socket, int limitMs, String awaited) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        InputStream in = socket.getInputStream();
        int[] received = {0};
        InputStream bounded = new InputStream() {
            @Override
            public int read() throws IOException {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new SocketTimeoutException(); // never 0: to setSoTimeout, 0 means wait for ever
                socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                int b = in.read();
                if (b != -1) received[0]++;
                return b;
            }
        };
        try {
            return Lines.read(bounded, CallbackServer.MAX_LINE);
        } catch (SocketTimeoutException e) {
            throw new AnswerTimeout(awaited, limitMs, received[0]);
        }
    }
    // end::deadline[]

    /** No whole line within the limit: "no CALLBACK from 127.0.0.1:7010 within 5000 ms (3 bytes came, the line never ended)". */
    static final class AnswerTimeout extends SocketTimeoutException {
        private final int received;

        AnswerTimeout(String awaited, int limitMs, int received) {
            super("no " + awaited + " within " + limitMs + " ms" + partly(received));
            this.received = received;
        }

        /** Empty if nothing came; else how much of a line came before the limit. */
        String partly() {
            return partly(received);
        }

        private static String partly(int received) {
            return received == 0
                    ? ""
                    : " (" + received + (received == 1 ? " byte" : " bytes") + " came, the line never ended)";
        }
    }

    /** Parses {@code CALLBACK <address> <port>}; anything else is the server breaking the protocol. */
    static InetSocketAddress parseCallback(String line) throws IOException {
        if (line == null) throw new SocketException("the server closed the connection without a callback address");
        String[] w = line.split(" ");
        if (w.length != 3 || !w[0].equals("CALLBACK"))
            throw new SocketException("the server answered '" + line + "', not CALLBACK <address> <port>");
        try {
            InetAddress address = InetAddress.ofLiteral(w[1]); // a literal only: never a name lookup
            int port = Integer.parseInt(w[2]);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(address, port);
        } catch (IllegalArgumentException e) {
            throw new SocketException("the server answered '" + line + "': not an address and a port");
        }
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
