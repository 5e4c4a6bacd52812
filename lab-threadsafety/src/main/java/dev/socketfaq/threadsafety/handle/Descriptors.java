package dev.socketfaq.threadsafety.handle;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The OS's side of a connection table: connections named by descriptor numbers that the OS chooses, and reuses once
 * they are closed. {@link NativeSockets} calls the real socket(), connect(), send() and close().
 */
public interface Descriptors {

    /** Opens a TCP connection to {@code peer}; returns the descriptor number the OS gave it. */
    int connect(InetSocketAddress peer) throws IOException;

    /** Sends {@code data} on whatever connection holds the number {@code descriptor} now. */
    void send(int descriptor, byte[] data) throws IOException;

    /** Closes {@code descriptor}; its number is free for the next connection. */
    void close(int descriptor) throws IOException;
}
