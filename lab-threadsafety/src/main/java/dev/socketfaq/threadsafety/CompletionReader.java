package dev.socketfaq.threadsafety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * Reads a stream chunk by chunk and hands each completed read to a pool, numbered in the order the reads
 * completed: the shape of an IOCP or AsynchronousSocketChannel receiver whose handlers run on several threads.
 */
public final class CompletionReader {
    private CompletionReader() {}

    /** Reads {@code in} to its end in chunks of {@code chunkSize}; returns how many completions were handed over. */
    public static int readAll(InputStream in, int chunkSize, Executor pool, ChunkAssembler assembler) throws IOException {
        int sequence = 0;
        for (byte[] chunk; (chunk = in.readNBytes(chunkSize)).length > 0; ) {
            int seq = sequence++;                       // numbered here, where the order is still known
            String text = new String(chunk, StandardCharsets.US_ASCII);
            pool.execute(() -> assembler.completed(seq, text)); // from here on, threads race
        }
        return sequence;
    }
}
