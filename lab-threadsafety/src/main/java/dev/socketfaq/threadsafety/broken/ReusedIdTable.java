package dev.socketfaq.threadsafety.broken;

import dev.socketfaq.threadsafety.ConnectionTable;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;

/**
 * BROKEN (FAQ, "Sockets thread-safety", the handle 42 story): ids are small numbers, and a freed number is
 * handed out again, lowest first, exactly as the OS does with descriptors. A thread that still holds 42 after
 * another closed it now talks to whoever got 42 next.
 */
public final class ReusedIdTable implements ConnectionTable {
    public static final int FIRST_ID = 42;
    private final Map<Integer, Socket> slots = new TreeMap<>();

    // tag::reused-id[]
    @Override
    public synchronized long open(Socket connection) {
        int id = FIRST_ID;
        while (slots.containsKey(id)) id++; // the lowest free number, like open() and socket()
        slots.put(id, connection);
        return id;
    }

    @Override
    public void send(long handle, byte[] data) throws IOException {
        Socket s;
        synchronized (this) {
            s = slots.get((int) handle); // 42 is 42: nothing says which connection the caller meant
        }
        if (s == null) throw new IOException("no connection " + handle);
        s.getOutputStream().write(data);
    }
    // end::reused-id[]

    @Override
    public void close(long handle) throws IOException {
        Socket s;
        synchronized (this) {
            s = slots.remove((int) handle);
        }
        if (s != null) s.close();
    }

    @Override
    public synchronized void close() throws IOException {
        for (Socket s : slots.values()) s.close();
        slots.clear();
    }
}
