package dev.socketfaq.threadsafety.completion.fixed;

import dev.socketfaq.threadsafety.completion.ChunkAssembler;
import java.util.TreeMap;

/**
 * FIXED (the FAQ's advice: label requests with sequence numbers): each chunk goes to its place by the number
 * its read was given; the message grows only while the next number is present.
 */
public final class SequencedAssembler implements ChunkAssembler {
    private final TreeMap<Integer, String> early = new TreeMap<>();
    private final StringBuilder message = new StringBuilder();
    private int next;

    // tag::sequenced[]
    @Override
    public synchronized void completed(int sequence, String chunk) {
        // tag::solution[] threadsafety-sequence-the-chunks
        early.put(sequence, chunk);
        while (early.containsKey(next)) {
            message.append(early.remove(next)); // only in order: a chunk that came early waits for its turn
            next++;
        }
        // end::solution[]
    }
    // end::sequenced[]

    // tag::start[] threadsafety-sequence-the-chunks: the message must read as the bytes arrived, whatever the pool
    // message.append(chunk); // in the order the handlers run
    // end::start[]

    @Override
    public synchronized String message() {
        return message.toString();
    }
}
