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
    @TempDir
    Path root;

    Path fragments;

    @BeforeEach
    void aRepositoryWithOneCompiledSource() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project><modules><module>lab-x</module></modules></project>\n");
        Files.createDirectories(root.resolve("lab-x/src/main/java/x"));
        Files.writeString(root.resolve("lab-x/src/main/java/x/A.java"), "// tag::a[]\nclass A {}\n// end::a[]\n");
        fragments = Files.createDirectories(root.resolve("fragments"));
    }

    @Test
    void a_tagged_include_of_a_compiled_source_passes() throws IOException {
        assertThat(check("[source,java]\n----\ninclude::{root}/lab-x/src/main/java/x/A.java[tag=a,indent=0]\n----\n"))
                .isEmpty();
    }

    // --- pasted code: every form Asciidoctor renders pre-formatted, each failing with its message ---------------

    @Test
    void pasted_code_fails() throws IOException {
        assertThat(check("[source,java]\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
    }

    @Test
    void a_source_block_with_the_style_left_out_fails() throws IOException {
        assertThat(check("[,java]\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
    }

    @Test
    void a_bare_listing_block_fails() throws IOException {
        assertThat(check("Some text.\n\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:4: pasted code in a listing block: include a tagged region of a compiled file instead");
    }

    @Test
    void a_literal_block_fails() throws IOException {
        assertThat(check("....\nclass Pasted {}\n....\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:2: pasted code in a listing block: include a tagged region of a compiled file instead");
        assertThat(check("[source,java]\n......\nclass Pasted {}\n......\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
    }

    @Test
    void a_source_paragraph_without_delimiters_fails() throws IOException {
        assertThat(check("Text.\n[source,java]\nclass Pasted {}\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
        assertThat(check("[literal]\nclass Pasted {}\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:2: pasted code in a literal block: include a tagged region of a compiled file instead");
        assertThat(check("[listing]\nclass Pasted {}\n"))
                .singleElement()
                .asString()
                .startsWith("page.adoc:2: pasted code in a listing block");
    }

    @Test
    void a_listing_with_five_or_more_dashes_fails() throws IOException {
        assertThat(check("[source,java]\n-----\nclass Pasted {}\n----\nstill inside\n-----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
        assertThat(check("----------\nclass Pasted {}\n----------\n"))
                .singleElement()
                .asString()
                .startsWith("page.adoc:2: pasted code");
    }

    @Test
    void a_title_or_anchor_between_the_attributes_and_the_block_does_not_hide_it() throws IOException {
        assertThat(check("[source,java]\n.The code\n[[code]]\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:5: pasted code in a source,java block: include a tagged region of a compiled file instead");
        // Asciidoctor skips blank lines between a block's attributes and the block
        assertThat(check("[source,java]\n\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:4: pasted code in a source,java block: include a tagged region of a compiled file instead");
        assertThat(check("[plantuml,why,svg]\n\n....\nclient -> server : write(header)\n....\n"))
                .isEmpty();
    }

    @Test
    void java_in_a_text_block_fails() throws IOException {
        assertThat(check("[source,text]\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,text block: include a tagged region of a compiled file instead");
    }

    @Test
    void java_in_a_shell_block_fails() throws IOException {
        assertThat(check("[source,shell]\n----\n./lab x demo\nclass Pasted {\n}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:4: not a command line in a source,shell block (braces): pasted code; include a tagged region of a compiled file instead");
        assertThat(check("[source,console]\n----\n$ ./lab x demo\nsocket.setTcpNoDelay(true)\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:4: not a command line in a source,console block (a method or constructor call, or a lambda): pasted code; include a tagged region of a compiled file instead");
        assertThat(commandProblem("out.write(header);"))
                .isEqualTo("a ';': Java statements end in one; chain commands with &&");
        assertThat(commandProblem("import java.net.Socket")).isEqualTo("an import or package declaration");
        assertThat(commandProblem("final class Pasted")).isEqualTo("a type declaration");
        assertThat(commandProblem("@Test")).isEqualTo("an annotation");
        assertThat(commandProblem("return socket")).isEqualTo("starts with the Java keyword 'return'");
        assertThat(commandProblem("Socket s = listener.accept()")).isEqualTo("a variable declaration");
        assertThat(commandProblem("int n = in.read(buffer)")).isEqualTo("a variable declaration");
        assertThat(commandProblem("var out = new BufferedOutputStream(raw)"))
                .isEqualTo("starts with the Java keyword 'var'");
        assertThat(commandProblem("executor.submit(() -> serve(client))"))
                .isEqualTo("a method or constructor call, or a lambda");
        assertThat(commandProblem("// the split write")).isEqualTo("a Java comment");
        assertThat(commandProblem("if (n < 0) throw new EOFException()"))
                .isEqualTo("starts with the Java keyword 'if'");
        assertThat(commandProblem(")")).isEqualTo("it does not start with a program or an option");
        assertThat(commandProblem("./lab x demo   # see class Foo { }")).isEqualTo("braces in its comment");
        assertThat(check("```java\nclass Pasted {}\n```\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:2: pasted code in a ```java block: include a tagged region of a compiled file instead");
        assertThat(check("```shell\nvoid m() {}\n```\n"))
                .singleElement()
                .asString()
                .startsWith("page.adoc:2: not a command line in a ```shell block (");
    }

    @Test
    void shell_commands_for_the_reader_are_not_code_of_the_labs() throws IOException {
        // the forms the course's pages use: comments (with ';' and parentheses in them), continuation lines, quoted
        // filters
        assertThat(check("""
                [source,shell]
                ----
                ./lab x demo                         # broken and fixed side by side; a verdict
                ./mvnw -q test -pl lab-x -Dtest=ATest   # one class (the proof)
                                                     # a comment on its own
                ldapsearch -x -H ldap://127.0.0.1:10389 -b ou=services,dc=socketfaq,dc=dev '(objectClass=ipService)'   # while it runs
                ./lab x client --host <server> --port 7007
                JAVA_HOME=/usr/lib/jvm/jdk-25 ./lab x bench \\
                    --rounds 20
                docker run --rm eclipse-temurin:25-jre java -version && echo "${HOME}"
                ----
                """)).isEmpty();
        assertThat(
                        check(
                                "[source,console]\n----\n$ ./lab x demo\nbroken: median 44.0 ms (above the 0.5 ms stall threshold)\n----\n"))
                .isEmpty();
        assertThat(check("[source,bash]\n----\n./lab x demo\n----\n")).isEmpty();
    }

    @Test
    void a_diagram_is_not_code_but_a_source_style_hidden_behind_it_is() throws IOException {
        assertThat(
                        check(
                                "[plantuml,why,svg]\n....\nclient -> server : write(header)\nserver --> client : { ack }\n....\n"))
                .isEmpty();
        assertThat(check("[plantuml,why,svg]\n[source,java]\n----\nclass Pasted {}\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:4: pasted code in a source,java block: include a tagged region of a compiled file instead");
    }

    @Test
    void an_open_block_a_literal_paragraph_or_a_verse_styled_as_code_fails() throws IOException {
        assertThat(check("[source,java]\n--\nclass Pasted {}\n--\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: pasted code in a source,java block: include a tagged region of a compiled file instead");
        assertThat(check("Text.\n\n  class Pasted {}\n  void m() {}\n\nMore text.\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: literal paragraph (an indented line starts a paragraph, rendered pre-formatted): indent no text; show code through a tagged include of a compiled file");
        assertThat(check("[verse]\n____\nclass Pasted {}\n____\n"))
                .singleElement()
                .asString()
                .startsWith("page.adoc:3: pasted code in a verse block");
        // what is not a literal paragraph: an indented list item, a paragraph's continuation line
        assertThat(check(". First step\n  continued here.\n\n  * an indented item\n"))
                .isEmpty();
    }

    @Test
    void passthrough_and_literal_table_cells_fail() throws IOException {
        assertThat(check("++++\n<pre>class Pasted {}</pre>\n++++\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:1: passthrough block (raw HTML on the page): show code through a tagged include of a compiled file");
        assertThat(check("[pass]\n<pre>class Pasted {}</pre>\n"))
                .singleElement()
                .asString()
                .startsWith("page.adoc:2: passthrough paragraph");
        assertThat(check("|===\n| mode | code\n| broken l| class Pasted {}\n|===\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: table cell in the literal style (l|, rendered pre-formatted): show code through a tagged include of a compiled file");
        assertThat(check("[cols=\"1,2l\"]\n|===\n| broken | class Pasted {}\n|===\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:1: table column in the literal style (2l, rendered pre-formatted): show code through a tagged include of a compiled file");
    }

    @Test
    void an_include_without_a_tag_or_outside_the_sources_fails() throws IOException {
        String block = "[source,java]\n----\ninclude::%s\n----\n";
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/x/A.java[]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of lab-x/src/main/java/x/A.java without tag=: quote a tagged region, not a whole file");
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/x/A.java[lines=1..3]")))
                .singleElement()
                .asString()
                .contains("without tag=")
                .contains("lines= selects by line number");
        assertThat(check(block.formatted("{root}/lab-x/pom.xml[tag=a]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of {root}/lab-x/pom.xml: code comes only from a module's src/main/java or src/test/java, through {root}/<module>/src/(main|test)/java/...java");
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/x/Gone.java[tag=a]")))
                .singleElement()
                .asString()
                .isEqualTo("page.adoc:3: include of lab-x/src/main/java/x/Gone.java: no such file");
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/x/A.java[tag=b]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of lab-x/src/main/java/x/A.java: the file has no region tagged 'b' (tag::b[] ... end::b[])");
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/x/A.java[tags=**]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of lab-x/src/main/java/x/A.java with tag selector '**': name the tags to quote (no wildcards or negations)");
        assertThat(check("include::{root}/lab-x/src/main/java/x/A.java[tag=a]\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:1: include of lab-x/src/main/java/x/A.java outside a source block: put it in a [source,java] ---- block");
    }

    @Test
    void an_include_that_does_not_start_with_root_fails() throws IOException {
        String block = "[source,java]\n----\ninclude::%s\n----\n";
        assertThat(check(block.formatted("../../lab-x/src/main/java/x/A.java[tag=a]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of ../../lab-x/src/main/java/x/A.java: code comes only from a module's src/main/java or src/test/java, through {root}/<module>/src/(main|test)/java/...java");
        assertThat(check(block.formatted("{docdir}/../../lab-x/src/main/java/x/A.java[tag=a]")))
                .singleElement()
                .asString()
                .startsWith(
                        "page.adoc:3: include of {docdir}/../../lab-x/src/main/java/x/A.java: code comes only from");
        assertThat(check(block.formatted("{root}/lab-x/src/main/java/../../../lab-x/src/main/java/x/A.java[tag=a]")))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of lab-x/src/main/java/../../../lab-x/src/main/java/x/A.java: name the file without . or .. segments");
        assertThat(check("include::../../README.adoc[]\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:1: include of ../../README.adoc: a page includes only evidence ({evidence}/...), partials next to it (_name.adoc) and, in a source block, tagged regions of compiled sources ({root}/...java)");
        assertThat(check("include::_sheet.adoc[]\ninclude::{evidence}/headlines.adoc[]\n"))
                .isEmpty();
    }

    @Test
    void an_include_of_a_module_the_build_does_not_compile_fails() throws IOException {
        Files.createDirectories(root.resolve("old-lab/src/main/java/x"));
        Files.writeString(root.resolve("old-lab/src/main/java/x/B.java"), "// tag::b[]\nclass B {}\n// end::b[]\n");
        assertThat(check("[source,java]\n----\ninclude::{root}/old-lab/src/main/java/x/B.java[tag=b]\n----\n"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "page.adoc:3: include of old-lab/src/main/java/x/B.java: old-lab is not a module of the build (root pom.xml), so nothing compiles it");
    }

    @Test
    void the_pages_checked_are_the_ones_rendered_wherever_docs_labsDir_points() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("copy-of-some-pages"));
        Files.writeString(elsewhere.resolve("x.adoc"), "----\nclass Pasted {}\n----\n");
        Files.writeString(elsewhere.resolve("y.asciidoc"), "....\nclass AlsoPasted {}\n....\n");
        Path site = Files.createDirectories(root.resolve("site-pages"));
        Files.writeString(site.resolve("index.adoc"), "[source,text]\n----\nclass OnTheIndex {}\n----\n");
        var problems = EvidencePages.run(root, fragments, root.resolve("charts"), true, elsewhere, site, Instant.EPOCH);
        assertThat(problems)
                .containsExactly(
                        "copy-of-some-pages/x.adoc:2: pasted code in a listing block: include a tagged region of a compiled file instead",
                        "copy-of-some-pages/y.asciidoc:2: pasted code in a listing block: include a tagged region of a compiled file instead",
                        "site-pages/index.adoc:3: pasted code in a source,text block: include a tagged region of a compiled file instead");
    }

    @Test
    void a_capture_is_drawn_next_to_its_pcap_and_an_unmeasured_one_says_why() throws IOException {
        Path evidence = Files.createDirectories(root.resolve("lab-x/target/evidence"));
        Files.write(evidence.resolve("wire.pcap"), new byte[] {1, 2, 3});
        Files.writeString(
                evidence.resolve("wire.json"),
                "{\"title\":\"Wire\",\"capture\":{\"pcap\":\"wire.pcap\",\"caption\":\"Notice the pause.\","
                        + "\"participants\":[\"client\",\"server\"],\"steps\":[{\"section\":\"broken\"},"
                        + "{\"from\":\"client\",\"to\":\"server\",\"ms\":0,\"flags\":\"P.\",\"len\":4,\"label\":\"header\"}]}}");
        Files.writeString(evidence.resolve("gone.json"), "{\"title\":\"Gone\",\"notMeasured\":\"It needs Docker.\"}");
        run(true, Instant.EPOCH);
        assertThat(fragments.resolve("lab-x/wire-wire.adoc"))
                .content()
                .contains("[plantuml,wire-lab-x-wire,svg]", "P0 -> P1 : header", "Notice the pause.")
                .contains("link:{imagesdir}/evidence/lab-x/wire.pcap[");
        assertThat(root.resolve("charts/lab-x/wire.pcap")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(fragments.resolve("lab-x/gone-wire.adoc"))
                .content()
                .contains("not measured in this build", "It needs Docker.");
    }

    @Test
    void the_course_pages_pass_the_check() throws IOException {
        Path repo = Path.of("..").toRealPath();
        Path pages = repo.resolve("docs/src/docs/asciidoc");
        var problems = new ArrayList<String>();
        for (Path page : EvidencePages.renderedPages(pages)) {
            problems.addAll(PageCode.problems(repo, repo.relativize(page).toString(), Files.readAllLines(page)));
        }
        assertThat(problems).isEmpty();
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
        Files.writeString(
                evidence.resolve("contract-outcomes.json"),
                "{\"title\":\"Contract\",\"headline\":\"from the contract\"}");
        assertThat(EvidencePages.headline(evidence)).contains("from the contract");
        Files.writeString(
                evidence.resolve("zz-latency.json"), "{\"title\":\"Latency\",\"headline\":\"broken *44 ms*\"}");
        assertThat(EvidencePages.headline(evidence)).isEqualTo("broken *44 ms* (Latency)");
        Files.delete(evidence.resolve("zz-latency.json"));
        Files.delete(evidence.resolve("contract-outcomes.json"));
        assertThat(EvidencePages.headline(evidence)).isNull();
    }

    @Test
    void a_lab_without_a_headline_is_a_problem_for_the_index() throws IOException {
        var problems = new ArrayList<String>();
        String attributes = EvidencePages.headlines(root, root.resolve("pages"), false, problems);
        assertThat(problems)
                .hasSize(EvidencePages.LABS.size())
                .allMatch(p -> p.contains("no evidence with a headline"));
        assertThat(attributes).contains(":page-nagle: lab-nagle (page to come)");
    }

    @Test
    void evidence_of_an_earlier_build_fails_this_one_and_is_marked_when_allowed() throws IOException {
        evidence("latency", "2020-01-01T00:00:00Z", "");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        Instant buildStart = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(run(false, buildStart))
                .anyMatch(
                        p -> p.contains(
                                "lab-x/target/evidence/latency.json is from an earlier build (measured at 2020-01-01T00:00:00Z)"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).doesNotExist();

        assertThat(run(true, buildStart)).isEmpty();
        assertThat(fragments.resolve("lab-x/latency.adoc"))
                .content()
                .contains("Measured by an earlier build, at 2020-01-01T00:00:00Z");
    }

    @Test
    void evidence_measured_in_this_build_passes() throws IOException {
        evidence("latency", "2026-01-01T00:00:01Z", "");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.parse("2026-01-01T00:00:00Z"))).noneMatch(p -> p.contains("latency"));
        assertThat(fragments.resolve("lab-x/latency.adoc"))
                .content()
                .contains("| figure | value")
                .doesNotContain("Measured by"); // said once per page, in its footer (Navigation)
    }

    @Test
    void evidence_a_test_could_not_measure_here_says_why() throws IOException {
        evidence("latency", "2026-01-01T00:00:01Z", ", \"notMeasured\": \"It needs Docker.\"");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.parse("2026-01-01T00:00:00Z"))).noneMatch(p -> p.contains("latency"));
        assertThat(fragments.resolve("lab-x/latency.adoc"))
                .content()
                .contains("not measured in this build. pass:c[It needs Docker.]");
    }

    @Test
    void fragments_of_an_earlier_build_are_removed_first() throws IOException {
        Files.createDirectories(fragments.resolve("lab-x"));
        Files.writeString(fragments.resolve("lab-x/latency.adoc"), "an earlier build's table\n");
        page("include::{evidence}/lab-x/latency.adoc[]\n");
        assertThat(run(false, Instant.EPOCH))
                .anyMatch(p -> p.contains("lab-x/latency.json was not measured by this build"));
        assertThat(fragments.resolve("lab-x/latency.adoc")).doesNotExist();
    }

    @Test
    void one_table_per_measurement_and_no_figure_twice() throws IOException {
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"title": "Round trip", "unit": "ms",
                 "series": [{"name": "broken", "samples": 2000, "median": 44.04, "p99": 51.5, "min": 41.0, "max": 52.0}],
                 "figures": [{"name": "median, broken", "unit": "ms", "value": 44.04},
                             {"name": "broken / fixed", "unit": "x", "value": 750.0}],
                 "environment": {"jdk": "25", "os": "Linux", "arch": "amd64", "cores": 1, "measuredAt": "2026-01-01T00:00:00Z"}}
                """);
        String adoc = EvidencePages.fragment(doc, null, true);
        assertThat(adoc.split("\\|===", -1)).as("one table").hasSize(3);
        assertThat(adoc)
                .contains("| 2,000 |")
                .contains("pass:c[44.04 ms]")
                .doesNotContain("median, broken")
                .contains("pass:c[broken / fixed: 750 x.]")
                .doesNotContain("Measured by");
    }

    @Test
    void counts_in_cells_get_separators_but_ports_do_not() throws IOException {
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"title": "t", "table": {"columns": ["mode", "messages", "port"], "rows": [["locked", "2000", "37963"]]},
                 "figures": [{"name": "locked", "unit": "messages", "value": 2000.0}]}
                """);
        String adoc = EvidencePages.fragment(doc, null, true);
        assertThat(adoc).contains("| pass:c[2,000] | pass:c[37963]").doesNotContain("locked: 2,000"); // shown once
    }

    /** A measured string full of Asciidoc markup: it must reach the page as text. */
    static final String HOSTILE = "a:: b *bold* _it_ `mono` #mark# include::/etc/passwd[] {attr} <<x>> x|y ;; z]"
            + " \\ +plus+ pass:[<b>raw</b>] http://example.com image:x.png[] footnote:[n]";

    @Test
    @Timeout(180) // Asciidoctor starts a JRuby
    void hostile_evidence_text_stays_text_on_the_page() {
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        doc.put("title", ". " + HOSTILE).put("what", "= " + HOSTILE);
        var table = doc.putObject("table");
        table.putArray("columns").add("== column").add(HOSTILE);
        table.putArray("rows").addArray().add(".row " + HOSTILE).add("include::/etc/passwd[]");
        String adoc = EvidencePages.fragment(doc, null, true);
        for (String line : adoc.split("\n")) {
            assertThat(line)
                    .as("a line that Asciidoctor would read as markup")
                    .doesNotStartWith("include::")
                    .doesNotStartWith("=");
        }
        try (var asciidoctor = org.asciidoctor.Asciidoctor.Factory.create()) {
            String html = asciidoctor.convert(
                    adoc,
                    org.asciidoctor.Options.builder()
                            .safe(org.asciidoctor.SafeMode.SECURE)
                            .attributes(org.asciidoctor.Attributes.builder()
                                    .attribute("attr", "EXPANDED")
                                    .build())
                            .build());
            String shown = "a:: b *bold* _it_ `mono` #mark# include::/etc/passwd[] {attr} &lt;&lt;x&gt;&gt; x|y ;; z]"
                    + " \\ +plus+ pass:[&lt;b&gt;raw&lt;/b&gt;] http://example.com image:x.png[] footnote:[n]";
            assertThat(html)
                    .contains(". " + shown) // the title
                    .contains("= " + shown) // what was measured
                    .contains(".row " + shown)
                    .contains("== column")
                    .doesNotContain("EXPANDED")
                    .doesNotContain("<strong>")
                    .doesNotContain("<em>")
                    .doesNotContain("<code>")
                    .doesNotContain("<mark>")
                    .doesNotContain("<b>raw")
                    .doesNotContain("<dl")
                    .doesNotContain("<h")
                    .doesNotContain("href=")
                    .doesNotContain("<img")
                    .doesNotContain("_footnotedef");
            assertThat(html.split("<th ", -1)).as("header cells").hasSize(3);
            assertThat(html.split("<td ", -1)).as("body cells").hasSize(3);
        }
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
        return EvidencePages.run(
                root,
                fragments,
                root.resolve("charts"),
                allowMissing,
                root.resolve("docs/src/docs/asciidoc/labs"),
                buildStart);
    }

    private static String commandProblem(String line) {
        return PageCode.commandProblem(line, false);
    }

    private java.util.List<String> check(String content) throws IOException {
        Path page = Files.writeString(root.resolve("page.adoc"), content);
        return EvidencePages.check(root, page, fragments, false);
    }
}
