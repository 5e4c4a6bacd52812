package dev.socketfaq.select;

import java.nio.ByteBuffer;

/** One connection's state in a selector loop: the request being read, and how many bytes it is still owed. */
final class Peer {
    static final int CHUNK = 64 * 1024;

    final ByteBuffer request = ByteBuffer.allocate(Integer.BYTES);
    final ByteBuffer chunk = ByteBuffer.allocate(CHUNK); // zeros: the content does not matter, the count does
    long remaining;
    // System.nanoTime() of the accept, of the last byte read or written, or of the stop: the idle clock while the
    // loop runs, the stall clock while it stops (when nothing more is read)
    long lastProgress;
}
