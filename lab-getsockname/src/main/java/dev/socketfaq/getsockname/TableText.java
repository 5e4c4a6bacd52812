package dev.socketfaq.getsockname;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Locale;

/** The state table and the callbacks as lines for people and for scripts. */
public final class TableText {

    private TableText() {}

    /** One row: an IPv4 address as is, an IPv6 one in brackets, and whether port and address are known. */
    public static String row(Row r) {
        if (!r.measured()) return String.format("%-10s %-12s %s", r.family().label(), r.socket(), r.state());
        String a = r.address() instanceof Inet4Address || r.address() == null
                ? r.addressText()
                : "[" + r.addressText() + "]";
        return String.format(
                "%-10s %-12s %-62s %-18s %6d   port %s, address %s",
                r.family().label(),
                r.socket(),
                r.state(),
                a,
                r.port(),
                r.portKnown() ? "known" : "unknown",
                r.addressKnown() ? "known" : "unknown");
    }

    /** What a UDP socket knew after sending and after connecting, in two lines. */
    public static String udp(UdpSource s) {
        return String.format(
                "UDP on the wildcard, after an unconnected send: it reports %s (the datagram left from %s)%n"
                        + "UDP after connect(): it reports %s; datagrams connect() sent: %d",
                text(s.afterSend()), s.sourceOfSend().getHostAddress(), text(s.afterConnect()), s.sentByConnect());
    }

    /** The demo's verdict: the fix's clients it was right for, and the broken modes' it was wrong for. */
    public static String verdict(CallbackDemo.Verdict v) {
        return String.format(
                "verdict: the accepted connection's address was right for %d of %d clients; the broken modes were"
                        + " wrong for %d of %d",
                v.right(), v.fixed(), v.wrong(), v.broken());
    }

    /** Why the demo failed: the fix was wrong for some of its clients. */
    public static String failure(CallbackDemo.Verdict v) {
        return String.format(
                "the fix failed: the accepted connection's address was wrong for %d of %d clients",
                v.fixed() - v.right(), v.fixed());
    }

    /** One line per call, for people. */
    public static String describe(CallbackClient.Call c) {
        return String.format(
                "%-10s %-8s  dialed %-21s  me %-15s  told %-21s  %s",
                c.mode().label(),
                "(" + kind(c.mode()) + ")",
                text(c.dialed()),
                c.me().getAddress().getHostAddress(),
                text(c.told()),
                c.calledBack()
                        ? (c.toldWhatWasDialed() ? "called back" : "called back, but on an address it never dialed")
                        : "CANNOT CALL BACK: " + c.problem());
    }

    /** One line per call, for tests and scripts: {@code RESULT key=value ... problem=<rest of the line>}. */
    public static String result(CallbackClient.Call c) {
        return "RESULT mode=" + c.mode().label() + " dialed=" + text(c.dialed()) + " me="
                + text(c.me()) + " told=" + text(c.told()) + " told-what-was-dialed="
                + c.toldWhatWasDialed() + " called-back=" + c.calledBack()
                + (c.calledBack() ? "" : " problem=" + c.problem());
    }

    /** "broken" or "fixed", as the output prints it. */
    public static String kind(Mode m) {
        return m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code address:port}, or {@code none} where the server told no address. */
    public static String text(InetSocketAddress a) {
        if (a == null) return "none";
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
