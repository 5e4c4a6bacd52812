package dev.socketfaq.testkit;

/**
 * The claims the Windows Sockets FAQ makes, in the course's own words, by FAQ section. A test that proves one
 * says so with {@link Proves}; the site's Claims page lists every claim with its proving tests and their
 * results in the build that made the page.
 */
public enum FaqClaim {
    // Server port
    CLIENT_MUST_KNOW_PORT(
            1, "Server port", "The client speaks first, to the server's port, so it must know that port."),
    INTERMEDIARIES_PASS_KNOWN_PORTS(
            2, "Server port", "Firewalls and proxies between the two pass only ports they know."),
    FIXED_NUMBER_COLLIDES(3, "Server port", "A fixed port number per service: two servers that want it collide."),
    HIJACK_BREAKS_COEXISTENCE(
            4, "Server port", "Taking another protocol's well-known port breaks coexistence with it."),
    AGREED_PORT_NEEDS_OUT_OF_BAND(
            5, "Server port", "An agreed port needs information passed out of band, and can still collide."),
    PORT_ZERO_NEEDS_DIRECTORY(
            6, "Server port", "Port 0 never collides, but the server must publish it in a well-known place."),
    REUSE_A_SERVER(7, "Server port", "Reusing an existing server, such as a web server, needs no port of one's own."),
    // Reserving a port
    ONLY_BIND_RESERVES(8, "Reserving a port", "Only bind() reserves a port; nothing else holds it for you."),
    EXCLUDED_RANGE_STEERS(9, "Reserving a port", "An excluded range only steers the ports the system assigns."),
    EXPLICIT_BIND_INTO_RANGE(10, "Reserving a port", "An explicit bind into an excluded range still succeeds."),
    // Local address and port
    PORT_KNOWN_AFTER_BIND(11, "Local address and port", "A socket's local port is known as soon as it is bound."),
    WILDCARD_ADDRESS_UNKNOWN(
            12,
            "Local address and port",
            "A socket bound to the wildcard address has no local address until it is connected or accepted."),
    MULTIHOMED_DEPENDS_ON_CONNECTION(
            13, "Local address and port", "On a multihomed host the local address depends on the connection."),
    UDP_UNKNOWN_UNTIL_IO(
            14,
            "Local address and port",
            "A UDP socket's local address is unknown until it is connected: on Linux a send does not fix it."),
    // 200ms delay
    WRITE_WRITE_READ_STALLS(15, "200ms delay", "Write-write-read waits for the receiver's delayed-ACK timer."),
    NAGLE_AND_DELAYED_ACK_RULES(
            16, "200ms delay", "Nagle's two rules and delayed ACK's three decide when data leaves."),
    PROTOCOL_IS_THE_FIX(
            17, "200ms delay", "The fix is the protocol (one write per request); TCP_NODELAY is second best."),
    // Sockets thread-safety
    SOCKET_FROM_ANY_THREAD(18, "Sockets thread-safety", "A socket may be used from any thread."),
    HANDLES_REUSED(
            19, "Sockets thread-safety", "Handle numbers are reused, so a dangling handle reaches another socket."),
    CONCURRENT_WRITES_INTERLEAVE(20, "Sockets thread-safety", "Concurrent writes to one stream interleave."),
    POOLED_COMPLETIONS_REORDER(
            21, "Sockets thread-safety", "Completions on a pool lose their order: sequence numbers restore it."),
    POOLED_WRITES_SERIALISED(22, "Sockets thread-safety", "Writes issued from a pool must be serialised."),
    // Terminating a select() loop
    CLOSE_UNDER_SELECT_IS_WRONG(
            23, "Terminating a select() loop", "Closing a socket under another thread's select() is wrong."),
    SELF_PIPE_WAKES(24, "Terminating a select() loop", "A self-pipe (the selector's wakeup) ends the wait."),
    SIGNAL_WAKES(25, "Terminating a select() loop", "A signal (a thread interrupt) ends the wait."),
    ISOLATE_PLATFORM_LOOP(
            26, "Terminating a select() loop", "Isolate the platform-dependent loop behind one interface.");

    private final int id;
    private final String section;
    private final String text;

    FaqClaim(int id, String section, String text) {
        this.id = id;
        this.section = section;
        this.text = text;
    }

    /** The claim's number, 1..26, as the Claims page and the lab pages cite it ({@code claims.html#claim-15}). */
    public int id() {
        return id;
    }

    /** The FAQ section the claim comes from, by name. */
    public String section() {
        return section;
    }

    /** The claim in one sentence. */
    public String text() {
        return text;
    }
}
