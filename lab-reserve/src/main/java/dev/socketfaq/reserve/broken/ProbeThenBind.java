package dev.socketfaq.reserve.broken;

import dev.socketfaq.reserve.PortClaimer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.function.IntConsumer;

/**
 * BROKEN (FAQ, "Reserving a port"): "find a free port" by binding port 0, closing the socket and keeping the
 * number for a later bind: a pattern common in test code. Closing the probe frees the port; anyone may take it
 * before the second bind, which then fails with "Address already in use".
 */
public final class ProbeThenBind implements PortClaimer {

    // tag::probe-then-bind[]
    @Override
    public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
        int port;
        try (var probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        } // closed: the number is all we keep, and a number reserves nothing
        meanwhile.accept(port);
        var channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // too late if taken
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
    // end::probe-then-bind[]
}
