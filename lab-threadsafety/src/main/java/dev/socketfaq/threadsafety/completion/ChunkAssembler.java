package dev.socketfaq.threadsafety.completion;

/**
 * Puts a message back together from chunks whose completions are handled on a thread pool (the FAQ's IOCP
 * case): reads complete in order, but the threads that handle the completions race, so handlers may run in
 * any order. {@code sequence} is the read's number, given when the read completed (0, 1, 2, ...).
 */
public interface ChunkAssembler {

    /** Called from a pool thread when the read numbered {@code sequence} has completed with {@code chunk}. */
    void completed(int sequence, String chunk);

    /** The message as assembled so far. */
    String message();
}
