package dev.socketfaq.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.testkit.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The port registry against a hostile or damaged file: whatever the file holds, reading it either gives claims
 * within the rules (ports 1..65535, an owner) or a clear "corrupt" error, and the registry never rewrites a file it
 * could not read (someone may want to repair it by hand).
 */
class HostileInputProperties {
    static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("registry-properties");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Property(tries = 300)
    void a_damaged_registry_is_reported_never_misread_or_overwritten(@ForAll("contents") byte[] content)
            throws IOException {
        Path file = dir.resolve("ports.registry");
        Files.write(file, content);
        var registry = new PortRegistry(file);
        try {
            assertThat(registry.list()).allSatisfy(c -> {
                assertThat(c.port()).isBetween(1, 65535);
                assertThat(c.owner()).isNotBlank();
            });
        } catch (RegistryFile.RegistryCorruptException corrupt) {
            assertThat(corrupt).hasMessageContaining(file.toString());
            try {
                registry.claim(8080, "someone");
                throw new AssertionError("a claim was accepted into a registry that could not be read");
            } catch (RegistryFile.RegistryCorruptException expected) {
                assertThat(Arrays.equals(Files.readAllBytes(file), content))
                        .as("the corrupt file is left as it was")
                        .isTrue();
            }
        }
    }

    /**
     * Whatever a student types as an owner, the registry stays readable: the claim is either refused as a usage error
     * (exit 2, nothing written) or kept, and then read back as the very same name, and the next claim still works.
     */
    @Property(tries = 300)
    void no_owner_makes_the_registry_unreadable(@ForAll("owners") String owner) throws IOException {
        Path file = dir.resolve("owners.registry");
        Files.deleteIfExists(file);
        var run = CliRun.run(
                new ReserveLab(), "claim", "--registry", file.toString(), "--port", "9000", "--owner=" + owner);
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isIn(Cli.OK, Cli.USAGE);
        var registry = new PortRegistry(file);
        if (run.exitCode() == Cli.USAGE) {
            // the lab's own check, or picocli's for an owner it reads as an option marker ("--owner=--")
            assertThat(run.errorLine())
                    .satisfiesAnyOf(
                            line -> assertThat(line).startsWith("error: an owner is a"),
                            line -> assertThat(line).startsWith("error: Expected parameter for option '--owner'"));
            assertThat(file).as("a refused claim writes nothing").doesNotExist();
        } else {
            assertThat(registry.list()).extracting(PortRegistry.Claim::owner).containsExactly(owner);
        }
        registry.claim(9001, "next"); // throws RegistryCorruptException if the first claim damaged the file
        assertThat(registry.list()).extracting(PortRegistry.Claim::port).endsWith(9001);
    }

    @Provide
    Arbitrary<String> owners() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20), // any char, surrogates and controls included
                Arbitraries.strings()
                        .withChars("\r\n\t\u0000\u0085\u2028\u2029\u001b\u007f\uD800\uFEFF #=@-ab")
                        .ofMaxLength(6),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> s + "\r" + s));
    }

    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 70_000).map(p -> p + "\towner\t2026-01-01T00:00:00Z"),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("\t 0123456789abc:-TZ").ofMaxLength(40),
                Arbitraries.just("8080\tapache\t2026-11-25T08:00:00Z"));
        Arbitrary<byte[]> lines =
                line.list().ofMaxSize(6).map(ls -> String.join("\n", ls).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(garbage, lines);
    }
}
