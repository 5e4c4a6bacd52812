package dev.socketfaq.reserve.fixed;

import dev.socketfaq.reserve.PortClaimer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.function.IntConsumer;

/**
 * FIXED: bind once, to port 0, and hand the bound channel (not its number) to the code that needs it. The port
 * is reserved from the bind until the channel is closed, because using it is the only reservation there is.
 */
public final class KeepWhatYouBound implements PortClaimer {

    // tag::keep-what-you-bound[]
    @Override
    public ServerSocketChannel claim(IntConsumer meanwhile) throws IOException {
        // tag::solution[] reserve-keep-what-you-bound
        var channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // chosen and held in one step
            meanwhile.accept(((InetSocketAddress) channel.getLocalAddress()).getPort()); // others may try: it is ours
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close(); // a claim that fails in the gap gives the port back
            throw e;
        }
        // end::solution[]
    }
    // end::keep-what-you-bound[]

    // tag::start[] reserve-keep-what-you-bound: the port you hand on must still be yours when it is used
    // return new dev.socketfaq.reserve.broken.ProbeThenBind().claim(meanwhile); // find a free port, then bind it
    // end::start[]
}
