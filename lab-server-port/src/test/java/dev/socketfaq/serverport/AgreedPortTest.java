package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An agreed port can still collide (FAQ, "Server port"): then the message says which port, where agreed, and who has it. */
@Timeout(30)
class AgreedPortTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // tag::conflict[]
    @Proves(FaqClaim.AGREED_PORT_NEEDS_OUT_OF_BAND)
    @Test
    void a_taken_agreed_port_is_reported_with_its_holder() throws Exception {
        assumeTrue(PortHolders.supported(), "naming the holder reads /proc (Linux)");
        try (var holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(LOOPBACK, 0)); // this test process takes the port first
            int port = holder.getLocalPort();
            var agreed = new AgreedPort(LOOPBACK, Map.of("a", port), "services.properties");
            assertThatThrownBy(() -> agreed.start("a").close())
                    .isInstanceOf(AgreedPort.PortTakenException.class)
                    .hasMessageContaining("cannot listen on port " + port + " (agreed for 'a' in services.properties)")
                    .hasMessageContaining("Address already in use")
                    .hasMessageContaining(
                            "held by pid " + ProcessHandle.current().pid() + " (");
        }
    }
    // end::conflict[]

    @Proves(FaqClaim.AGREED_PORT_NEEDS_OUT_OF_BAND)
    @Test
    void the_agreement_comes_from_a_properties_file_both_sides_read(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("services.properties"), "# instance=port\na=27031\nb = 27032\n");
        var agreed = AgreedPort.load(LOOPBACK, file);
        assertThat(agreed.locate("b").where()).startsWith("127.0.0.1:27032 (port agreed in " + file);
        assertThatThrownBy(() -> agreed.locate("c")).hasMessage("no port agreed for instance 'c' in " + file);
    }

    @ParameterizedTest(name = "a={0}")
    @ValueSource(strings = {"http", "0", "-1", "65536"})
    void a_bad_configuration_line_is_named(String port, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("services.properties"), "a=" + port + "\n");
        assertThatThrownBy(() -> AgreedPort.load(LOOPBACK, file))
                .hasMessage(file + ": 'a=" + port + "' is not a port (1..65535)");
    }

    @ParameterizedTest(name = "a={0}")
    @ValueSource(ints = {1, 65535})
    void the_first_and_last_ports_are_ports(int port, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("services.properties"), "a=" + port + "\n");
        assertThat(AgreedPort.load(LOOPBACK, file).locate("a").where()).startsWith("127.0.0.1:" + port + " ");
    }

    @Test
    void a_configuration_that_cannot_be_read_is_named(@TempDir Path dir) {
        assertThatThrownBy(() -> AgreedPort.load(LOOPBACK, dir)) // a directory, not a file
                .hasMessageStartingWith("cannot read agreed ports from " + dir + ": ")
                .hasMessageNotContaining("null");
    }

    @Test
    void an_instance_is_served_on_its_agreed_port() throws Exception {
        int port;
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0)); // a port free now, as an administrator would pick one
            port = probe.getLocalPort();
        }
        var agreed = new AgreedPort(LOOPBACK, Map.of("a", port), "the test");
        try (var a = agreed.start("a")) {
            assertThat(a.port()).isEqualTo(port);
            assertThat(agreed.locate("a").ask()).startsWith("OK a ");
        }
    }
}
