package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.threadsafety.broken.ReusedIdTable;
import dev.socketfaq.threadsafety.fixed.GenerationTable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handle contract: a send with a dangling handle must never reach another connection. */
@Timeout(30)
class HandleContractTest {

    // tag::handle[]
    @Test
    void a_reused_number_delivers_data_to_a_stranger() throws Exception {
        assertThat(ThreadSafetyLab.handleStory(new ReusedIdTable()).strangerReceived()).isEqualTo("alice's secret");
    }

    @Test
    void a_handle_with_a_generation_cannot_reach_the_new_connection() throws Exception {
        assertThat(ThreadSafetyLab.handleStory(new GenerationTable()).strangerReceived()).as("what the stranger received").isEmpty();
    }
    // end::handle[]

    @Test
    void a_stale_handle_gets_a_clear_error() throws Exception {
        try (var listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
             var a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             var b = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             var table = new GenerationTable()) {
            long old = table.open(a);
            table.close(old);
            table.open(b);
            assertThatThrownBy(() -> table.send(old, new byte[] {1}))
                    .isInstanceOf(GenerationTable.StaleHandleException.class)
                    .hasMessage("connection 42 (generation 1) is stale: that connection was closed; slot 42 now holds generation 2");
            // what the two stories really returned, not what we expect them to
            var broken = ThreadSafetyLab.handleStory(new ReusedIdTable());
            var fixed = ThreadSafetyLab.handleStory(new GenerationTable());
            Evidence.named("handle-outcomes", "The handle-42 story, per table")
                    .table(List.of("table", "what the stranger received", "what the sender was told"), List.of(
                            List.of("broken: ids reused", shown(broken.strangerReceived()), Objects.requireNonNullElse(broken.refusal(), "nothing: the send succeeded")),
                            List.of("fixed: id + generation", shown(fixed.strangerReceived()), Objects.requireNonNullElse(fixed.refusal(), "nothing: the send succeeded"))))
                    .write();
            assertThat(fixed.refusal()).isEqualTo("connection 42 (generation 1) is stale: that connection was closed; slot 42 now holds generation 2");
        }
    }

    static String shown(String received) {
        return received.isEmpty() ? "nothing" : "\"" + received + "\"";
    }

    // tag::os-reuses[]
    @Test
    void the_os_reuses_descriptor_numbers() throws Throwable {
        assumeTrue(DescriptorNumbers.supported(), "POSIX socket()/close() through FFM: Linux and macOS");
        int[] fds = DescriptorNumbers.socketCloseSocket();
        assertThat(fds[1]).as("socket() after close(%d)", fds[0]).isEqualTo(fds[0]);
    }
    // end::os-reuses[]
}
