package dev.socketfaq.nagle;

/**
 * How long a receiver holds back a lone ACK, per OS: the length of the stall in the FAQ's "200ms delay".
 * Linux: 40 ms minimum ({@code TCP_DELACK_MIN}); macOS: about 100 ms; Windows: 200 ms (the FAQ's figure).
 */
public final class DelayedAckTimer {
    private DelayedAckTimer() {}

    /** The shortest delayed-ACK wait on this OS, in milliseconds. */
    public static double minimumMs() {
        String os = System.getProperty("os.name").toLowerCase();
        if (os.contains("win")) return 200;
        if (os.contains("mac")) return 100;
        return 40;
    }

    public static boolean isLinux() {
        return System.getProperty("os.name").toLowerCase().contains("linux");
    }
}
