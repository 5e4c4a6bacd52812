package dev.socketfaq.testkit;

/**
 * One TCP segment as a capture saw it: when (microseconds since the capture's first segment), from where to where,
 * its flags in tcpdump's letters ({@code S}, {@code F}, {@code R}, {@code P}, {@code .} for ACK), sequence and
 * acknowledgement numbers, and the bytes of data it carried.
 */
public record Segment(
        long micros, String src, int srcPort, String dst, int dstPort, String flags, long seq, long ack, int length) {

    public boolean syn() {
        return flags.contains("S");
    }

    /** A SYN without ACK: the first segment of a connection, sent by the side that connects. */
    public boolean opening() {
        return syn() && !flags.contains(".");
    }

    public boolean fin() {
        return flags.contains("F");
    }

    public boolean rst() {
        return flags.contains("R");
    }

    /** {@code address:port} of the sender. */
    public String from() {
        return src + ":" + srcPort;
    }

    /** {@code address:port} of the receiver. */
    public String to() {
        return dst + ":" + dstPort;
    }

    /** One line, as tcpdump prints it: {@code 0.000123 10.0.0.2:40000 > 10.0.0.3:7010 [S] seq 1 ack 0 len 0}. */
    @Override
    public String toString() {
        return String.format(
                "%d.%06d %s > %s [%s] seq %d ack %d len %d",
                micros / 1_000_000, micros % 1_000_000, from(), to(), flags, seq, ack, length);
    }
}
