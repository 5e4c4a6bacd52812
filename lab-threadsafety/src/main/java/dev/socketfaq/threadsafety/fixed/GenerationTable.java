package dev.socketfaq.threadsafety.fixed;

import dev.socketfaq.threadsafety.ConnectionTable;
import java.io.IOException;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * FIXED: a handle carries the slot number and the slot's generation. Reusing slot 42 bumps its generation, so
 * the old handle (42, generation 1) can never name the new connection (42, generation 2): a stale handle gets
 * a clear error and nothing is sent.
 */
public final class GenerationTable implements ConnectionTable {
    public static final int FIRST_ID = 42;

    private record Slot(int generation, Socket connection) {}

    private final Map<Integer, Slot> slots = new HashMap<>();
    private final Map<Integer, Integer> generations = new HashMap<>();

    // tag::generation[]
    @Override
    public synchronized long open(Socket connection) {
        int id = FIRST_ID;
        while (slots.containsKey(id)) id++;
        int generation = generations.merge(id, 1, Integer::sum); // every reuse of a slot is a new generation
        slots.put(id, new Slot(generation, connection));
        return ((long) generation << 32) | id;
    }

    @Override
    public void send(long handle, byte[] data) throws IOException {
        Socket s;
        synchronized (this) {
            Slot slot = slots.get(id(handle));
            if (slot == null || slot.generation() != generation(handle)) {
                throw new StaleHandleException(describe(handle) + " is stale: that connection was closed"
                        + (slot == null ? "" : "; slot " + id(handle) + " now holds generation " + slot.generation()));
            }
            s = slot.connection();
        }
        s.getOutputStream().write(data);
    }
    // end::generation[]

    @Override
    public void close(long handle) throws IOException {
        Socket s = null;
        synchronized (this) {
            Slot slot = slots.get(id(handle));
            if (slot != null && slot.generation() == generation(handle)) {
                slots.remove(id(handle));
                s = slot.connection();
            }
        }
        if (s != null) s.close();
    }

    @Override
    public String name(long handle) {
        return describe(handle);
    }

    @Override
    public synchronized void close() throws IOException {
        for (Slot s : slots.values()) s.connection().close();
        slots.clear();
    }

    static int id(long handle) {
        return (int) handle;
    }

    static int generation(long handle) {
        return (int) (handle >>> 32);
    }

    /** "connection 42 (generation 1)". */
    public static String describe(long handle) {
        return "connection " + id(handle) + " (generation " + generation(handle) + ")";
    }

    /** A handle whose connection is gone. */
    public static final class StaleHandleException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleHandleException(String message) {
            super(message);
        }
    }
}
