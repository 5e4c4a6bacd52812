package dev.socketfaq.threadsafety.handle.fixed;

import dev.socketfaq.threadsafety.handle.ConnectionTable;
import dev.socketfaq.threadsafety.handle.Descriptors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FIXED: a handle carries the descriptor number and that number's generation, counted up every time the OS gives the
 * number out. Whatever number the OS reuses, and however often, the old handle (42, generation 1) can never name the
 * new connection (42, generation 2): a stale handle gets a clear error and nothing is sent.
 */
public final class GenerationTable implements ConnectionTable {
    private final Descriptors os;
    private final Map<Integer, Integer> live = new HashMap<>(); // descriptor -> generation of its open connection
    private final Map<Integer, Integer> issued = new HashMap<>(); // descriptor -> generations given out, ever

    public GenerationTable(Descriptors os) {
        this.os = os;
    }

    // tag::generation[]
    @Override
    public synchronized long open(InetSocketAddress peer) throws IOException {
        int descriptor = os.connect(peer);
        int generation = issued.merge(descriptor, 1, Integer::sum); // every reuse of a number is a new generation
        live.put(descriptor, generation);
        return ((long) generation << 32) | descriptor;
    }

    @Override
    public synchronized void send(long handle, byte[] data) throws IOException {
        Integer current = live.get(descriptor(handle));
        if (current == null || current != generation(handle)) { // a close cannot come between check and send
            throw new StaleHandleException(name(handle) + " is stale: that connection was closed"
                    + (current == null ? "" : "; descriptor " + descriptor(handle) + " is now generation " + current));
        }
        os.send(descriptor(handle), data);
    }
    // end::generation[]

    @Override
    public synchronized void close(long handle) throws IOException {
        Integer current = live.get(descriptor(handle));
        if (current != null && current == generation(handle)) {
            live.remove(descriptor(handle));
            os.close(descriptor(handle));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (int descriptor : List.copyOf(live.keySet())) os.close(descriptor);
        live.clear();
    }

    /** "descriptor 42 (generation 1)". */
    @Override
    public String name(long handle) {
        return "descriptor " + descriptor(handle) + " (generation " + generation(handle) + ")";
    }

    static int descriptor(long handle) {
        return (int) handle;
    }

    static int generation(long handle) {
        return (int) (handle >>> 32);
    }

    /** A handle whose connection is gone. */
    public static final class StaleHandleException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleHandleException(String message) {
            super(message);
        }
    }
}
