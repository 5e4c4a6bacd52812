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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handle contract: a send with a dangling handle must never reach another connection. */
@Timeout(30)
class HandleContractTest {

    // tag::handle[]
    @Test
    void a_reused_number_delivers_data_to_a_stranger() throws Exception {
        assertThat(ThreadSafetyLab.handleStory(new ReusedIdTable())).isEqualTo("alice's secret");
    }

    @Test
    void a_handle_with_a_generation_cannot_reach_the_new_connection() throws Exception {
        assertThat(ThreadSafetyLab.handleStory(new GenerationTable())).as("what the stranger received").isEmpty();
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
            Evidence.named("handle-outcomes", "The handle-42 story, per table")
                    .table(List.of("table", "what the stranger received"), List.of(
                            List.of("broken: ids reused", ThreadSafetyLab.handleStory(new ReusedIdTable())),
                            List.of("fixed: id + generation", "nothing: connection 42 (generation 1) is stale")))
                    .write();
        }
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
