package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Lines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The lab's client: asks the server where to call it back, then calls it there. Every step has a bound, so a
 * wrong address is a clear answer within seconds, never a hang.
 */
public final class CallbackClient {
    public static final int CONNECT_TIMEOUT_MS = 2_000;
    public static final int READ_TIMEOUT_MS = 5_000;

    private CallbackClient() {}

    /**
     * What one client saw. {@code dialed}: the server address it connected to; {@code me}: its own address on that
     * connection (its getsockname); {@code told}: the callback address the server advertised, or null if it answered
     * ERR instead (it could not name one); {@code problem}: why the call back failed, or null if it reached the server.
     */
    public record Call(Advertise strategy, InetSocketAddress dialed, InetSocketAddress me, InetSocketAddress told, String problem) {
        public boolean calledBack() {
            return problem == null;
        }

        /** The address the server told is the one this client reached it by. */
        public boolean toldWhatWasDialed() {
            return told != null && told.getAddress().equals(dialed.getAddress()) && told.getPort() == dialed.getPort();
        }
    }

    /** {@link #call(InetSocketAddress, Advertise, int, int)} with the client's limits, {@link #CONNECT_TIMEOUT_MS} and {@link #READ_TIMEOUT_MS}. */
    public static Call call(InetSocketAddress server, Advertise strategy) throws IOException {
        return call(server, strategy, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    }

    // tag::call[]
    /**
     * Asks the server at {@code server} for its callback address under {@code strategy}, then calls it back. Each
     * connect waits at most {@code connectTimeoutMs}, each read {@code readTimeoutMs} (tests give short ones).
     */
    static Call call(InetSocketAddress server, Advertise strategy, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        InetSocketAddress me, told;
        try (var socket = connect(server, connectTimeoutMs, readTimeoutMs)) {
            me = (InetSocketAddress) socket.getLocalSocketAddress(); // connected: now our address is known
            Lines.write(socket.getOutputStream(), "HELLO " + strategy.label());
            String answer;
            try {
                answer = Lines.read(socket.getInputStream(), CallbackServer.MAX_LINE);
            } catch (SocketTimeoutException e) { // say what we waited for, and how long: "Read timed out" says neither
                throw new SocketTimeoutException("no CALLBACK from " + text(server) + " within " + readTimeoutMs + " ms");
            }
            if (answer != null && answer.startsWith("ERR ")) { // the server could not name an address: an outcome, not a crash
                return new Call(strategy, server, me, null, "the server told no address: " + answer.substring(4));
            }
            told = parseCallback(answer);
        }
        if (told.getAddress().isAnyLocalAddress()) {
            return new Call(strategy, server, me, told, told.getAddress().getHostAddress() + " is the wildcard (\"any\"), not an address to call");
        }
        if (server.getAddress().isLoopbackAddress() && !told.getAddress().isLoopbackAddress()) {
            // This lab only sends to loopback when it dialed loopback: an address elsewhere is wrong for this client anyway.
            return new Call(strategy, server, me, told, told.getAddress().getHostAddress() + " is not on loopback, which the client dialed: not called");
        }
        try (var again = connect(told, connectTimeoutMs, readTimeoutMs)) {
            Lines.write(again.getOutputStream(), "PING");
            String reply = Lines.read(again.getInputStream(), CallbackServer.MAX_LINE);
            return new Call(strategy, server, me, told, "PONG".equals(reply) ? null : "answered '" + reply + "' instead of PONG");
        } catch (IOException e) {
            return new Call(strategy, server, me, told, "cannot reach " + text(told) + ": " + e.getMessage());
        }
    }
    // end::call[]

    /** Parses {@code CALLBACK <address> <port>}; anything else is the server breaking the protocol. */
    static InetSocketAddress parseCallback(String line) throws IOException {
        if (line == null) throw new SocketException("the server closed the connection without a callback address");
        String[] w = line.split(" ");
        if (w.length != 3 || !w[0].equals("CALLBACK")) throw new SocketException("the server answered '" + line + "', not CALLBACK <address> <port>");
        try {
            InetAddress address = InetAddress.ofLiteral(w[1]); // a literal only: never a name lookup
            int port = Integer.parseInt(w[2]);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return new InetSocketAddress(address, port);
        } catch (IllegalArgumentException e) {
            throw new SocketException("the server answered '" + line + "': not an address and a port");
        }
    }

    private static Socket connect(InetSocketAddress to, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(to, connectTimeoutMs);
            socket.setSoTimeout(readTimeoutMs);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
