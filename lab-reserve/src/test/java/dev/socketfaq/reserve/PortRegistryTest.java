package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.ChildJvm;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Beyond the FAQ, its author's wish: seat numbers for ports, claimed before anyone binds, that two cannot both win. */
@Timeout(60)
class PortRegistryTest {
    @TempDir
    Path dir;

    // tag::registry[]
    @Test
    void a_claim_names_its_owner_to_the_next_claimant_and_survives_a_restart() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");

        var afterRestart = new PortRegistry(file); // a new process reading the same file
        assertThatThrownBy(() -> afterRestart.claim(8080, "our-server"))
                .isInstanceOf(PortRegistry.PortReservedException.class)
                .hasMessageStartingWith("port 8080 is reserved by apache");
        assertThat(afterRestart.check(8080))
                .get()
                .extracting(PortRegistry.Claim::owner)
                .isEqualTo("apache");
    }

    @Test
    void concurrent_claimants_in_separate_processes_cannot_both_win() throws Exception {
        Path file = dir.resolve("ports.registry");
        List<ChildJvm> children = new ArrayList<>();
        try {
            // JVMs start tens of ms apart and a claim takes about 1 ms: started one by one, they would never meet.
            // So the test holds the registry's own lock while they start; each child finds it taken and says so
            // before it queues. When all four wait, the test lets go, and they race for the lock at the same moment.
            try (var lockFile = FileChannel.open(
                            new PortRegistry(file).lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var held = lockFile.lock()) {
                for (int i = 0; i < 4; i++) {
                    children.add(ChildJvm.start(
                            ReserveLab.class,
                            "claim",
                            "--registry",
                            file.toString(),
                            "--port",
                            "8080",
                            "--owner",
                            "child-" + i));
                }
                for (ChildJvm child : children)
                    child.awaitLine("another process is changing the registry", Duration.ofSeconds(30));
                assertThat(file)
                        .as("the registry, while the test held its lock")
                        .doesNotExist();
            }
            int winners = 0;
            for (ChildJvm child : children) {
                var exit = child.awaitExit(Duration.ofSeconds(30));
                if (exit.code() == Cli.OK) winners++;
                else assertThat(exit.output()).contains("error: port 8080 is reserved by child-");
            }
            assertThat(winners).as("processes that got port 8080").isEqualTo(1);
            assertThat(new PortRegistry(file).list()).hasSize(1);
        } finally {
            for (ChildJvm c : children) c.close();
        }
    }
    // end::registry[]

    // tag::hand-edit[]
    @Test
    void a_hand_edit_between_read_and_replace_is_not_overwritten() throws Exception {
        Path file = dir.resolve("ports.registry");
        new PortRegistry(file).claim(8080, "apache");
        String handClaim = "9090\tdb\t2026-11-25T08:00:00Z\n";
        // someone edits the file by hand (taking no lock) after the claim has read it and before it replaces it
        var racing = new PortRegistry(
                file, message -> {}, () -> Files.writeString(file, handClaim, StandardOpenOption.APPEND));
        String edited = Files.readString(file) + handClaim;

        assertThatThrownBy(() -> racing.claim(7070, "our-server"))
                .isInstanceOf(RegistryFile.RegistryChangedException.class)
                .hasMessage(
                        file + " changed while claiming port 7070 (edited by hand?): nothing was written; try again");
        assertThat(Files.readString(file)).as("the hand edit, kept").isEqualTo(edited);

        new PortRegistry(file).claim(7070, "our-server"); // trying again: read after the edit, nothing to lose
        assertThat(new PortRegistry(file).list())
                .extracting(PortRegistry.Claim::port)
                .containsExactly(7070, 8080, 9090);
    }
    // end::hand-edit[]

    @Test
    void a_release_or_a_first_claim_refuses_a_file_that_changed_meanwhile() throws Exception {
        Path file = dir.resolve("ports.registry");
        String handMade = "8080\tapache\t2026-11-25T08:00:00Z\n";
        // the registry did not exist when the claim read it; someone created it before the claim wrote
        var first = new PortRegistry(file, message -> {}, () -> Files.writeString(file, handMade));
        assertThatThrownBy(() -> first.claim(7070, "x"))
                .isInstanceOf(RegistryFile.RegistryChangedException.class)
                .hasMessageContaining("changed while claiming port 7070");
        assertThat(Files.readString(file)).isEqualTo(handMade);

        new PortRegistry(file).claim(7070, "x");
        String before = Files.readString(file);
        var releasing = new PortRegistry(
                file,
                message -> {},
                () -> Files.writeString(file, "9090\tdb\t2026-11-25T08:00:00Z\n", StandardOpenOption.APPEND));
        assertThatThrownBy(() -> releasing.release(7070, "x"))
                .isInstanceOf(RegistryFile.RegistryChangedException.class)
                .hasMessageContaining("changed while releasing port 7070");
        assertThat(Files.readString(file)).isEqualTo(before + "9090\tdb\t2026-11-25T08:00:00Z\n");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no half-written copy left behind")
                    .containsExactlyInAnyOrder("ports.registry", "ports.registry.lock");
        }
    }
}
