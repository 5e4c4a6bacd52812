package dev.socketfaq.threadsafety;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The OS really reuses handle numbers: socket(), close(), socket() again, called natively with the Foreign
 * Function & Memory API. POSIX gives a new descriptor the lowest number not in use, so on Linux and macOS the
 * second socket gets the first one's number. Needs native access ({@code --enable-native-access=ALL-UNNAMED}).
 */
public final class DescriptorNumbers {
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;

    private DescriptorNumbers() {}

    /** Whether this OS has the POSIX socket()/close() this demonstration calls. */
    public static boolean supported() {
        String os = System.getProperty("os.name").toLowerCase();
        return os.contains("linux") || os.contains("mac");
    }

    // tag::reuse[]
    /** The descriptor numbers of two sockets, the first closed before the second is created. */
    public static int[] socketCloseSocket() throws Throwable {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MethodHandle socket = linker.downcallHandle(
                libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(
                libc.find("close").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        int first = (int) socket.invokeExact(AF_INET, SOCK_STREAM, 0);
        int closed = (int) close.invokeExact(first);
        int second = (int) socket.invokeExact(AF_INET, SOCK_STREAM, 0); // the lowest free number: first's
        int closedToo = (int) close.invokeExact(second);
        if (first < 0 || second < 0 || closed != 0 || closedToo != 0) {
            throw new IllegalStateException("socket()/close() failed: " + first + ", " + second);
        }
        return new int[] {first, second};
    }
    // end::reuse[]
}
