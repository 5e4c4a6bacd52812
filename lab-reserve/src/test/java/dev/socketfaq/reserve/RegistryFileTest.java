package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registry file's hardening: a damaged file is reported with its line and left as it was. */
@Timeout(30)
class RegistryFileTest {
    @TempDir
    Path dir;

    @Test
    void a_corrupt_registry_is_reported_and_left_untouched() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");
        Files.writeString(file, "this is not a claim\n", StandardOpenOption.APPEND);
        String before = Files.readString(file);
        assertThatThrownBy(() -> new PortRegistry(file).claim(9090, "db"))
                .isInstanceOf(RegistryFile.RegistryCorruptException.class)
                .hasMessageContaining("line 3 is corrupt ('this is not a claim')")
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void two_lines_for_one_port_are_corrupt_and_left_untouched() throws Exception {
        Path file = dir.resolve("ports.registry");
        String twoOwners = "# port\towner\tsince\n8080\tapache\t2026-11-25T08:00:00Z\n9090\tdb\t2026-11-25T08:00:00Z\n"
                + "8080\tnginx\t2026-11-26T08:00:00Z\n"; // a hand edit, or a merge of two copies
        Files.writeString(file, twoOwners);
        for (var attempt : List.<ThrowingCallable>of(
                () -> new PortRegistry(file).list(), () -> new PortRegistry(file).check(8080),
                () -> new PortRegistry(file).claim(7070, "x"), () -> new PortRegistry(file).release(9090, "db"))) {
            assertThatThrownBy(attempt)
                    .isInstanceOf(RegistryFile.RegistryCorruptException.class)
                    .hasMessageContaining("lines 2 and 4 both claim port 8080")
                    .hasMessageContaining(
                            "'8080\tapache\t2026-11-25T08:00:00Z' and '8080\tnginx\t2026-11-26T08:00:00Z'")
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(Files.readString(file)).as("nothing lost or rewritten").isEqualTo(twoOwners);
    }
}
