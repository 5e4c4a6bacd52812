package dev.socketfaq.testkit;

import io.pkts.Pcap;
import io.pkts.framer.FramingException;
import io.pkts.packet.IPPacket;
import io.pkts.packet.Packet;
import io.pkts.packet.TCPPacket;
import io.pkts.protocol.Protocol;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a pcap file into its TCP segments, in capture order, with the pure-Java reader pkts. */
public final class Segments {

    private Segments() {}

    /** Every TCP segment of {@code pcap}, timed from the first one. */
    public static List<Segment> read(Path pcap) {
        var segments = new ArrayList<Segment>();
        long[] first = {-1};
        // pkts' own close() does not close a stream it opened from a File, so the stream is ours to close.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pcap))) {
            Pcap.openStream(in).loop(packet -> {
                if (packet.hasProtocol(Protocol.TCP)) segments.add(segment(packet, first));
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pcap, e);
        } catch (FramingException e) {
            throw new IllegalStateException("not a pcap file this reader frames: " + pcap, e);
        }
        return segments;
    }

    private static Segment segment(Packet packet, long[] first) throws IOException {
        var tcp = (TCPPacket) packet.getPacket(Protocol.TCP);
        IPPacket ip = tcp.getParentPacket();
        if (first[0] < 0) first[0] = packet.getArrivalTime();
        return new Segment(
                packet.getArrivalTime() - first[0],
                ip.getSourceIP(),
                tcp.getSourcePort(),
                ip.getDestinationIP(),
                tcp.getDestinationPort(),
                flags(tcp),
                tcp.getSequenceNumber(),
                tcp.getAcknowledgementNumber(),
                dataLength(ip, tcp));
    }

    /**
     * The bytes of data the segment carried, from its IP and TCP headers: right also in a capture that kept only
     * the headers of each packet (a small snapshot length), where the payload captured is shorter.
     */
    static int dataLength(IPPacket ip, TCPPacket tcp) {
        return ip.getTotalIPLength() - ip.getHeaderLength() - tcp.getHeaderLength();
    }

    private static String flags(TCPPacket tcp) {
        var f = new StringBuilder();
        if (tcp.isSYN()) f.append('S');
        if (tcp.isFIN()) f.append('F');
        if (tcp.isRST()) f.append('R');
        if (tcp.isPSH()) f.append('P');
        if (tcp.isACK()) f.append('.');
        return f.toString();
    }

    /**
     * Whether every connection that opened in {@code segments} (a SYN without ACK) has also ended: a FIN from each
     * side, or a reset. A capture stopped before that point would miss the end of a connection.
     */
    public static boolean allClosed(List<Segment> segments) {
        Set<String> ended = new HashSet<>();
        for (Segment s : segments) {
            if (s.fin()) ended.add(s.from() + ">" + s.to());
            if (s.rst()) {
                ended.add(s.from() + ">" + s.to());
                ended.add(s.to() + ">" + s.from());
            }
        }
        return segments.stream()
                .filter(Segment::opening)
                .allMatch(s -> ended.contains(s.from() + ">" + s.to()) && ended.contains(s.to() + ">" + s.from()));
    }

    /**
     * One segment as a step of a sequence diagram ({@code Evidence.capture}): who sent it to whom ({@code names}: IP
     * address to the name drawn), when in milliseconds since {@code zeroMicros}, its flags, length and a label.
     */
    public static Map<String, Object> step(Segment s, long zeroMicros, Map<String, String> names, String label) {
        var step = new LinkedHashMap<String, Object>();
        step.put("from", names.getOrDefault(s.src(), s.src()));
        step.put("to", names.getOrDefault(s.dst(), s.dst()));
        step.put("ms", Math.round((s.micros() - zeroMicros) / 10.0) / 100.0);
        step.put("flags", s.flags());
        step.put("len", s.length());
        step.put("label", label);
        return step;
    }

    /** A section title between the steps of a sequence diagram. */
    public static Map<String, Object> section(String title) {
        return Map.of("section", title);
    }
}
