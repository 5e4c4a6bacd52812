package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.threadsafety.ThreadSafetyLab.HandleStory;
import dev.socketfaq.threadsafety.broken.ReusedIdTable;
import dev.socketfaq.threadsafety.fixed.GenerationTable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handle contract: a send with a dangling handle must never reach another connection. The story runs its
 * steps on three real threads, ordered by latches (see {@link ThreadSafetyLab#handleStory}).
 */
@Timeout(30)
class HandleContractTest {
    static final String STALE =
            "connection 42 (generation 1) is stale: that connection was closed; slot 42 now holds generation 2";
    static final Map<String, HandleStory> stories = new ConcurrentHashMap<>();

    // tag::handle[]
    @Test
    void a_reused_number_delivers_data_to_a_stranger() throws Exception {
        HandleStory story = ThreadSafetyLab.handleStory(new ReusedIdTable());
        stories.put("broken: ids reused", story);
        assertThat(story.steps())
                .containsExactly(
                        "thread-1: holds connection 42",
                        "thread-2: closed connection 42",
                        "thread-3: opened a new connection: connection 42",
                        "thread-1: sent \"alice's secret\" with connection 42");
        assertOnThreeThreads(story);
        assertThat(story.strangerReceived()).isEqualTo("alice's secret");
        assertThat(story.staleDeliveries()).isEqualTo(1);
    }

    @Test
    void a_handle_with_a_generation_cannot_reach_the_new_connection() throws Exception {
        HandleStory story = ThreadSafetyLab.handleStory(new GenerationTable());
        stories.put("fixed: id + generation", story);
        assertThat(story.steps())
                .containsExactly(
                        "thread-1: holds connection 42 (generation 1)",
                        "thread-2: closed connection 42 (generation 1)",
                        "thread-3: opened a new connection: connection 42 (generation 2)",
                        "thread-1: was refused: " + STALE);
        assertOnThreeThreads(story);
        assertThat(story.refusal()).as("what the sender was told").isEqualTo(STALE);
        assertThat(story.strangerReceived()).as("what the stranger received").isEmpty();
        assertThat(story.staleDeliveries()).isZero();
    }

    /** Four steps on three threads, none of them the test's: thread 1 holds the handle and later sends with it. */
    static void assertOnThreeThreads(HandleStory story) {
        assertThat(story.threads())
                .hasSize(4)
                .doesNotContain(Thread.currentThread().threadId());
        assertThat(Set.copyOf(story.threads())).hasSize(3);
        assertThat(story.threads().get(3))
                .as("the thread that sends is the one that held the handle")
                .isEqualTo(story.threads().get(0));
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
                    .hasMessage(STALE);
        }
    }

    /** What the two stories returned, as they returned it: the counts are measured, not expected. */
    @AfterAll
    static void writeEvidence() {
        if (stories.size() < 2) return;
        var rows = new ArrayList<List<?>>();
        var evidence = Evidence.named("handle-outcomes", "The handle-42 story, per table: stale-handle deliveries")
                .what(
                        "Three threads, ordered by latches: thread 1 holds connection 42, thread 2 closes it, thread 3 registers a new "
                                + "connection (the stranger's) and gets 42, then thread 1 sends once with the handle it still holds. A "
                                + "stale-handle delivery is a line the stranger read: nobody sent the stranger anything on purpose.");
        for (String table : List.of("broken: ids reused", "fixed: id + generation")) {
            HandleStory s = stories.get(table);
            rows.add(List.of(
                    table,
                    shown(s.strangerReceived()),
                    s.staleDeliveries(),
                    Objects.requireNonNullElse(s.refusal(), "nothing: the send succeeded")));
            evidence.figure(table + ": stale-handle deliveries", s.staleDeliveries(), "line(s) the stranger read");
        }
        evidence.table(
                        List.of(
                                "table",
                                "what the stranger received",
                                "stale-handle deliveries",
                                "what the sender was told"),
                        rows)
                .write();
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
