package dev.socketfaq.threadsafety;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Several threads send many messages over one loopback connection; the other end counts intact and corrupt
 * frames. Each round, all threads start their message together (a barrier), so they really compete.
 */
public final class StreamExperiment {
    private StreamExperiment() {}

    public static Messages.Tally run(StreamMode mode, int threads, int messagesPerThread) throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept();
             var pool = Executors.newFixedThreadPool(threads + 1)) {
            accepted.setSoTimeout(10_000);
            InputStream in = accepted.getInputStream();
            Future<Messages.Tally> reader = pool.submit(() -> Messages.read(in));
            var barrier = new CyclicBarrier(threads);
            try (MessageSender sender = mode.over(client.getOutputStream())) {
                var senders = new ArrayList<Future<?>>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        for (int n = 0; n < messagesPerThread; n++) {
                            barrier.await(10, TimeUnit.SECONDS);
                            sender.send(Messages.parts(thread, n));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : senders) await(f);
            } // closing the sender ends the stream: the reader sees EOF
            return await(reader);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("the experiment did not finish within 60 s");
        }
    }

}
