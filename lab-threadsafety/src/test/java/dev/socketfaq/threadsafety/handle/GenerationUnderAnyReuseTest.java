package dev.socketfaq.threadsafety.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.threadsafety.handle.fixed.GenerationTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * What the generation guarantees whatever the OS does: jqwik chooses which free number each new connection gets (out
 * of five, so numbers come back all the time) and a sequence of opens, closes and sends with handles old and new. A
 * send with a live handle reaches its own connection; a send with a closed one is refused and reaches nobody.
 */
class GenerationUnderAnyReuseTest {

    /** Descriptors whose numbers jqwik picks: each connect takes the free number at the next pick's index. */
    static final class ChosenReuse implements Descriptors {
        final Iterator<Integer> picks;
        final Map<Integer, Integer> open = new HashMap<>(); // number -> connection
        final List<String> delivered = new ArrayList<>(); // "connection 3: send 5"
        int connections;

        ChosenReuse(List<Integer> picks) {
            this.picks = picks.iterator();
        }

        @Override
        public int connect(InetSocketAddress peer) throws IOException {
            List<Integer> free = IntStream.range(3, 8)
                    .filter(n -> !open.containsKey(n))
                    .boxed()
                    .toList();
            if (free.isEmpty()) throw new IOException("no free number");
            int number = free.get((picks.hasNext() ? picks.next() : 0) % free.size());
            open.put(number, ++connections);
            return number;
        }

        @Override
        public void send(int descriptor, byte[] data) throws IOException {
            Integer connection = open.get(descriptor);
            if (connection == null) throw new IOException("bad descriptor " + descriptor);
            delivered.add("connection " + connection + ": " + new String(data, StandardCharsets.US_ASCII));
        }

        @Override
        public void close(int descriptor) {
            open.remove(descriptor);
        }
    }

    /** A handle the test holds, the connection it was given for, and whether that connection was closed. */
    record Held(long handle, int connection, boolean[] closed) {}

    @Property(tries = 300)
    @Proves(FaqClaim.HANDLES_REUSED)
    void a_handle_reaches_its_own_connection_or_nobody(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 4) Integer> picks,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 299) Integer> steps)
            throws IOException {
        var os = new ChosenReuse(picks);
        var held = new ArrayList<Held>();
        var opens = new HashMap<Integer, Integer>(); // how often each number was given out: its generation now
        try (var table = new GenerationTable(os)) {
            for (int step : steps) {
                int op = step % 3;
                if (op == 0 || held.isEmpty()) {
                    if (os.open.size() == 5) continue; // every number is taken
                    long handle = table.open(null);
                    opens.merge((int) handle, 1, Integer::sum);
                    held.add(new Held(handle, os.connections, new boolean[1]));
                    continue;
                }
                Held h = held.get(step / 3 % held.size());
                if (op == 1) {
                    table.close(h.handle());
                    h.closed()[0] = true;
                } else {
                    String data = "send " + step;
                    int before = os.delivered.size();
                    if (h.closed()[0]) {
                        assertThatThrownBy(() -> table.send(h.handle(), data.getBytes(StandardCharsets.US_ASCII)))
                                .as("a send with a closed handle")
                                .isInstanceOf(GenerationTable.StaleHandleException.class)
                                .hasMessageStartingWith(
                                        table.name(h.handle()) + " is stale: that connection was closed")
                                .hasMessageEndingWith(
                                        os.open.containsKey((int) h.handle())
                                                ? "; descriptor " + (int) h.handle() + " is now generation "
                                                        + opens.get((int) h.handle())
                                                : "closed");
                        assertThat(os.delivered).as("nothing was delivered").hasSize(before);
                    } else {
                        table.send(h.handle(), data.getBytes(StandardCharsets.US_ASCII));
                        assertThat(os.delivered).last().isEqualTo("connection " + h.connection() + ": " + data);
                    }
                }
            }
        }
    }
}
