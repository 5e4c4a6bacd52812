package dev.socketfaq.threadsafety.completion.broken;

import dev.socketfaq.threadsafety.completion.ChunkAssembler;

/**
 * BROKEN (FAQ, "Sockets thread-safety", IOCP reads): each handler appends its chunk as it runs. The buffer is
 * safe (synchronized), the order is not: with more than one pool thread, which handler runs first is lost.
 */
public final class AppendingAssembler implements ChunkAssembler {
    private final StringBuilder message = new StringBuilder();

    // tag::appending[]
    @Override
    public synchronized void completed(int sequence, String chunk) {
        message.append(chunk); // in the order the handlers happen to run, not the order the bytes arrived
    }
    // end::appending[]

    @Override
    public synchronized String message() {
        return message.toString();
    }
}
