package dev.socketfaq.reserve;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * How a parent gets a port for a child process: not by choosing a number for it (that is probe-then-bind across
 * two processes) but by letting the child bind port 0 itself and report what it got, for the parent to read.
 */
public final class ChildPort {
    private ChildPort() {}

    /** Binds loopback:{@code port} (0: any) and prints "listening on ADDRESS" to {@code out}. */
    public static ServerSocketChannel listenAndReport(int port, PrintWriter out) throws IOException {
        var channel = ServerSocketChannel.open();
        try {
            // tag::child-reports[]
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // the child binds 0 itself...
            out.println("listening on " + channel.getLocalAddress()); // ...and reports what it got
            // end::child-reports[]
            out.flush();
            return channel;
        } catch (BindException e) {
            channel.close();
            // "Address already in use" alone names neither the port nor who took it
            throw new IOException(
                    "cannot listen on port " + port + ": " + e.getMessage() + "; " + WhoHolds.describe(port), e);
        }
    }
}
