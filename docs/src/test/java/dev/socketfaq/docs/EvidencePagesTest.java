package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rules the docs build enforces on every page, each shown failing on a page that breaks it. */
@Timeout(30)
class EvidencePagesTest {
    @TempDir Path root;
    Path fragments;

    @BeforeEach
    void aRepositoryWithOneCompiledSource() throws IOException {
        Files.createDirectories(root.resolve("lab-x/src/main/java/x"));
        Files.writeString(root.resolve("lab-x/src/main/java/x/A.java"), "// tag::a[]\nclass A {}\n// end::a[]\n");
        fragments = Files.createDirectories(root.resolve("fragments"));
    }

    @Test
    void a_tagged_include_of_a_compiled_source_passes() throws IOException {
        assertThat(check("[source,java]\n----\ninclude::{root}/lab-x/src/main/java/x/A.java[tag=a,indent=0]\n----\n")).isEmpty();
    }

    @Test
    void pasted_code_fails() throws IOException {
        assertThat(check("[source,java]\n----\nclass Pasted {}\n----\n")).singleElement().asString().contains("pasted code");
    }

    @Test
    void shell_commands_for_the_reader_are_not_code_of_the_labs() throws IOException {
        assertThat(check("[source,shell]\n----\n./lab x demo\n----\n")).isEmpty();
    }

    @Test
    void an_include_without_a_tag_or_outside_the_sources_fails() throws IOException {
        assertThat(check("include::{root}/lab-x/src/main/java/x/A.java[]\n")).singleElement().asString().contains("without tag=");
        assertThat(check("include::{root}/lab-x/pom.xml[tag=a]\n")).singleElement().asString().contains("only from a module's src/main/java");
        assertThat(check("include::{root}/lab-x/src/main/java/x/Gone.java[tag=a]\n")).singleElement().asString().contains("no such file");
    }

    @Test
    void evidence_that_was_not_measured_fails_unless_allowed() throws IOException {
        String page = "include::{evidence}/lab-x/latency.adoc[]\n";
        assertThat(check(page)).singleElement().asString().contains("was not measured by this build");
        Path p = Files.writeString(root.resolve("page.adoc"), page);
        assertThat(EvidencePages.check(root, p, fragments, true)).isEmpty();
        assertThat(fragments.resolve("lab-x/latency.adoc")).content().contains("Not measured in this build");
    }

    @Test
    void a_lab_headline_comes_from_its_evidence_and_contract_outcomes_come_last() throws IOException {
        Path evidence = Files.createDirectories(root.resolve("lab-x/target/evidence"));
        Files.writeString(evidence.resolve("contract-outcomes.json"), "{\"title\":\"Contract\",\"headline\":\"from the contract\"}");
        assertThat(EvidencePages.headline(evidence)).contains("from the contract");
        Files.writeString(evidence.resolve("zz-latency.json"), "{\"title\":\"Latency\",\"headline\":\"broken *44 ms*\"}");
        assertThat(EvidencePages.headline(evidence)).isEqualTo("broken *44 ms* (Latency)");
        Files.delete(evidence.resolve("zz-latency.json"));
        Files.delete(evidence.resolve("contract-outcomes.json"));
        assertThat(EvidencePages.headline(evidence)).isNull();
    }

    @Test
    void a_lab_without_a_headline_is_a_problem_for_the_index() throws IOException {
        var problems = new ArrayList<String>();
        String attributes = EvidencePages.headlines(root, root.resolve("pages"), false, problems);
        assertThat(problems).hasSize(EvidencePages.LABS.size()).allMatch(p -> p.contains("no evidence with a headline"));
        assertThat(attributes).contains(":page-nagle: lab-nagle (page to come)");
    }

    @Test
    void evidence_of_an_earlier_build_fails_this_one_and_is_marked_when_allowed() throws IOException {
        evidence("latency", "2020-01-01T00:00:00Z", "");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        Instant buildStart = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(run(false, buildStart)).anyMatch(p -> p.contains("lab-x/target/evidence/latency.json is from an earlier build (measured at 2020-01-01T00:00:00Z)"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).doesNotExist();

        assertThat(run(true, buildStart)).isEmpty();
        assertThat(fragments.resolve("lab-x/latency.adoc")).content().contains("Measured by an earlier build, at 2020-01-01T00:00:00Z");
    }

    @Test
    void evidence_measured_in_this_build_passes() throws IOException {
        evidence("latency", "2026-01-01T00:00:01Z", "");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.parse("2026-01-01T00:00:00Z"))).noneMatch(p -> p.contains("latency"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).content().contains("_Measured by this build on");
    }

    @Test
    void evidence_a_test_could_not_measure_here_says_why() throws IOException {
        evidence("latency", "2026-01-01T00:00:01Z", ", \"notMeasured\": \"It needs Docker.\"");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.parse("2026-01-01T00:00:00Z"))).noneMatch(p -> p.contains("latency"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).content().contains("not measured in this build. It needs Docker.");
    }

    @Test
    void fragments_of_an_earlier_build_are_removed_first() throws IOException {
        Files.createDirectories(fragments.resolve("lab-x"));
        Files.writeString(fragments.resolve("lab-x/latency.adoc"), "an earlier build's table\n");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.EPOCH)).anyMatch(p -> p.contains("lab-x/latency.json was not measured by this build"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).doesNotExist();
    }

    private void evidence(String id, String measuredAt, String extra) throws IOException {
        Files.createDirectories(root.resolve("lab-x/target/evidence"));
        Files.writeString(root.resolve("lab-x/target/evidence/" + id + ".json"), """
                {"lab": "lab-x", "id": "%s", "title": "Latency", "figures": [{"name": "broken", "value": 44.0, "unit": "ms"}],
                 "environment": {"jdk": "25", "os": "Linux", "arch": "amd64", "cores": 2, "measuredAt": "%s"}%s}
                """.formatted(id, measuredAt, extra));
    }

    private void page(String content) throws IOException {
        Files.createDirectories(root.resolve("docs/src/docs/asciidoc/labs"));
        Files.writeString(root.resolve("docs/src/docs/asciidoc/labs/x.adoc"), content);
    }

    private java.util.List<String> run(boolean allowMissing, Instant buildStart) throws IOException {
        return EvidencePages.run(root, fragments, root.resolve("charts"), allowMissing, root.resolve("docs/src/docs/asciidoc/labs"), buildStart);
    }

    private java.util.List<String> check(String content) throws IOException {
        Path page = Files.writeString(root.resolve("page.adoc"), content);
        return EvidencePages.check(root, page, fragments, false);
    }
}
