package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Lines;
import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lab's server: it tells each client where to call it back, as an FTP server's passive-mode reply does.
 * <pre>
 *   client: HELLO [listening|local-host|accepted]     server: CALLBACK &lt;address&gt; &lt;port&gt;
 *   client: PING                                      server: PONG
 * </pre>
 * A client may name the mode (so one server shows all three); without a name the server's own is used. Any
 * other line gets {@code ERR <reason>} and the connection is closed; so does a HELLO the server cannot answer (its
 * host name does not resolve, for {@code local-host}), and so does a client that sends nothing for the idle limit.
 *
 * <p>The server waits for no call back: a client's call back is a new connection to the same listener, served like
 * any other. A client that is told where to call and never does costs the server one connection, until the idle limit.
 *
 * <p>The lesson is about a server bound to the wildcard address (the FAQ's "Local address and port"), so the
 * demo binds one. Unless {@code allowRemote} is set, a wildcard-bound server still serves loopback peers only:
 * it listens on every network, but talks to nobody outside this machine.
 */
public final class CallbackServer implements AutoCloseable {
    public static final int MAX_LINE = 256;

    private final Mode mode;
    private final Function<Mode, CallbackAddress> modes;
    private final boolean allowRemote;
    private final Consumer<String> log;
    private final int idleLimitMs;
    private SocketServer server;

    private CallbackServer(
            Mode mode,
            Function<Mode, CallbackAddress> modes,
            boolean allowRemote,
            int idleLimitMs,
            Consumer<String> log) {
        this.mode = mode;
        this.modes = modes;
        this.allowRemote = allowRemote;
        this.idleLimitMs = idleLimitMs;
        this.log = log;
    }

    /** Starts a server on {@code bind}; {@code allowRemote}: also serve peers that are not on this machine. */
    public static CallbackServer start(InetSocketAddress bind, Mode mode, boolean allowRemote, Consumer<String> log)
            throws IOException {
        return start(bind, mode, Mode::create, allowRemote, log);
    }

    /**
     * As {@link #start(InetSocketAddress, Mode, boolean, Consumer)}, with the code behind each mode
     * given: for tests, which need a mode to fail as it does only on some machines (a host name that does not
     * resolve).
     */
    static CallbackServer start(
            InetSocketAddress bind,
            Mode mode,
            Function<Mode, CallbackAddress> modes,
            boolean allowRemote,
            Consumer<String> log)
            throws IOException {
        return start(bind, mode, modes, allowRemote, SocketServer.IDLE_TIMEOUT_MS, log);
    }

    /** As {@link #start(InetSocketAddress, Mode, boolean, Consumer)}, with the idle limit given: for tests, a short one. */
    static CallbackServer start(
            InetSocketAddress bind, Mode mode, boolean allowRemote, int idleLimitMs, Consumer<String> log)
            throws IOException {
        return start(bind, mode, Mode::create, allowRemote, idleLimitMs, log);
    }

    private static CallbackServer start(
            InetSocketAddress bind,
            Mode mode,
            Function<Mode, CallbackAddress> modes,
            boolean allowRemote,
            int idleLimitMs,
            Consumer<String> log)
            throws IOException {
        var callback = new CallbackServer(mode, modes, allowRemote, idleLimitMs, log);
        callback.server = SocketServer.start("callback-server", bind, callback::serve, log);
        return callback;
    }

    /** The listening socket's address: for a wildcard bind, 0.0.0.0 (or ::) and the port. */
    public InetSocketAddress address() {
        return server.address();
    }

    private void serve(Socket socket) throws IOException {
        if (!allowRemote && !socket.getInetAddress().isLoopbackAddress()) {
            log.accept("refused " + socket.getRemoteSocketAddress()
                    + ": not on this machine (start the server with --bind to serve others)");
            return;
        }
        socket.setSoTimeout(
                idleLimitMs); // the wait for each line: SocketServer's idle limit, unless a test set a shorter one
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        try {
            for (String line; (line = Lines.read(in, MAX_LINE)) != null; ) {
                String[] words = line.split(" ", -1);
                switch (words[0]) {
                    case "HELLO" -> Lines.write(out, callback(socket, words));
                    case "PING" -> Lines.write(out, "PONG");
                    case "QUIT" -> {
                        return;
                    }
                    default ->
                        throw new IllegalArgumentException("unknown command '" + words[0] + "' (HELLO, PING, QUIT)");
                }
            }
        } catch (SocketTimeoutException e) {
            // Silent for the idle limit: never sent its HELLO, or was told where to call back and went quiet. Say
            // why we hang up (a bare close reads like a crash). All it sent so far is read, so the close sends no
            // reset that could destroy the ERR line.
            log.accept("dropped " + socket.getRemoteSocketAddress() + ": no request within " + idleLimitMs + " ms");
            Lines.write(out, "ERR no request within " + idleLimitMs + " ms");
        } catch (Lines.BadLineException | IllegalArgumentException | CannotAnswer e) {
            log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
            Lines.write(out, errLine(e.getMessage()));
            lingeringClose(socket, in);
        }
    }

    /**
     * {@code ERR <reason>} as a line the client can read: printable ASCII, at most {@link #MAX_LINE} bytes. A reason
     * may carry text the server does not control (a resolver's message with a long host name), and a line the client
     * rejects would lose the reason altogether.
     */
    static String errLine(String reason) {
        String line = ("ERR " + reason).replaceAll("[^\\x20-\\x7e]", "?");
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 3) + "...";
    }

    /**
     * Ends the connection so the client still reads our ERR line: closing a socket with unread input makes TCP send
     * a reset, which can destroy data still on its way. So: send FIN first, then discard what the client sent, up
     * to a bound, until it closes too.
     */
    private static void lingeringClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(1_000);
        byte[] discard = new byte[4096];
        for (int total = 0, n; total < 64 * 1024 && (n = in.read(discard)) != -1; total += n) {
            // discarded: the client's request is already answered with ERR
        }
    }

    private String callback(Socket socket, String[] words) throws IOException, CannotAnswer {
        if (words.length > 2) throw new IllegalArgumentException("HELLO takes at most one word: the mode");
        Mode chosen = words.length == 2 ? Mode.ofLabel(words[1]) : mode;
        InetAddress advertised;
        try {
            advertised = modes.apply(chosen).advertise(server.listener(), socket);
        } catch (UnknownHostException e) {
            // getLocalHost() looks up this host's own name, which need not resolve (macOS without a hosts entry,
            // some containers and CI runners). Then there is no address to tell: say so in an ERR line, or the
            // client sees only a closed connection and cannot tell why. (The FAQ's fix, the connection's own
            // address, needs no name at all: "Local address and port".)
            throw new CannotAnswer("cannot resolve this host's own name: " + e.getMessage());
        }
        // The port needs no mode: a bound socket always knows its port (getsockname), wildcard or not.
        int port = server.listener().getLocalPort();
        log.accept(socket.getRemoteSocketAddress() + " reached " + socket.getLocalSocketAddress() + ", told ("
                + chosen.label() + "): " + advertised.getHostAddress() + " " + port);
        return "CALLBACK " + advertised.getHostAddress() + " " + port;
    }

    /** A request the server understood but cannot answer: the client gets ERR and the reason. */
    private static final class CannotAnswer extends Exception {
        CannotAnswer(String reason) {
            super(reason);
        }
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
