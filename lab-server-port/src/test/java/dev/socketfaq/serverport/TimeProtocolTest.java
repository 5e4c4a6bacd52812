package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Connect;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The time protocol's bad lines cost their sender its connection and nothing else. */
@Timeout(30)
class TimeProtocolTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Sends {@code bytes}, returns the reply line and whether the server then closed the connection. */
    static String[] exchange(int port, byte[] bytes) throws Exception {
        try (var socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
            socket.getOutputStream().write(bytes);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String reply = in.readLine();
            return new String[] {reply, in.read() == -1 ? "closed" : "open"};
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "over-long, ERR line longer than 256 bytes",
        "binary, ERR not a text line: byte 0x00 at offset 4",
        "unknown, ERR unknown command 'HELLO': this service answers TIME",
        "no newline, ERR line ended without a newline after 4 bytes"
    })
    void a_bad_line_gets_one_err_line_and_a_closed_connection_and_the_server_keeps_serving(String kind, String expected)
            throws Exception {
        byte[] bad = switch (kind) {
            case "over-long" -> ("TIME" + "x".repeat(TimeProtocol.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII);
            case "binary" -> new byte[] {'T', 'I', 'M', 'E', 0, '\n'};
            case "unknown" -> "HELLO\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> "TIME".getBytes(StandardCharsets.US_ASCII);
        };
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        try (var server = TimeServer.serve(listener, "a")) {
            try (var socket = new Socket(LOOPBACK, server.port())) {
                socket.setSoTimeout(
                        15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
                socket.getOutputStream().write(bad);
                if (kind.equals("no newline")) socket.shutdownOutput();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo(expected);
                assertThat(in.read()).as("connection closed after the ERR line").isEqualTo(-1);
            }
            assertThat(TimeProtocol.ask(new InetSocketAddress(LOOPBACK, server.port())))
                    .startsWith("OK a ");
        }
    }

    @Test
    void a_line_of_exactly_256_bytes_is_read_and_two_questions_share_a_connection() throws Exception {
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        try (var server = TimeServer.serve(listener, "a");
                var socket = Connect.socket(new InetSocketAddress(LOOPBACK, server.port()), Connect.Setup.NONE)) {
            assertThat(TimeProtocol.ask(socket)).startsWith("OK a ");
            assertThat(TimeProtocol.ask(socket)).startsWith("OK a ");
            socket.getOutputStream()
                    .write(("X".repeat(TimeProtocol.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(TimeProtocol.readLine(socket.getInputStream())).startsWith("ERR unknown command 'XXX");
        }
    }
}
