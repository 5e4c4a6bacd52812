package dev.socketfaq.select;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * The one place the loops get what depends on the platform: the selector, the pipe and the listener, all from the
 * JVM's {@link SelectorProvider} (epoll on Linux, kqueue on macOS, wepoll on Windows, or the one named by
 * {@code -Djava.nio.channels.spi.SelectorProvider}). The FAQ's advice: isolate the platform-dependent part, and the
 * loops above it stay the same code on every system.
 */
public final class PlatformSelector {
    private PlatformSelector() {}

    public static Selector open() throws IOException {
        return SelectorProvider.provider().openSelector();
    }

    public static Pipe pipe() throws IOException {
        return SelectorProvider.provider().openPipe();
    }

    public static ServerSocketChannel listener() throws IOException {
        return SelectorProvider.provider().openServerSocketChannel();
    }

    /** The provider's class name: which platform part the loops run on ("sun.nio.ch.EPollSelectorProvider"). */
    public static String name() {
        return SelectorProvider.provider().getClass().getName();
    }
}
