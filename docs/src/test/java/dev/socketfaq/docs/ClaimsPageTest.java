package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.docs.ClaimsPage.Claim;
import dev.socketfaq.docs.ClaimsPage.Lab;
import dev.socketfaq.docs.ClaimsPage.Proof;
import dev.socketfaq.docs.ClaimsPage.Result;
import dev.socketfaq.docs.ClaimsPage.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ClaimsPageTest {
    static final Claim STALL = new Claim(15, "200ms delay", "Write-write-read waits for the delayed-ACK timer.");
    static final Claim MULTIHOMED = new Claim(13, "Local address and port", "It depends on the connection.");

    static Proof proof(String lab, String method, boolean container, Integer... claims) {
        return new Proof(lab, "dev.socketfaq.x.SomeTest", method, Set.of(claims), container);
    }

    static Lab lab(String name, List<Proof> proofs, Map<String, Result> results) {
        return new Lab(name, proofs, results, null);
    }

    @Test
    void a_claim_without_a_proving_test_is_a_problem() {
        var page = ClaimsPage.page(List.of(STALL, MULTIHOMED), List.of(lab("lab-nagle", List.of(), Map.of())));
        assertThat(page.problems())
                .containsExactly(
                        "claim 15 (Write-write-read waits for the delayed-ACK timer.): no test is marked @Proves(15)",
                        "claim 13 (It depends on the connection.): no test is marked @Proves(13)");
        assertThat(page.adoc())
                .contains("[[claim-15]]15")
                .contains("[[claim-13]]13")
                .contains("*not proven*");
    }

    @Test
    void a_claim_whose_proofs_failed_or_did_not_run_is_a_problem() {
        var page = ClaimsPage.page(
                List.of(STALL),
                List.of(lab(
                        "lab-nagle",
                        List.of(proof("lab-nagle", "stalls", false, 15), proof("lab-nagle", "absent", false, 15)),
                        Map.of("dev.socketfaq.x.SomeTest#stalls", new Result(Status.FAILED, "expected 40 ms")))));
        assertThat(page.problems())
                .containsExactly("claim 15 (" + STALL.text() + "): no proving test passed in this build");
        assertThat(page.adoc()).contains("*failed*: expected 40 ms").contains("*not run in this build*");
    }

    @Test
    void one_passing_proof_proves_the_claim() {
        var page = ClaimsPage.page(
                List.of(STALL),
                List.of(lab(
                        "lab-nagle",
                        List.of(proof("lab-nagle", "stalls", false, 15)),
                        Map.of("dev.socketfaq.x.SomeTest#stalls", new Result(Status.PASSED, "")))));
        assertThat(page.problems()).isEmpty();
        assertThat(page.adoc())
                .contains("`SomeTest&#35;stalls` (lab&#45;nagle): passed")
                .contains("1 proven");
    }

    @Test
    void a_container_proof_skipped_without_docker_renders_its_reason_and_is_no_problem() {
        var page = ClaimsPage.page(
                List.of(MULTIHOMED),
                List.of(lab(
                        "lab-getsockname",
                        List.of(proof("lab-getsockname", "two_networks", true, 13)),
                        // a class skipped whole is reported under its class, not its methods
                        Map.of(
                                "dev.socketfaq.x.SomeTest#",
                                new Result(Status.SKIPPED, "No Docker engine answers: skipped")))));
        assertThat(page.problems()).isEmpty();
        assertThat(page.adoc())
                .contains("not measured in this build")
                .contains("not measured in this build, skipped: No Docker engine answers&#58; skipped");
    }

    @Test
    void a_skipped_proof_that_needs_no_container_proves_nothing() {
        var page = ClaimsPage.page(
                List.of(STALL),
                List.of(lab(
                        "lab-nagle",
                        List.of(proof("lab-nagle", "stalls", false, 15)),
                        Map.of("dev.socketfaq.x.SomeTest#stalls", new Result(Status.SKIPPED, "disabled")))));
        assertThat(page.problems()).hasSize(1);
    }

    @Test
    void hostile_names_and_messages_are_escaped() {
        String hostile = "a|b *bold* [[claim-1]] {nbsp} <script>alert(1)</script> pass:[x] `code` link:x[y]\n| new row";
        var page = ClaimsPage.page(
                List.of(STALL),
                List.of(lab(
                        "lab-nagle",
                        List.of(new Proof("lab-nagle", "dev.x.Evil|Test", "m_" + hostile, Set.of(15), false)),
                        Map.of("dev.x.Evil|Test#m_" + hostile, new Result(Status.FAILED, hostile)))));
        String rows = page.adoc().substring(page.adoc().indexOf("[[claim-15]]"));
        rows = rows.substring(0, rows.indexOf("|===")); // the claim's row only
        assertThat(rows).doesNotContain("<script>", "*bold*", "[[claim-1]]", "{nbsp}", "pass:[", "a|b", "\n| new");
        assertThat(rows).contains("a&#124;b &#42;bold&#42; &#91;&#91;claim&#45;1&#93;&#93;", "&#60;script&#62;");
        assertThat(ClaimsPage.text("line one\r\nline two\ttab")).isEqualTo("line one line two tab");
        assertThat(ClaimsPage.text("caf\u00e9 \u0000")).isEqualTo("caf&#233; &#65533;");
    }

    @Test
    void reads_results_from_surefire_reports(@TempDir Path module) throws IOException {
        Path reports = Files.createDirectories(module.resolve("target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-dev.x.ContractTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="dev.x.ContractTest" tests="4">
                  <testcase name="holds(Mode)[1]" classname="dev.x.ContractTest" time="0.1"/>
                  <testcase name="holds(Mode)[2]" classname="dev.x.ContractTest" time="0.1">
                    <failure message="broken: median 44.0 ms" type="java.lang.AssertionError">trace</failure>
                  </testcase>
                  <testcase name="plain" classname="dev.x.ContractTest" time="0.1"/>
                  <testcase name="skips" classname="dev.x.ContractTest" time="0"><skipped message="not today"/></testcase>
                </testsuite>
                """);
        Files.writeString(reports.resolve("TEST-dev.x.TwoHostsContainerTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="dev.x.TwoHostsContainerTest" tests="1" skipped="1">
                  <testcase name="dev.x.TwoHostsContainerTest" classname="dev.x.TwoHostsContainerTest" time="0">
                    <skipped message="No Docker engine answers"/>
                  </testcase>
                </testsuite>
                """);
        Map<String, Result> results = ClaimsPage.results(module, Instant.EPOCH);
        assertThat(results)
                .containsEntry("dev.x.ContractTest#holds", new Result(Status.FAILED, "broken: median 44.0 ms"))
                .containsEntry("dev.x.ContractTest#plain", new Result(Status.PASSED, ""))
                .containsEntry("dev.x.ContractTest#skips", new Result(Status.SKIPPED, "not today"));
        var containerProof = new Proof("lab-x", "dev.x.TwoHostsContainerTest", "two_hosts", Set.of(13), true);
        assertThat(ClaimsPage.resultOf(containerProof, results))
                .isEqualTo(new Result(Status.SKIPPED, "No Docker engine answers"));
        assertThat(ClaimsPage.results(module, Instant.now().plusSeconds(60)))
                .as("reports of an earlier build")
                .isEmpty();
    }

    @Test
    void reads_the_26_claims_from_testkit() throws IOException {
        List<Claim> claims = ClaimsPage.claims(Path.of("../testkit/target/classes"));
        assertThat(claims).hasSize(26);
        assertThat(claims.getFirst().id()).isEqualTo(1);
        assertThat(claims.getLast().section()).isEqualTo("Terminating a select() loop");
    }
}
