package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A class of 300 students (600 connections) against one server on loopback: everyone is served, nobody is
 * refused, and the figures go to the lab's page. Runs in the full build ({@code verify}), not a student's loop.
 */
@Timeout(120)
class ClassroomIT {
    static final int STUDENTS = 300;

    @Test
    void a_class_of_300_is_served_in_full() throws Exception {
        Classroom.Result r;
        try (var server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {})) {
            r = new Classroom(server.address(), STUDENTS, Duration.ofMillis(500), Duration.ofSeconds(4), line -> {})
                    .run();
            assertThat(server.refused()).isZero();
        }
        ClassroomCommand.evidence(r, "loopback, in the build");
        assertThat(r.connectionsHeld()).isEqualTo(2 * STUDENTS);
        assertThat(r.refused()).isZero();
        assertThat(r.errors()).as("first errors: %s", r.firstErrors()).isZero();
        // the lesson survives the room: every split write still waits for the ACK, no one-write request does
        assertThat(r.broken().medianMs()).isGreaterThan(Room.STALLED_GAP_MS * 10);
        assertThat(r.broken().medianMs() / r.fixed().medianMs()).isGreaterThan(10);
    }
}
