package dev.socketfaq.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire on the site: an excerpt of a packet capture ({@code capture} in a lab's evidence, written by its capture
 * test) drawn as a PlantUML sequence diagram with real relative times, flags and lengths, its caption and its pcap to
 * download; and the check that a hand-drawn diagram of a page says what the capture shows ({@link #disagreements}).
 */
final class WireDiagram {
    /** A gap between two segments drawn as a pause: far above a round trip on one machine, far below a timer. */
    static final double DRAWN_PAUSE_MS = 1.0;

    private static final Pattern MESSAGE = Pattern.compile("^(\\w+)\\s*-+>\\s*(\\w+)\\s*:\\s*(.*)$");
    private static final Pattern SECTION = Pattern.compile("^==\\s*(.*?)\\s*==$");

    /**
     * A hand-drawn diagram and the capture it must agree with.
     *
     * @param diagram the diagram's name on its page ({@code [plantuml,<name>,svg]})
     * @param lab the lab whose evidence holds the capture
     * @param evidence the evidence's id
     * @param firstSection the section the drawing's messages before its first {@code ==} belong to
     * @param ends the drawing's participants (aliases) that are ends of the captured connection, by their names in
     *     the capture; messages between other participants (threads) are not on the wire
     */
    record Pairing(String diagram, String lab, String evidence, String firstSection, Map<String, String> ends) {}

    /** The hand-drawn diagrams checked against this build's captures. */
    static final List<Pairing> PAIRINGS = List.of(
            new Pairing("nagle-why", "lab-nagle", "nagle-capture", "broken", Map.of("C", "client", "S", "server")),
            new Pairing("select-why", "lab-select", "select-capture", "broken", Map.of("L", "server", "C", "client")));

    private WireDiagram() {}

    /**
     * The Asciidoc for a capture: the generated diagram, its caption and the download link ({@code pcapHref} null:
     * the pcap was not kept, no link).
     */
    static String asciidoc(JsonNode doc, String lab, String id, String pcapHref) {
        JsonNode capture = doc.path("capture");
        var a = new StringBuilder();
        a.append(".On the wire: drawn from this build's capture\n");
        a.append("[plantuml,wire-").append(lab).append('-').append(id).append(",svg]\n....\n");
        a.append(plantuml(capture));
        a.append("....\n\n");
        a.append(Text.measured(capture.path("caption").asText())).append("\n\n");
        if (pcapHref != null) {
            String file = capture.path("pcap").asText();
            a.append("link:")
                    .append(pcapHref)
                    .append("[Download the capture (")
                    .append(Text.plain(file))
                    .append(")]: open it in Wireshark to see every segment this build put on the wire.\n\n");
        }
        return a.toString();
    }

    /** The excerpt as PlantUML: one arrow per segment (dashed without data), a pause drawn where the wire paused. */
    static String plantuml(JsonNode capture) {
        var p = new StringBuilder("@startuml\nskinparam shadowing false\nskinparam sequenceMessageAlign center\n");
        Map<String, String> alias = new LinkedHashMap<>();
        for (JsonNode name : capture.path("participants")) {
            String a = "P" + alias.size();
            alias.put(name.asText(), a);
            p.append("participant \"")
                    .append(safe(name.asText()))
                    .append("\" as ")
                    .append(a)
                    .append('\n');
        }
        double last = Double.NaN;
        for (JsonNode step : capture.path("steps")) {
            if (step.has("section")) {
                p.append("== ").append(safe(step.path("section").asText())).append(" ==\n");
                last = Double.NaN;
                continue;
            }
            double ms = step.path("ms").asDouble();
            if (!Double.isNaN(last) && ms - last >= DRAWN_PAUSE_MS) {
                p.append("... ").append(Text.num(ms - last)).append(" ms later ...\n");
            }
            last = ms;
            String from = alias.computeIfAbsent(step.path("from").asText(), k -> "P" + alias.size());
            String to = alias.computeIfAbsent(step.path("to").asText(), k -> "P" + alias.size());
            String flags = step.path("flags").asText();
            boolean bare = step.path("len").asLong() == 0 && !flags.contains("S") && !flags.contains("F");
            p.append(from)
                    .append(bare ? " --> " : " -> ")
                    .append(to)
                    .append(" : ")
                    .append(safe(step.path("label").asText()))
                    .append("\\n")
                    .append(String.format(Locale.ROOT, "%.2f ms", ms))
                    .append(", [")
                    .append(safe(flags))
                    .append("], ")
                    .append(Text.num(step.path("len").asDouble()))
                    .append(step.path("len").asLong() == 1 ? " byte" : " bytes");
            if (step.hasNonNull("note"))
                p.append(", ").append(safe(Text.prose(step.path("note").asText())));
            p.append('\n');
        }
        return p.append("@enduml\n").toString();
    }

    /** Text inside a PlantUML message or name: one line, no markup or quote. */
    private static String safe(String s) {
        return s.replaceAll("[\"<>\\\\\\n\\r]", " ").replaceAll("\\s+", " ").strip();
    }

    /**
     * Where a hand-drawn diagram ({@code drawn}, its PlantUML) and a capture disagree; empty when they agree. For each
     * section of the drawing, each captured section whose title starts with the same word ("broken", "fixed") must
     * show the drawing's wire messages in its order, each captured label beginning the drawn text, and a pause
     * ({@code ...}) exactly where the drawing shows one: at least half the capture's timer ({@code timerMs}, NaN:
     * pauses not checked) between the two messages around it, and less where the drawing shows none.
     */
    static List<String> disagreements(String drawn, JsonNode capture, Pairing pairing, double timerMs) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Drawn>> sections = drawnSections(drawn, pairing);
        List<List<JsonNode>> captured = capturedSections(capture);
        sections.forEach((title, messages) -> {
            String kind = firstWord(title);
            var same = captured.stream()
                    .filter(c ->
                            firstWord(c.getFirst().path("section").asText()).equals(kind))
                    .toList();
            if (same.isEmpty()) {
                problems.add(pairing.diagram() + ": the drawing's section '" + title + "' has no captured " + kind
                        + " exchange in " + pairing.lab() + "/" + pairing.evidence());
            }
            for (List<JsonNode> section : same) {
                String name = section.getFirst().path("section").asText();
                problems.addAll(agree(title, messages, name, section.subList(1, section.size()), pairing, timerMs));
            }
        });
        return problems;
    }

    private static List<String> agree(
            String title,
            List<Drawn> messages,
            String captured,
            List<JsonNode> steps,
            Pairing pairing,
            double timerMs) {
        List<String> problems = new ArrayList<>();
        String where = pairing.diagram() + " '" + title + "' against the capture's '" + captured + "'";
        int at = 0;
        JsonNode previous = null;
        Drawn previousDrawn = null;
        for (Drawn m : messages) {
            JsonNode found = null;
            for (; at < steps.size(); at++) {
                JsonNode s = steps.get(at);
                String label = s.path("label").asText().toLowerCase(Locale.ROOT);
                if (s.path("from").asText().equals(m.from())
                        && s.path("to").asText().equals(m.to())
                        && !label.isEmpty()
                        && m.text().toLowerCase(Locale.ROOT).startsWith(label)) {
                    found = s;
                    at++;
                    break;
                }
            }
            if (found == null) {
                problems.add(where + ": the drawing's " + m.from() + " -> " + m.to() + " '" + m.text()
                        + "' is not on the wire in that order; the capture shows " + labels(steps));
                return problems;
            }
            if (previous != null && !Double.isNaN(timerMs)) {
                double gap = found.path("ms").asDouble() - previous.path("ms").asDouble();
                if (m.pauseBefore() && gap < timerMs / 2) {
                    problems.add(String.format(
                            Locale.ROOT,
                            "%s: the drawing pauses between '%s' and '%s'; the capture shows %.2f ms, under half the"
                                    + " timer (%.1f ms)",
                            where,
                            previousDrawn.text(),
                            m.text(),
                            gap,
                            timerMs));
                } else if (!m.pauseBefore() && gap >= timerMs / 2) {
                    problems.add(String.format(
                            Locale.ROOT,
                            "%s: the capture pauses %.2f ms between '%s' and '%s'; the drawing shows no pause there",
                            where,
                            gap,
                            previousDrawn.text(),
                            m.text()));
                }
            }
            previous = found;
            previousDrawn = m;
        }
        return problems;
    }

    private static String labels(List<JsonNode> steps) {
        List<String> l = new ArrayList<>();
        for (JsonNode s : steps)
            l.add(s.path("from").asText() + " -> " + s.path("to").asText() + " '"
                    + s.path("label").asText() + "'");
        return String.join(", ", l);
    }

    /** A message of the drawing between two ends of the connection; {@code pauseBefore}: a {@code ...} before it. */
    record Drawn(String from, String to, String text, boolean pauseBefore) {}

    /** The drawing's wire messages by section title, in order. */
    static Map<String, List<Drawn>> drawnSections(String drawn, Pairing pairing) {
        Map<String, List<Drawn>> sections = new LinkedHashMap<>();
        String section = pairing.firstSection();
        boolean pause = false;
        for (String raw : drawn.split("\n")) {
            String line = raw.strip();
            Matcher m;
            if ((m = SECTION.matcher(line)).matches()) {
                section = m.group(1);
                pause = false;
            } else if (line.startsWith("...")) {
                pause = true;
            } else if ((m = MESSAGE.matcher(line)).matches()) {
                String from = pairing.ends().get(m.group(1));
                String to = pairing.ends().get(m.group(2));
                if (from == null || to == null || from.equals(to)) continue; // between threads: not on the wire
                String text = m.group(3).split("\\\\n")[0].strip();
                sections.computeIfAbsent(section, k -> new ArrayList<>()).add(new Drawn(from, to, text, pause));
                pause = false;
            }
        }
        return sections;
    }

    /** The capture's steps cut at its section titles; each list starts with its title. */
    private static List<List<JsonNode>> capturedSections(JsonNode capture) {
        List<List<JsonNode>> sections = new ArrayList<>();
        for (JsonNode step : capture.path("steps")) {
            if (step.has("section")) sections.add(new ArrayList<>(List.of(step)));
            else if (!sections.isEmpty()) sections.getLast().add(step);
        }
        return sections;
    }

    private static String firstWord(String title) {
        return title.strip().split("[\\s:]", 2)[0].toLowerCase(Locale.ROOT);
    }

    /** The PlantUML source of the diagram named {@code name} in a page ({@code [plantuml,name,...]}), or null. */
    static String drawing(List<String> page, String name) {
        for (int i = 0; i < page.size(); i++) {
            if (!page.get(i).replace(" ", "").startsWith("[plantuml," + name + ",")) continue;
            int open = i + 1;
            if (open >= page.size()) return null;
            String fence = page.get(open).strip();
            var body = new StringBuilder();
            for (int j = open + 1; j < page.size() && !page.get(j).strip().equals(fence); j++)
                body.append(page.get(j)).append('\n');
            return body.toString();
        }
        return null;
    }

    /** The capture's timer in ms: its figure whose name says "timer", or NaN. */
    static double timerMs(JsonNode doc) {
        for (JsonNode f : doc.path("figures")) {
            if (f.path("name").asText().toLowerCase(Locale.ROOT).contains("timer")
                    && f.path("unit").asText().equals("ms"))
                return f.path("value").asDouble();
        }
        return Double.NaN;
    }
}
