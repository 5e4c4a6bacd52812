package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated sequence diagrams, and the check that the pages' hand-drawn diagrams say what the captures show:
 * against the real drawings, with captures shaped like the labs' (one with the pause, one without, one reset).
 */
@Timeout(30)
class WireDiagramTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path LABS = Path.of("src/docs/asciidoc/labs");
    static final WireDiagram.Pairing NAGLE = WireDiagram.PAIRINGS.get(0);
    static final WireDiagram.Pairing SELECT = WireDiagram.PAIRINGS.get(1);

    static Map<String, Object> step(String from, String to, double ms, String flags, int len, String label) {
        var m = new LinkedHashMap<String, Object>();
        m.put("from", from);
        m.put("to", to);
        m.put("ms", ms);
        m.put("flags", flags);
        m.put("len", len);
        m.put("label", label);
        return m;
    }

    static JsonNode capture(List<Map<String, Object>> steps) {
        return JSON.valueToTree(
                Map.of("pcap", "x.pcap", "caption", "c", "participants", List.of("client", "server"), "steps", steps));
    }

    /** A nagle capture; {@code ackMs}: when the server's ACK of the header comes. */
    static JsonNode nagle(double ackMs) {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(Map.of("section", "broken: split write, Nagle on"));
        s.add(step("client", "server", 0, "P.", 4, "header"));
        s.add(step("server", "client", ackMs, ".", 0, "ACK"));
        s.add(step("client", "server", ackMs + 0.1, "P.", 18, "body"));
        s.add(step("server", "client", ackMs + 0.6, "P.", 22, "reply"));
        s.add(Map.of("section", "fixed: one write"));
        s.add(step("client", "server", 0, "P.", 22, "header + body"));
        s.add(step("server", "client", 0.5, "P.", 22, "reply"));
        return capture(s);
    }

    /** A select capture; {@code brokenEnd}: how the broken stop ends the connection on the wire. */
    static JsonNode select(String brokenEnd, String fixedRest) {
        List<Map<String, Object>> s = new ArrayList<>();
        s.add(Map.of("section", "broken: close"));
        s.add(step("client", "server", 0, "P.", 4, "request"));
        s.add(step("server", "client", 2, ".", 16384, "reply"));
        s.add(step("server", "client", 3, "P.", 98304, "more of the reply"));
        s.add(step("server", "client", 15, brokenEnd.equals("connection reset") ? "R." : "FP.", 0, brokenEnd));
        for (String fixed : List.of("fixed: wakeup", "fixed: self-pipe")) {
            s.add(Map.of("section", fixed));
            s.add(step("client", "server", 0, "P.", 4, "request"));
            s.add(step("server", "client", 2, ".", 16384, "reply"));
            s.add(step("server", "client", 3, "P.", 2080768, fixedRest));
            s.add(step("server", "client", 30, "FP.", 16384, "connection closed"));
        }
        return capture(s);
    }

    static String drawing(String page, String name) throws IOException {
        String drawn = WireDiagram.drawing(Files.readAllLines(LABS.resolve(page)), name);
        assertThat(drawn).as("the diagram %s on %s", name, page).isNotNull();
        return drawn;
    }

    @Test
    void the_nagle_drawing_agrees_with_a_capture_that_pauses_for_the_timer() throws IOException {
        assertThat(WireDiagram.disagreements(drawing("nagle.adoc", "nagle-why"), nagle(42.97), NAGLE, 40))
                .isEmpty();
    }

    @Test
    void a_capture_without_the_pause_disagrees_with_the_nagle_drawing() throws IOException {
        assertThat(WireDiagram.disagreements(drawing("nagle.adoc", "nagle-why"), nagle(0.2), NAGLE, 40))
                .singleElement()
                .asString()
                .contains("the drawing pauses between 'header (4 bytes)' and 'ACK (the delayed-ACK timer fired)'")
                .contains("0.20 ms");
    }

    @Test
    void the_select_drawing_agrees_with_a_capture_where_close_ends_with_fin_and_the_fixes_send_the_rest()
            throws IOException {
        String drawn = drawing("select.adoc", "select-why");
        assertThat(WireDiagram.disagreements(
                        drawn, select("connection closed", "the rest of the reply"), SELECT, Double.NaN))
                .isEmpty();
    }

    @Test
    void a_reset_or_a_short_reply_disagrees_with_the_select_drawing() throws IOException {
        String drawn = drawing("select.adoc", "select-why");
        assertThat(WireDiagram.disagreements(
                        drawn, select("connection reset", "the rest of the reply"), SELECT, Double.NaN))
                .singleElement()
                .asString()
                .contains("'connection closed' is not on the wire");
        assertThat(WireDiagram.disagreements(
                        drawn, select("connection closed", "more of the reply"), SELECT, Double.NaN))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("'the rest of the reply' is not on the wire"));
    }

    @Test
    void the_generated_diagram_draws_each_segment_and_the_pause() {
        String uml = WireDiagram.plantuml(nagle(42.97));
        assertThat(uml)
                .startsWith("@startuml")
                .contains("== broken: split write, Nagle on ==")
                .contains("P0 -> P1 : header\\n0.00 ms, [P.], 4 bytes")
                .contains("... 42.97 ms later ...")
                .contains("P1 --> P0 : ACK\\n42.97 ms, [.], 0 bytes")
                .endsWith("@enduml\n");
    }

    /** This build's captures, where they were measured, against the pages' drawings. */
    @Test
    void this_builds_captures_agree_with_the_drawings() throws IOException {
        int checked = 0;
        for (WireDiagram.Pairing p : WireDiagram.PAIRINGS) {
            Path json = Path.of("..", p.lab(), "target/evidence", p.evidence() + ".json");
            if (!Files.isRegularFile(json)) continue;
            JsonNode doc = JSON.readTree(json.toFile());
            if (!doc.has("capture")) continue;
            String page = p.diagram().substring(0, p.diagram().indexOf('-')) + ".adoc";
            assertThat(WireDiagram.disagreements(
                            drawing(page, p.diagram()), doc.get("capture"), p, WireDiagram.timerMs(doc)))
                    .as("%s against %s", p.diagram(), json)
                    .isEmpty();
            checked++;
        }
        assumeTrue(checked > 0, "no capture measured in this build (the labs' capture tests need Docker)");
    }
}
