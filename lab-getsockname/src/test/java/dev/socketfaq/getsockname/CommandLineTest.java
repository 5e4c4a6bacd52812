package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.Lines;
import dev.socketfaq.kit.SocketServer;
import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's bad-input table: each bad command line gets one clear {@code error:} line and its exit code,
 * 2 for a usage error (with a pointer to --help), 1 for a failure at run time. Nothing hangs, no stack trace. And
 * what the commands listen on: the server on loopback unless --bind says otherwise, the demo and the table on the
 * wildcard (the lesson), which their help says.
 */
@Timeout(30)
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                              | 2 | missing command
            client --port 70000                                 | 2 | port 70000 is out of range
            client --port -1                                    | 2 | port -1 is out of range
            client --port 0                                     | 2 | --port 0 is out of range (1..65535)
            client --port                                       | 2 | Missing required parameter for option '--port'
            server --mode teleport                              | 2 | 'teleport' is not one of listening, local-host, accepted
            client --mode LOCAL_HOST --port {refused-port}      | 1 | cannot connect
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --colour                                     | 2 | Unknown option: '--colour'
            client --host no-such-host.invalid                  | 1 | unknown host: no-such-host.invalid
            client --port {refused-port}                        | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new GetsocknameLab(), commandLine).rejects(exitCode, message);
    }

    /**
     * The server in a child JVM (it runs until a signal), started without --bind: it says it listens on 127.0.0.1,
     * serves a client there, and is not listening on the machine's other loopback address (Linux), so it is not the
     * wildcard.
     */
    @Test
    @Timeout(60)
    void the_server_listens_on_loopback_unless_told_otherwise() throws Exception {
        try (var child = ChildJvm.start(GetsocknameLab.class, "server", "--port", "0")) {
            String listening = child.awaitLine("listening on", Duration.ofSeconds(40));
            assertThat(listening).startsWith("listening on 127.0.0.1:");
            int port = Integer.parseInt(listening.replaceAll("^listening on 127\\.0\\.0\\.1:(\\d+);.*", "$1"));
            var call = CallbackClient.call(new InetSocketAddress(Loopback.LOOPBACK, port), Mode.ACCEPTED);
            assertThat(call.calledBack())
                    .as("a client on 127.0.0.1: %s", call.problem())
                    .isTrue();
            if (Loopback.multipleAddresses()) {
                assertThatThrownBy(() -> new Socket(Loopback.OTHER_LOOPBACK, port).close())
                        .as("a connection to 127.0.0.2, another address of this machine")
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void the_server_help_says_it_binds_loopback_and_names_bind() {
        var help = CliRun.run(new GetsocknameLab(), "server", "--help");
        assertThat(help.exitCode()).isEqualTo(Cli.OK);
        assertThat(help.out()).contains("--bind", "loopback", "default 127.0.0.1");
    }

    @Test
    void the_demo_and_table_help_say_they_listen_on_the_wildcard_and_serve_loopback_only() {
        var demo = CliRun.run(new GetsocknameLab(), "demo", "--help");
        assertThat(demo.exitCode()).isEqualTo(Cli.OK);
        assertThat(squeezed(demo.out()))
                .contains(
                        "open on every address of this machine",
                        "serves loopback peers only",
                        "closed at once, unread and unanswered")
                .doesNotContain("Everything stays on this machine");
        var table = CliRun.run(new GetsocknameLab(), "table", "--help");
        assertThat(table.exitCode()).isEqualTo(Cli.OK);
        assertThat(squeezed(table.out()))
                .contains("0.0.0.0 and ::", "accepts only the table's own client", "closes any other connection");
    }

    /** Help text as one line: picocli wraps it at 80 columns. */
    static String squeezed(String help) {
        return help.replaceAll("\\s+", " ");
    }

    /**
     * The wire's bad input: a bad line costs its sender the connection, with a reason; a callback that cannot be
     * made, a server that never answers and a client that never calls back each end in one clear message, within
     * the limit the code set.
     */
    @Nested
    class OnTheWire {
        static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
        /** Short limits for the tests that wait them out; the lab's own are kit Connect's, and the server's 10 s. */
        static final int CONNECT_LIMIT_MS = 500;

        static final int READ_LIMIT_MS = 500;
        static final int IDLE_LIMIT_MS = 500;
        /**
         * How far past its limit a wait may end: a bound against hanging, not a latency claim, generous for a loaded
         * machine (a run under stress-ng plus parallel builds took 5.9 s to see a server's FIN).
         */
        static final long SLACK_MS = 10_000;

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"unknown command", "too long", "not text", "bad mode", "too many words"})
        void a_bad_line_gets_an_error_and_the_server_keeps_serving(String kind) throws Exception {
            byte[] line = switch (kind) {
                case "unknown command" -> "GET / HTTP/1.1\n".getBytes(StandardCharsets.US_ASCII);
                case "too long" ->
                    ("HELLO " + "x".repeat(CallbackServer.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII);
                case "not text" -> new byte[] {'H', 0, (byte) 0xff, '\n'};
                case "bad mode" -> "HELLO teleport\n".getBytes(StandardCharsets.US_ASCII);
                default -> "HELLO accepted now\n".getBytes(StandardCharsets.US_ASCII);
            };
            try (var server = CallbackServer.start(new InetSocketAddress(LOOPBACK, 0), Mode.ACCEPTED, false, l -> {})) {
                try (var socket = new Socket(LOOPBACK, server.address().getPort())) {
                    socket.setSoTimeout(
                            15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
                    OutputStream out = socket.getOutputStream();
                    out.write(line);
                    InputStream in = socket.getInputStream();
                    String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // until the server closes
                    assertThat(reply).startsWith("ERR ").endsWith("\n").hasLineCount(1);
                }
                var call = CallbackClient.call(server.address(), Mode.ACCEPTED);
                assertThat(call.calledBack())
                        .as("another client is still served")
                        .isTrue();
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"CALLBACK 0.0.0.0 99999", "CALLBACK example.org 80", "HELLO", "CALLBACK 127.0.0.1"})
        void a_server_that_breaks_the_protocol_is_a_clear_error(String answer) {
            assertThatThrownBy(() -> CallbackClient.parseCallback(answer))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith("the server answered '" + answer + "'");
        }

        // The client's side: a server that tells it a callback it cannot make, or tells it nothing.

        @Test
        void a_callback_address_that_refuses_is_a_clear_answer_before_the_connect_limit() throws Exception {
            try (var refusing = new Socket()) { // bound, never listening: a connection to its port is refused
                refusing.bind(new InetSocketAddress(LOOPBACK, 0));
                try (var server = scripted("CALLBACK " + LOOPBACK.getHostAddress() + " " + refusing.getLocalPort())) {
                    int generous =
                            10_000; // a refusal is an answer: the client must not wait for its connect limit to pass
                    long start = System.nanoTime();
                    var call = CallbackClient.call(server.address(), Mode.ACCEPTED, generous);
                    long took = millisSince(start);
                    assertThat(call.problem())
                            .isEqualTo("cannot reach " + LOOPBACK.getHostAddress() + ":" + refusing.getLocalPort()
                                    + ": Connection refused");
                    assertThat(took).as("ms to report the refusal").isLessThan(generous);
                }
            }
        }

        /**
         * A callback address that never answers at all, as a firewalled one on another network does: on loopback, a
         * listener whose accept queue is full (the test never accepts), so the kernel drops further SYNs.
         */
        @Test
        void a_callback_address_that_never_answers_is_given_up_after_the_connect_limit() throws Exception {
            var queued = new ArrayList<Socket>();
            try (var full = new ServerSocket()) {
                full.bind(new InetSocketAddress(LOOPBACK, 0), 1);
                boolean dropping = false;
                while (!dropping && queued.size() < 8) { // fill the queue until a connect goes unanswered
                    var s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), CONNECT_LIMIT_MS);
                        queued.add(s);
                    } catch (SocketTimeoutException e) {
                        s.close();
                        dropping = true;
                    }
                }
                assumeTrue(dropping, "this OS answers connections to a full accept queue (Linux drops their SYNs)");
                try (var server = scripted("CALLBACK " + LOOPBACK.getHostAddress() + " " + full.getLocalPort())) {
                    long start = System.nanoTime();
                    var call = CallbackClient.call(server.address(), Mode.ACCEPTED, READ_LIMIT_MS);
                    long took = millisSince(start);
                    assertThat(call.problem())
                            .isEqualTo("cannot reach " + LOOPBACK.getHostAddress() + ":" + full.getLocalPort()
                                    + ": Connect timed out");
                    assertThat(took)
                            .as("ms until the client gave up")
                            .isBetween((long) Connect.CONNECT_TIMEOUT_MS, Connect.CONNECT_TIMEOUT_MS + SLACK_MS);
                }
            } finally {
                for (Socket s : queued) s.close();
            }
        }

        @Test
        void a_server_that_never_sends_its_callback_is_given_up_after_the_read_limit() throws Exception {
            try (var server = scripted(null)) {
                String where =
                        LOOPBACK.getHostAddress() + ":" + server.address().getPort();
                long start = System.nanoTime();
                var thrown = catchThrowableOfType(
                        SocketTimeoutException.class,
                        () -> CallbackClient.call(server.address(), Mode.ACCEPTED, READ_LIMIT_MS));
                long took = millisSince(start);
                assertThat(thrown).hasMessage("no CALLBACK from " + where + " within " + READ_LIMIT_MS + " ms");
                assertThat(Cli.describe(thrown))
                        .as("the client command's error: line")
                        .isEqualTo("timed out: no CALLBACK from " + where + " within " + READ_LIMIT_MS + " ms");
                assertThat(took)
                        .as("ms until the client gave up")
                        .isBetween((long) READ_LIMIT_MS, READ_LIMIT_MS + SLACK_MS);
            }
        }

        // tag::trickle[]
        /**
         * A server that answers at a trickle: one byte every fifth of the read limit, a line that never ends. Each byte
         * comes well inside a read timeout, so a limit on each read would wait until the line grew too long (256 bytes,
         * 25 s here, minutes at the lab's own 5 s limit); the client's limit is on the whole answer.
         */
        @Test
        void a_server_that_trickles_its_callback_is_given_up_after_the_read_limit_in_total() throws Exception {
            var sent = new AtomicInteger();
            try (var server = trickling("CALLBACK " + LOOPBACK.getHostAddress() + " 7010", READ_LIMIT_MS / 5, sent)) {
                String where =
                        LOOPBACK.getHostAddress() + ":" + server.address().getPort();
                long start = System.nanoTime();
                var thrown = catchThrowableOfType(
                        SocketTimeoutException.class,
                        () -> CallbackClient.call(server.address(), Mode.ACCEPTED, READ_LIMIT_MS));
                long took = millisSince(start);
                assertThat(thrown.getMessage())
                        .as("the client's message; the fake sent %d bytes", sent.get())
                        .matches(Pattern.quote("no CALLBACK from " + where + " within " + READ_LIMIT_MS + " ms")
                                + "( \\(\\d+ bytes? came, the line never ended\\))?");
                assertThat(took)
                        .as("ms until the client gave up")
                        .isBetween((long) READ_LIMIT_MS, READ_LIMIT_MS + SLACK_MS);
            }
        }
        // end::trickle[]

        @Test
        void a_callback_address_that_trickles_its_pong_is_given_up_after_the_read_limit_in_total() throws Exception {
            var sent = new AtomicInteger();
            try (var trickle = trickling("PONG", READ_LIMIT_MS / 5, sent);
                    var server = scripted("CALLBACK " + LOOPBACK.getHostAddress() + " "
                            + trickle.address().getPort())) {
                long start = System.nanoTime();
                var call = CallbackClient.call(server.address(), Mode.ACCEPTED, READ_LIMIT_MS);
                long took = millisSince(start);
                assertThat(call.problem())
                        .as("the fake sent %d bytes", sent.get())
                        .matches(Pattern.quote(LOOPBACK.getHostAddress() + ":"
                                        + trickle.address().getPort()
                                        + " accepted the call back but did not answer PING within " + READ_LIMIT_MS
                                        + " ms")
                                + "( \\(\\d+ bytes? came, the line never ended\\))?");
                assertThat(took)
                        .as("ms until the client gave up")
                        .isBetween((long) READ_LIMIT_MS, READ_LIMIT_MS + SLACK_MS);
            }
        }

        /** Connected, so the address is right; silent, so the message must not say "cannot reach" or "Read timed out". */
        @Test
        void a_callback_address_that_accepts_but_never_answers_ping_says_so_after_the_read_limit() throws Exception {
            try (var silent = scripted(null);
                    var server = scripted("CALLBACK " + LOOPBACK.getHostAddress() + " "
                            + silent.address().getPort())) {
                long start = System.nanoTime();
                var call = CallbackClient.call(server.address(), Mode.ACCEPTED, READ_LIMIT_MS);
                long took = millisSince(start);
                assertThat(call.problem())
                        .isEqualTo(LOOPBACK.getHostAddress() + ":"
                                + silent.address().getPort() + " accepted the call back but did not answer PING within "
                                + READ_LIMIT_MS + " ms");
                assertThat(took)
                        .as("ms until the client gave up")
                        .isBetween((long) READ_LIMIT_MS, READ_LIMIT_MS + SLACK_MS);
            }
        }

        @Test
        void a_callback_address_that_accepts_and_closes_says_so_at_once() throws Exception {
            try (var closing = SocketServer.start(
                            "closing-server",
                            new InetSocketAddress(LOOPBACK, 0),
                            socket -> Lines.read(socket.getInputStream(), CallbackServer.MAX_LINE),
                            l -> {});
                    var server = scripted("CALLBACK " + LOOPBACK.getHostAddress() + " "
                            + closing.address().getPort())) {
                var call = CallbackClient.call(server.address(), Mode.ACCEPTED, 10_000);
                assertThat(call.problem())
                        .isEqualTo(LOOPBACK.getHostAddress() + ":"
                                + closing.address().getPort()
                                + " accepted the call back, then closed it without answering PING");
            }
        }

        // The server's side. It waits for no call back (that is a new connection to its listener, served like any
        // other),
        // so "a callback that never comes" costs it only the connection that asked, until its idle limit.

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"says nothing", "is told where to call back and never does"})
        void a_client_that_goes_quiet_is_dropped_after_the_idle_limit_with_a_reason(String client) throws Exception {
            var log = new CopyOnWriteArrayList<String>();
            try (var server = CallbackServer.start(
                            new InetSocketAddress(LOOPBACK, 0), Mode.ACCEPTED, false, IDLE_LIMIT_MS, log::add);
                    var socket = new Socket()) {
                long start = System.nanoTime(); // before the server starts waiting, so the wait measured is never short
                socket.connect(server.address(), Connect.CONNECT_TIMEOUT_MS);
                socket.setSoTimeout((int) (IDLE_LIMIT_MS + SLACK_MS)); // a bound against hanging
                var in = socket.getInputStream();
                if (client.startsWith("is told")) {
                    start = System.nanoTime(); // the server's wait for a next line starts after this HELLO
                    socket.getOutputStream().write("HELLO accepted\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(Lines.read(in, CallbackServer.MAX_LINE)).startsWith("CALLBACK ");
                }
                String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // until the server closes
                long took = millisSince(start);
                assertThat(rest).isEqualTo("ERR no request within " + IDLE_LIMIT_MS + " ms\n");
                assertThat(took)
                        .as("ms until the server hung up")
                        .isBetween((long) IDLE_LIMIT_MS, IDLE_LIMIT_MS + SLACK_MS);
                assertThat(log)
                        .contains("dropped " + socket.getLocalSocketAddress() + ": no request within " + IDLE_LIMIT_MS
                                + " ms");
                assertThat(CallbackClient.call(server.address(), Mode.ACCEPTED).calledBack())
                        .as("the next client is served")
                        .isTrue();
            }
        }

        /**
         * A fake server the test owns, on loopback: it reads the client's first line, then answers with {@code line} and
         * then '0's, one byte every {@code everyMs} (a scheduled executor of its own, with a fixed delay, so a late byte
         * is never followed by a burst), and never a line end, until the client closes. {@code sent} counts the bytes.
         */
        static SocketServer trickling(String line, int everyMs, AtomicInteger sent) throws IOException {
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            return SocketServer.start(
                    "trickling-server",
                    new InetSocketAddress(LOOPBACK, 0),
                    socket -> {
                        // outlast the test's bound: a client that waited per read would still be getting bytes when the
                        // test gave up on it
                        socket.setSoTimeout((int) (READ_LIMIT_MS + 2 * SLACK_MS));
                        var in = socket.getInputStream();
                        var out = socket.getOutputStream();
                        Lines.read(in, CallbackServer.MAX_LINE);
                        var trickle = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "trickle"));
                        try {
                            trickle.scheduleWithFixedDelay(
                                    () -> {
                                        int i = sent.get();
                                        try {
                                            out.write(i < bytes.length ? bytes[i] : '0');
                                            out.flush();
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(e); // the client has gone: ends the schedule
                                        }
                                        sent.incrementAndGet();
                                    },
                                    0,
                                    everyMs,
                                    TimeUnit.MILLISECONDS);
                            while (in.read() != -1) {
                                // until the client gives up and closes
                            }
                        } finally {
                            trickle.shutdownNow();
                            try {
                                trickle.awaitTermination(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    },
                    l -> {});
        }

        static long millisSince(long startNanos) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        /**
         * A fake server the test owns, on loopback: it reads the client's HELLO and answers {@code answer}, or, if that
         * is null, nothing, holding the connection open until the client gives up.
         */
        static SocketServer scripted(String answer) throws IOException {
            return SocketServer.start(
                    "scripted-server",
                    new InetSocketAddress(LOOPBACK, 0),
                    socket -> {
                        var in = socket.getInputStream();
                        Lines.read(in, CallbackServer.MAX_LINE);
                        if (answer != null) Lines.write(socket.getOutputStream(), answer);
                        while (Lines.read(in, CallbackServer.MAX_LINE) != null) {
                            // whatever else the client says is not the test's concern; it ends when the client closes
                        }
                    },
                    line -> {});
        }
    }
}
