package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The ledger lists every proving test a run discovered, with its claims, skipped ones too; and only those. */
@Timeout(30)
class ProofLedgerTest {
    static class Proofs {
        @Test
        @Proves({FaqClaim.WRITE_WRITE_READ_STALLS, FaqClaim.NAGLE_AND_DELAYED_ACK_RULES})
        void a_proof() {}

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @Proves(FaqClaim.PROTOCOL_IS_THE_FIX)
        void a_parameterized_proof(int i) {}

        @Test
        void not_a_proof() {}
    }

    @Tag("container")
    @Disabled("No Docker engine answers")
    @Proves(FaqClaim.MULTIHOMED_DEPENDS_ON_CONNECTION)
    static class SkippedContainerProof {
        @Test
        @Proves(FaqClaim.WILDCARD_ADDRESS_UNKNOWN)
        void across_two_networks() {}
    }

    @Test
    void lists_each_proving_test_with_its_claims(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("claims-proofs.json");
        String before = System.getProperty(ProofLedger.OUTPUT);
        System.setProperty(ProofLedger.OUTPUT, file.toString());
        try {
            LauncherFactory.create(LauncherConfig.builder()
                            .enableTestExecutionListenerAutoRegistration(false)
                            .addTestExecutionListeners(new ProofLedger())
                            .build())
                    .execute(LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClass(Proofs.class), selectClass(SkippedContainerProof.class))
                            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                            .build());
        } finally {
            if (before == null) System.clearProperty(ProofLedger.OUTPUT);
            else System.setProperty(ProofLedger.OUTPUT, before);
        }
        JsonNode proofs = new ObjectMapper().readTree(file.toFile()).path("proofs");
        List<String> rows = new ArrayList<>();
        for (JsonNode p : proofs) {
            rows.add(p.path("class").asText().replaceAll(".*\\$", "") + "#"
                    + p.path("method").asText() + " " + p.path("claims") + " container="
                    + p.path("container").asBoolean());
        }
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "Proofs#a_proof [15,16] container=false",
                        "Proofs#a_parameterized_proof [17] container=false",
                        "SkippedContainerProof#across_two_networks [12,13] container=true");
    }
}
