package dev.socketfaq.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketfaq.kit.MutationCheck.Mutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class MutationCheckTest {
    static final Mutant KILLED = new Mutant(
            "dev.x.fixed.Client", "call", "NonVoidMethodCallMutator", 26, "KILLED", true, "removed call to write");
    static final Mutant TIMED_OUT =
            new Mutant("dev.x.fixed.Client", "call", "InlineConstantMutator", 27, "TIMED_OUT", true, "0 with 1");
    static final Mutant CLOSE = new Mutant(
            "dev.x.fixed.Client", "close", "VoidMethodCallMutator", 33, "SURVIVED", false, "removed call to close");
    static final Mutant UNCOVERED = new Mutant(
            "dev.x.broken.Loop", "<init>", "InlineConstantMutator", 12, "NO_COVERAGE", false, "Substituted 0 with 1");

    @Test
    void an_unlisted_survivor_fails_naming_the_mutant_as_a_line_to_list() {
        var r = MutationCheck.check("lab-x", List.of(KILLED, CLOSE), List.of());
        assertThat(r.errors())
                .singleElement()
                .asString()
                .contains("lab-x: 1 surviving mutant(s)")
                .contains("dev.x.fixed.Client close VoidMethodCallMutator 33 | <reason>")
                .contains("removed call to close");
        assertThat(r.survivedUnlisted()).isEqualTo(1);
    }

    @Test
    void a_mutant_no_proof_covers_counts_as_a_survivor() {
        var r = MutationCheck.check("lab-x", List.of(UNCOVERED), List.of());
        assertThat(r.errors()).singleElement().asString().contains("no proof runs this line");
        assertThat(r.noCoverage()).isEqualTo(1);
    }

    @Test
    void a_listed_survivor_passes_and_is_counted_with_its_reason() {
        var r = MutationCheck.check(
                "lab-x",
                List.of(KILLED, TIMED_OUT, CLOSE),
                List.of(
                        "# equivalent mutants of lab-x",
                        "",
                        "dev.x.fixed.Client  close VoidMethodCallMutator 33 |  close is idempotent here "));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.killed()).isEqualTo(2);
        assertThat(r.survivedListed()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(3);
        assertThat(r.listed())
                .containsExactly(List.of(
                        "dev.x.fixed.Client", "close", "VoidMethodCallMutator", 33, "close is idempotent here"));
    }

    @Test
    void a_listed_line_without_a_reason_fails() {
        var r = MutationCheck.check(
                "lab-x", List.of(CLOSE), List.of("dev.x.fixed.Client close VoidMethodCallMutator 33 |   "));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("line 1: no reason"));
        var bare = MutationCheck.check(
                "lab-x", List.of(CLOSE), List.of("dev.x.fixed.Client close VoidMethodCallMutator 33"));
        assertThat(bare.errors()).anySatisfy(e -> assertThat(e).contains("no reason"));
    }

    @Test
    void a_malformed_line_fails() {
        var r = MutationCheck.check("lab-x", List.of(), List.of("dev.x.fixed.Client close 33 | a reason"));
        assertThat(r.errors()).singleElement().asString().contains("line 1: not '<mutatedClass>");
    }

    @Test
    void a_stale_line_is_only_a_warning() {
        var r = MutationCheck.check(
                "lab-x", List.of(KILLED), List.of("dev.x.fixed.Client call NonVoidMethodCallMutator 26 | was needed"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("stale line")
                .contains("call");
    }

    @Test
    void the_score_is_a_table_of_counts_or_not_measured_when_pit_did_not_run(@TempDir Path dir) throws IOException {
        var r = MutationCheck.check(
                "lab-x",
                List.of(KILLED, TIMED_OUT, CLOSE),
                List.of("dev.x.fixed.Client close VoidMethodCallMutator 33 | close is idempotent here"));
        JsonNode measured = new ObjectMapper()
                .readTree(writeIn(dir.resolve("measured"), MutationCheck.evidence(r))
                        .toFile());
        assertThat(measured.has("notMeasured")).isFalse();
        assertThat(measured.has("table"))
                .as("the reasons stay in the lab's list")
                .isFalse();
        assertThat(measured.findValuesAsText("name")).contains("killed", "total", "mutation score");
        assertThat(measured.path("figures").findValues("value"))
                .extracting(JsonNode::asDouble)
                .contains(2.0, 3.0);
        JsonNode skipped = new ObjectMapper()
                .readTree(writeIn(dir.resolve("skipped"), MutationCheck.notMeasured())
                        .toFile());
        assertThat(skipped.path("notMeasured").asText()).contains("-Dlabs.mutation=true");
    }

    private static Path writeIn(Path dir, Evidence evidence) {
        String before = System.getProperty("labs.evidenceDir");
        System.setProperty("labs.evidenceDir", dir.toString());
        try {
            return evidence.write();
        } finally {
            if (before == null) System.clearProperty("labs.evidenceDir");
            else System.setProperty("labs.evidenceDir", before);
        }
    }

    @Test
    void reads_pit_reports(@TempDir Path dir) throws IOException {
        Path xml = dir.resolve("mutations.xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <mutations partial="true">
                <mutation detected='false' status='SURVIVED' numberOfTestsRun='6'><sourceFile>C.java</sourceFile>\
                <mutatedClass>dev.x.fixed.C</mutatedClass><mutatedMethod>&lt;init&gt;</mutatedMethod>\
                <methodDescription>()V</methodDescription><lineNumber>18</lineNumber>\
                <mutator>org.pitest.mutationtest.engine.gregor.mutators.InlineConstantMutator</mutator>\
                <indexes><index>9</index></indexes><blocks><block>1</block></blocks><killingTest/>\
                <description>Substituted 0 with 1</description></mutation>
                <mutation detected='true' status='KILLED' numberOfTestsRun='1'><sourceFile>C.java</sourceFile>\
                <mutatedClass>dev.x.fixed.C</mutatedClass><mutatedMethod>call</mutatedMethod>\
                <methodDescription>()V</methodDescription><lineNumber>26</lineNumber>\
                <mutator>org.pitest.mutationtest.engine.gregor.mutators.RemoveConditionalMutator_EQUAL_ELSE</mutator>\
                <indexes><index>1</index></indexes><blocks><block>1</block></blocks><killingTest>t</killingTest>\
                <description>removed conditional</description></mutation>
                </mutations>
                """);
        assertThat(MutationCheck.read(xml))
                .containsExactly(
                        new Mutant(
                                "dev.x.fixed.C",
                                "<init>",
                                "InlineConstantMutator",
                                18,
                                "SURVIVED",
                                false,
                                "Substituted 0 with 1"),
                        new Mutant(
                                "dev.x.fixed.C",
                                "call",
                                "RemoveConditionalMutator_EQUAL_ELSE",
                                26,
                                "KILLED",
                                true,
                                "removed conditional"));
    }
}
