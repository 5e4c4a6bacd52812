package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Segments reads a capture tcpdump could have written, and lets go of the file when it is done. */
@Timeout(30)
class SegmentsTest {
    private static final int SYN = 0x02, FIN = 0x01, PSH = 0x08, ACK = 0x10;

    @TempDir
    Path dir;

    @Test
    void reads_each_tcp_segment_with_its_flags_ports_and_length() throws IOException {
        Path pcap = write(
                packet(0, "10.0.0.2", 40000, "10.0.0.3", 7010, SYN, 0),
                packet(150, "10.0.0.3", 7010, "10.0.0.2", 40000, SYN | ACK, 0),
                packet(300, "10.0.0.2", 40000, "10.0.0.3", 7010, PSH | ACK, 5));

        var segments = Segments.read(pcap);

        assertThat(segments)
                .extracting(Segment::toString)
                .containsExactly(
                        "0.000000 10.0.0.2:40000 > 10.0.0.3:7010 [S] seq 1 ack 0 len 0",
                        "0.000150 10.0.0.3:7010 > 10.0.0.2:40000 [S.] seq 1 ack 0 len 0",
                        "0.000300 10.0.0.2:40000 > 10.0.0.3:7010 [P.] seq 1 ack 0 len 5");
        assertThat(Segments.allClosed(segments)).as("no FIN yet").isFalse();
    }

    @Test
    void a_connection_is_closed_once_each_side_sent_its_fin() throws IOException {
        Path pcap = write(
                packet(0, "10.0.0.2", 40000, "10.0.0.3", 7010, SYN, 0),
                packet(10, "10.0.0.2", 40000, "10.0.0.3", 7010, FIN | ACK, 0),
                packet(20, "10.0.0.3", 7010, "10.0.0.2", 40000, FIN | ACK, 0));

        assertThat(Segments.allClosed(Segments.read(pcap))).isTrue();
    }

    // A capture with a small snapshot length keeps the headers only: the length comes from the IP and TCP headers.
    @Test
    void reads_the_length_of_a_segment_whose_data_the_capture_did_not_keep() throws IOException {
        Path pcap = write(headersOnly(packet(0, "10.0.0.3", 7010, "10.0.0.2", 40000, PSH | ACK, 1000)));

        assertThat(Segments.read(pcap))
                .singleElement()
                .extracting(Segment::length)
                .isEqualTo(1000);
    }

    // Descriptors are counted right away: a stream left for the garbage collector would still be open here.
    @Test
    void closes_the_file_it_read() throws IOException {
        Path pcap = write(packet(0, "10.0.0.2", 40000, "10.0.0.3", 7010, SYN, 0));

        for (int i = 0; i < 3; i++) Segments.read(pcap);

        assertThat(descriptorsOpenOn(pcap)).isZero();
    }

    private static long descriptorsOpenOn(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(real);
                        } catch (IOException | UnsupportedOperationException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    private Path write(byte[]... packets) throws IOException {
        var out = ByteBuffer.allocate(
                        24 + Arrays.stream(packets).mapToInt(p -> p.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
        out.putInt(65535).putInt(1); // snap length; link type Ethernet
        for (byte[] p : packets) out.put(p);
        Path file = dir.resolve("capture.pcap");
        Files.write(file, Arrays.copyOf(out.array(), out.position()));
        return file;
    }

    /** A pcap record holding one Ethernet frame with an IPv4 TCP segment, sequence number 1, no options. */
    private static byte[] packet(int micros, String src, int srcPort, String dst, int dstPort, int flags, int length) {
        int frame = 14 + 20 + 20 + length;
        var b = ByteBuffer.allocate(16 + frame);
        b.order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1_700_000_000)
                .putInt(micros)
                .putInt(frame)
                .putInt(frame);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + 20 + length))
                .putShort((short) 0)
                .putShort((short) 0);
        b.put((byte) 64).put((byte) 6).putShort((short) 0).put(ipv4(src)).put(ipv4(dst));
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0);
        b.put((byte) 0x50)
                .put((byte) flags)
                .putShort((short) 65535)
                .putShort((short) 0)
                .putShort((short) 0);
        b.put(new byte[length]);
        return b.array();
    }

    /** The record cut after its Ethernet, IP and TCP headers, as tcpdump -s 54 keeps it; the original length stays. */
    private static byte[] headersOnly(byte[] record) {
        int kept = 14 + 20 + 20;
        var b = ByteBuffer.wrap(Arrays.copyOf(record, 16 + kept)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8, kept);
        return b.array();
    }

    private static byte[] ipv4(String dotted) {
        var parts = dotted.split("\\.");
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++) bytes[i] = (byte) Integer.parseInt(parts[i]);
        return bytes;
    }
}
