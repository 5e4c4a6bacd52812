package dev.socketfaq.threadsafety.handle.broken;

import dev.socketfaq.threadsafety.handle.ConnectionTable;
import dev.socketfaq.threadsafety.handle.Descriptors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BROKEN (FAQ, "Sockets thread-safety", the handle 42 story): the handle is the descriptor number, as a C program's
 * {@code SOCKET} is. The OS gives a closed number to the next socket, so a thread that still holds 42 after another
 * closed it now sends to whoever got 42 next.
 */
public final class DescriptorTable implements ConnectionTable {
    private final Descriptors os;
    private final Set<Integer> open = ConcurrentHashMap.newKeySet();

    public DescriptorTable(Descriptors os) {
        this.os = os;
    }

    // tag::descriptor[]
    @Override
    public long open(InetSocketAddress peer) throws IOException {
        int descriptor = os.connect(peer); // the OS picks the number: a closed one comes back
        open.add(descriptor);
        return descriptor;
    }

    @Override
    public void send(long handle, byte[] data) throws IOException {
        os.send((int) handle, data); // 42 is 42: nothing says which connection the caller meant
    }
    // end::descriptor[]

    @Override
    public String name(long handle) {
        return "descriptor " + handle;
    }

    @Override
    public void close(long handle) throws IOException {
        if (open.remove((int) handle)) os.close((int) handle);
    }

    @Override
    public void close() throws IOException {
        for (int descriptor : open) close(descriptor);
    }
}
