package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bad line costs its sender the connection, with a reason; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown command", "too long", "not text", "bad strategy", "too many words"})
    void a_bad_line_gets_an_error_and_the_server_keeps_serving(String kind) throws Exception {
        byte[] line = switch (kind) {
            case "unknown command" -> "GET / HTTP/1.1\n".getBytes(StandardCharsets.US_ASCII);
            case "too long" -> ("HELLO " + "x".repeat(CallbackServer.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII);
            case "not text" -> new byte[] {'H', 0, (byte) 0xff, '\n'};
            case "bad strategy" -> "HELLO teleport\n".getBytes(StandardCharsets.US_ASCII);
            default -> "HELLO accepted now\n".getBytes(StandardCharsets.US_ASCII);
        };
        try (var server = CallbackServer.start(new InetSocketAddress(LOOPBACK, 0), Advertise.ACCEPTED, false, l -> {})) {
            try (var socket = new Socket(LOOPBACK, server.address().getPort())) {
                socket.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
                OutputStream out = socket.getOutputStream();
                out.write(line);
                InputStream in = socket.getInputStream();
                String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // until the server closes
                assertThat(reply).startsWith("ERR ").endsWith("\n").hasLineCount(1);
            }
            var call = CallbackClient.call(server.address(), Advertise.ACCEPTED);
            assertThat(call.calledBack()).as("another client is still served").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CALLBACK 0.0.0.0 99999", "CALLBACK example.org 80", "HELLO", "CALLBACK 127.0.0.1"})
    void a_server_that_breaks_the_protocol_is_a_clear_error(String answer) {
        assertThatThrownBy(() -> CallbackClient.parseCallback(answer)).isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("the server answered '" + answer + "'");
    }
}
