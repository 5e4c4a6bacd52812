package dev.socketfaq.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the evidence this build measured ({@code lab-*}/target/evidence/*.json) into Asciidoc fragments and
 * SVG charts for the site, and checks the pages before Asciidoctor renders them:
 * <ul>
 *   <li>every {@code include::{evidence}/...} a page names must have been measured (unless allowed missing);</li>
 *   <li>a page shows code only through tagged includes of compiled sources ({@link PageCode}: every pre-formatted
 *       block, whatever its form, holds only such includes, but diagrams and commands for the reader).</li>
 * </ul>
 * The pages checked are the ones Asciidoctor renders: every Asciidoc file ({@code .adoc}, {@code .asciidoc},
 * {@code .asc}, {@code .ad}, partials included) under the site pages' directory and the lab pages' directory
 * ({@code docs.labsDir}) that docs/pom.xml gives both Asciidoctor and this class.
 * It also writes {@code headlines.adoc}, the index page's figures: see {@link #headlines}.
 * <p>"This build" is checked, not assumed: a lab's {@code target/evidence} survives from one build to the next, so
 * evidence measured before this build started is stale: a problem, or with allowMissing shown as from an earlier
 * build. Evidence a test could not measure here (a container test without Docker) says so itself
 * ({@code notMeasured}) and is shown as such.
 * <p>Usage: {@code EvidencePages <repo root> <fragments dir> <charts dir> <allowMissingEvidence> <lab pages dir>
 * [<build start, ISO-8601> [<site pages dir> [<docinfo dir> [<sheets dir>]]]]}: with a docinfo dir it also writes every
 * page's navigation ({@link Navigation}), with a sheets dir the lab sheets' sources ({@link Sheets}).
 * <p>Over 250 lines on purpose: it is the one step between measured evidence and the pages (tables, charts,
 * navigation, checks); it is site tooling, not a lesson.
 */
public final class EvidencePages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVIDENCE_INCLUDE =
            Pattern.compile("include::\\{evidence}/([\\w.-]+)/([\\w.-]+)\\.adoc\\[");
    /** The file names Asciidoctor (asciidoctor-maven-plugin) renders as pages. */
    private static final Pattern ASCIIDOC = Pattern.compile(".*\\.(adoc|asciidoc|asc|ad)");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toRealPath();
        Path fragments = Path.of(args[1]);
        Path labPages = args.length > 4 ? Path.of(args[4]) : root.resolve("docs/src/docs/asciidoc/labs");
        Instant buildStart = args.length > 5 ? Instant.parse(args[5]) : Instant.EPOCH;
        Path sitePages = args.length > 6 ? Path.of(args[6]) : root.resolve("docs/src/docs/asciidoc/site");
        Path docinfo = args.length > 7 ? Path.of(args[7]) : null;
        Path sheets = args.length > 8 ? Path.of(args[8]) : null;
        List<String> problems = run(
                root,
                fragments,
                Path.of(args[2]),
                Boolean.parseBoolean(args[3]),
                labPages,
                sitePages,
                buildStart,
                docinfo,
                sheets);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[docs] " + p));
            System.err.println("[docs] " + problems.size()
                    + " problem(s): the site is not built from this build's code and evidence.");
            System.exit(1);
        }
        System.out.println("[docs] evidence fragments written to " + fragments);
    }

    /** Writes the fragments, charts and headlines; returns the problems (empty: the site may be built). */
    static List<String> run(
            Path root, Path fragments, Path charts, boolean allowMissing, Path labPages, Instant buildStart)
            throws IOException {
        return run(
                root,
                fragments,
                charts,
                allowMissing,
                labPages,
                root.resolve("docs/src/docs/asciidoc/site"),
                buildStart);
    }

    /** As above, checking the pages of {@code sitePages} and {@code labPages}: what Asciidoctor renders. */
    static List<String> run(
            Path root,
            Path fragments,
            Path charts,
            boolean allowMissing,
            Path labPages,
            Path sitePages,
            Instant buildStart)
            throws IOException {
        return run(root, fragments, charts, allowMissing, labPages, sitePages, buildStart, null, null);
    }

    /** As above, also writing the navigation to {@code docinfo} and the lab sheets to {@code sheets} (each if not null). */
    static List<String> run(
            Path root,
            Path fragments,
            Path charts,
            boolean allowMissing,
            Path labPages,
            Path sitePages,
            Instant buildStart,
            Path docinfo,
            Path sheets)
            throws IOException {
        Map<String, JsonNode> measured = new TreeMap<>(); // "lab-x/id" -> evidence shown as this build's
        deleteRecursively(fragments); // no fragment or chart of an earlier build may pass for this one's
        deleteRecursively(charts);
        Map<String, String> stale = new TreeMap<>();
        try (Stream<Path> labs = Files.list(root)) {
            for (Path lab : labs.filter(p -> p.getFileName().toString().startsWith("lab-"))
                    .sorted()
                    .toList()) {
                Path dir = lab.resolve("target/evidence");
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path json : files.filter(p -> p.toString().endsWith(".json"))
                            .sorted()
                            .toList()) {
                        String name = lab.getFileName().toString();
                        String id = json.getFileName().toString().replace(".json", "");
                        JsonNode doc = JSON.readTree(json.toFile());
                        boolean fresh = isFresh(doc, buildStart);
                        if (fresh && !doc.has("notMeasured")) measured.put(name + "/" + id, doc);
                        if (!fresh) {
                            stale.put(name + "/" + id, measuredAt(doc));
                            if (!allowMissing) continue;
                        }
                        Path chart = charts.resolve(name).resolve(id + ".svg");
                        boolean drew = !doc.has("notMeasured") && Charts.draw(doc, chart);
                        Files.createDirectories(fragments.resolve(name));
                        String text = fragment(doc, drew ? "evidence/" + name + "/" + id + ".svg" : null, fresh);
                        Files.writeString(fragments.resolve(name).resolve(id + ".adoc"), text);
                        // <id>-wire.adoc: the capture drawn, for the page to show next to its hand-drawn diagram
                        if (doc.has("notMeasured")) {
                            Files.writeString(fragments.resolve(name).resolve(id + "-wire.adoc"), text);
                        } else if (doc.has("capture")) {
                            Files.writeString(
                                    fragments.resolve(name).resolve(id + "-wire.adoc"),
                                    WireDiagram.asciidoc(doc, name, id, pcap(dir, charts.resolve(name), name, doc)));
                        }
                    }
                }
            }
        }

        List<String> problems = new ArrayList<>();
        Files.createDirectories(fragments);
        Files.writeString(
                fragments.resolve("headlines.adoc"), headlines(root, labPages, allowMissing, buildStart, problems));
        for (Path page : renderedPages(sitePages, labPages))
            problems.addAll(check(root, page, fragments, allowMissing, stale));
        problems.addAll(wireAgreement(renderedPages(sitePages, labPages), measured));
        if (docinfo != null) {
            deleteRecursively(docinfo);
            Navigation.write(
                    docinfo,
                    docnames(sitePages),
                    docnames(labPages),
                    hasClaimsPage(root),
                    environments(renderedPages(sitePages, labPages), measured));
        }
        if (sheets != null) {
            deleteRecursively(sheets);
            Sheets.write(labPages, sheets);
        }
        return problems;
    }

    /**
     * Copies a capture's pcap next to the charts, for download; returns its link from a page ({@code {imagesdir}}
     * relative), or null when the lab did not keep it.
     */
    static String pcap(Path evidence, Path charts, String lab, JsonNode doc) throws IOException {
        String file = doc.path("capture").path("pcap").asText("");
        Path pcap = evidence.resolve(file);
        if (file.isEmpty() || !file.equals(pcap.getFileName().toString()) || !Files.isRegularFile(pcap)) return null;
        Files.createDirectories(charts);
        Files.copy(pcap, charts.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return "{imagesdir}/evidence/" + lab + "/" + file;
    }

    /**
     * Each hand-drawn diagram of {@link WireDiagram#PAIRINGS} against this build's capture: what they disagree on
     * (nothing where the capture was not measured: the page says so).
     */
    static List<String> wireAgreement(List<Path> pages, Map<String, JsonNode> measured) throws IOException {
        List<String> problems = new ArrayList<>();
        for (WireDiagram.Pairing p : WireDiagram.PAIRINGS) {
            JsonNode doc = measured.get(p.lab() + "/" + p.evidence());
            if (doc == null || !doc.has("capture")) continue;
            String drawn = null;
            for (Path page : pages) {
                drawn = WireDiagram.drawing(Files.readAllLines(page), p.diagram());
                if (drawn != null) break;
            }
            if (drawn == null) {
                problems.add("no page draws the diagram " + p.diagram() + " that " + p.lab() + "/" + p.evidence()
                        + " is checked against");
                continue;
            }
            problems.addAll(WireDiagram.disagreements(drawn, doc.get("capture"), p, WireDiagram.timerMs(doc)));
        }
        return problems;
    }

    /** The docnames of the pages rendered from {@code dir} (partials, {@code _*}, excluded). */
    static List<String> docnames(Path dir) throws IOException {
        return renderedPages(dir).stream()
                .map(p -> p.getFileName().toString())
                .filter(f -> !f.startsWith("_"))
                .map(f -> f.substring(0, f.lastIndexOf('.')))
                .toList();
    }

    /**
     * Whether the site has a Claims page: a {@code claims.adoc} among the docs module's sources, or generated under
     * its target directory (the site itself, target/site, aside).
     */
    static boolean hasClaimsPage(Path root) throws IOException {
        for (Path dir : List.of(root.resolve("docs/src/docs"), root.resolve("docs/target"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                if (files.anyMatch(f -> f.getFileName().toString().equals("claims.adoc")
                        && !f.startsWith(root.resolve("docs/target/site")))) return true;
            }
        }
        return false;
    }

    /**
     * For every page that shows evidence of this build: one sentence, in HTML, saying where and when it was
     * measured (the environment once per page rather than under every table).
     */
    static Map<String, String> environments(List<Path> pages, Map<String, JsonNode> measured) throws IOException {
        Map<String, String> notes = new TreeMap<>();
        for (Path page : pages) {
            var systems = new java.util.LinkedHashSet<String>();
            var times = new java.util.TreeSet<String>();
            for (String line : Files.readAllLines(page)) {
                Matcher m = EVIDENCE_INCLUDE.matcher(line);
                if (!m.find()) continue;
                JsonNode doc = measured.get(m.group(1) + "/" + m.group(2));
                if (doc == null) continue;
                JsonNode env = doc.path("environment");
                int cores = env.path("cores").asInt();
                systems.add(env.path("jdk").asText() + ", " + env.path("os").asText() + " ("
                        + env.path("arch").asText() + "), " + cores + (cores == 1 ? " core" : " cores"));
                times.add(env.path("measuredAt").asText());
            }
            if (systems.isEmpty()) continue;
            String file = page.getFileName().toString();
            notes.put(
                    file.substring(0, file.lastIndexOf('.')),
                    Navigation.html("Every figure on this page was measured by this build on "
                            + String.join("; and on ", systems) + ", " + when(times.first(), times.last()) + "."));
        }
        return notes;
    }

    /** "on 2026-12-04 between 15:43:18 and 15:44:11 UTC" (or "at" one time). */
    static String when(String first, String last) {
        try {
            var a = Instant.parse(first).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var b = Instant.parse(last).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String day = a.toString().substring(0, 10);
            String from = a.toString().substring(11, 19);
            String to = b.toString().substring(11, 19);
            if (!b.toString().startsWith(day)) return "between " + a + " and " + b;
            return "on " + day + (from.equals(to) ? " at " + from : " between " + from + " and " + to) + " UTC";
        } catch (java.time.format.DateTimeParseException e) {
            return "at " + first;
        }
    }

    /** Every Asciidoc file under the given directories (each file once, however the directories overlap). */
    static List<Path> renderedPages(Path... dirs) throws IOException {
        var pages = new TreeMap<Path, Path>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(f -> Files.isRegularFile(f)
                                && ASCIIDOC.matcher(f.getFileName().toString()).matches())
                        .toList()) {
                    pages.putIfAbsent(p.toRealPath(), p);
                }
            }
        }
        return pages.values().stream().sorted().toList();
    }

    /** Evidence measured after this build started (to the second: Maven's build timestamp has no fraction). */
    static boolean isFresh(JsonNode doc, Instant buildStart) {
        if (buildStart.equals(Instant.EPOCH)) return true; // no build start given: nothing to compare with
        String at = measuredAt(doc);
        try {
            return !Instant.parse(at).isBefore(buildStart);
        } catch (java.time.format.DateTimeParseException e) {
            return false; // no time, no proof it is this build's
        }
    }

    static String measuredAt(JsonNode doc) {
        return doc.path("environment").path("measuredAt").asText("");
    }

    static List<String> check(Path root, Path page, Path fragments, boolean allowMissing) throws IOException {
        return check(root, page, fragments, allowMissing, Map.of());
    }

    /**
     * The page's problems: unmeasured or stale evidence ({@code stale}: "lab/id" to when it was measured), code that
     * is not an include of a compiled source.
     */
    static List<String> check(Path root, Path page, Path fragments, boolean allowMissing, Map<String, String> stale)
            throws IOException {
        List<String> problems = new ArrayList<>();
        Path real = page.toAbsolutePath().normalize();
        String rel = real.startsWith(root) ? root.relativize(real).toString() : real.toString();
        List<String> lines = Files.readAllLines(page);
        Matcher m;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if ((m = EVIDENCE_INCLUDE.matcher(line)).find()) {
                Path fragment = fragments.resolve(m.group(1)).resolve(m.group(2) + ".adoc");
                if (!Files.exists(fragment)) {
                    if (allowMissing) {
                        Files.createDirectories(fragment.getParent());
                        Files.writeString(
                                fragment,
                                "WARNING: Not measured in this build (`" + m.group(1) + "/target/evidence/" + m.group(2)
                                        + ".json` is missing): run `./mvnw verify` for the figures.\n");
                    } else if (stale.containsKey(m.group(1) + "/" + m.group(2))) {
                        problems.add(rel + ":" + (i + 1) + ": evidence " + m.group(1) + "/target/evidence/" + m.group(2)
                                + ".json is from an earlier build (measured at "
                                + stale.get(m.group(1) + "/" + m.group(2))
                                + "), not this one: run the lab's tests in this build");
                    } else {
                        problems.add(rel + ":" + (i + 1) + ": evidence " + m.group(1) + "/" + m.group(2)
                                + ".json was not measured by this build (its tests did not run or do not write it)");
                    }
                }
            }
        }
        problems.addAll(PageCode.problems(root, rel, lines));
        return problems;
    }

    /** The labs of the course, in course order (the index's, the README's and the root pom's). */
    static final List<String> LABS = Course.names();

    /**
     * The index page's figures, as Asciidoc attributes for every lab {@code x} of {@link #LABS}:
     * {@code {headline-x}} (the lab's headline, with the title of the evidence it comes from) and {@code {page-x}} (a
     * link to the lab's page, or its plain name while the page is not written).
     * <p>A lab chooses its headline in its tests ({@code Evidence.headline}); when several of its files have one, the
     * first in alphabetical order wins, {@code contract-outcomes.json} last. A lab whose evidence has no headline is a
     * problem, or, with allowMissing, says it was not measured.
     */
    static String headlines(Path root, Path labPages, boolean allowMissing, List<String> problems) throws IOException {
        return headlines(root, labPages, allowMissing, Instant.EPOCH, problems);
    }

    static String headlines(Path root, Path labPages, boolean allowMissing, Instant buildStart, List<String> problems)
            throws IOException {
        var a = new StringBuilder("// Generated by EvidencePages from lab-*/target/evidence: do not edit.\n");
        for (String lab : LABS) {
            String headline = headline(
                    root.resolve("lab-" + lab).resolve("target/evidence"), allowMissing ? Instant.EPOCH : buildStart);
            if (headline == null) {
                if (!allowMissing)
                    problems.add(
                            "lab-" + lab
                                    + ": no evidence with a headline for the index page (its tests did not run, or none calls Evidence.headline)");
                headline = "_not measured in this build: run `./mvnw verify`_";
            }
            // In a value, an attribute's *bold* would not be applied where it is used: apply it here (c: escape <, >,
            // &).
            a.append(":headline-")
                    .append(lab)
                    .append(": pass:c,q[")
                    .append(headline.replace("]", "\\]"))
                    .append("]\n");
            a.append(":page-")
                    .append(lab)
                    .append(": ")
                    .append(
                            Files.isRegularFile(labPages.resolve(lab + ".adoc"))
                                    ? "xref:labs/" + lab + ".adoc[lab-" + lab + "]"
                                    : "lab-" + lab + " (page to come)")
                    .append('\n');
        }
        return a.toString();
    }

    /** One lab's headline by the rule of {@link #headlines}, or null if none of its evidence has one. */
    static String headline(Path evidence) throws IOException {
        return headline(evidence, Instant.EPOCH);
    }

    /** As {@link #headline(Path)}, from evidence measured since {@code since} only. */
    static String headline(Path evidence, Instant since) throws IOException {
        if (!Files.isDirectory(evidence)) return null;
        List<Path> files;
        try (Stream<Path> list = Files.list(evidence)) {
            files = list.filter(p -> p.toString().endsWith(".json"))
                    .sorted(java.util.Comparator.comparing((Path p) -> p.endsWith("contract-outcomes.json"))
                            .thenComparing(Path::toString))
                    .toList();
        }
        for (Path json : files) {
            JsonNode doc = JSON.readTree(json.toFile());
            if (doc.hasNonNull("headline") && isFresh(doc, since))
                return attr(Text.prose(doc.path("headline").asText()) + " ("
                        + Text.prose(doc.path("title").asText()) + ")");
        }
        return null;
    }

    /** An attribute value is one line; a table cell must not see a pipe. */
    private static String attr(String s) {
        return cell(s.replace('\n', ' ').strip());
    }

    static String fragment(JsonNode doc, String chart) {
        return fragment(doc, chart, true);
    }

    /**
     * The Asciidoc fragment for one piece of evidence: its one table, the chart, what was measured; {@code fresh}
     * false for evidence of an earlier build (shown only with allowMissing, and marked). One table per measurement:
     * the series (samples and statistics), else the evidence's own table, else its figures; figures a table already
     * shows are not repeated, the others follow in one sentence. Where and when it was measured is said once per page
     * ({@link #environments}), not here. Every measured string is shown literally ({@link Text#measured}).
     */
    static String fragment(JsonNode doc, String chart, boolean fresh) {
        var a = new StringBuilder();
        if (doc.has("notMeasured")) {
            return "WARNING: *" + Text.measured(doc.path("title").asText()) + "*: not measured in this build. "
                    + Text.measured(doc.path("notMeasured").asText()) + "\n";
        }
        if (!fresh) {
            JsonNode env = doc.path("environment");
            a.append("NOTE: Measured by an earlier build, at ")
                    .append(isInstant(measuredAt(doc)) ? measuredAt(doc) : Text.literal(measuredAt(doc)))
                    .append(" (")
                    .append(Text.measured(
                            env.path("jdk").asText() + ", " + env.path("os").asText()))
                    .append("), not by this one: `./mvnw verify` measures it again.\n\n");
        }
        a.append('.').append(Text.measured(doc.path("title").asText())).append('\n');
        String unit = doc.path("unit").asText("");
        List<String> tableText = new ArrayList<>();
        if (doc.has("series")) {
            a.append("[%header,cols=\"4,1,1,1,1,1\"]\n|===\n| measured | samples | median | p99 | min | max\n");
            for (JsonNode s : doc.get("series")) {
                a.append("| ").append(Text.measured(s.path("name").asText()));
                a.append(" | ").append(Text.num(s.path("samples").asDouble()));
                for (String stat : List.of("median", "p99", "min", "max")) {
                    String v = Text.quantity(s.path(stat).asDouble(), unit);
                    tableText.add(Text.num(s.path(stat).asDouble()));
                    a.append(" | ").append(Text.literal(v));
                }
                a.append('\n');
            }
            a.append("|===\n\n");
        } else if (doc.has("table")) {
            JsonNode table = doc.get("table");
            a.append("[%header,cols=\"")
                    .append("1,".repeat(Math.max(0, table.path("columns").size() - 1)))
                    .append("1\"]\n|===\n");
            for (JsonNode c : table.path("columns"))
                a.append("| ").append(Text.measured(c.asText())).append(' ');
            a.append('\n');
            List<String> columns = new ArrayList<>();
            for (JsonNode c : table.path("columns")) columns.add(c.asText().toLowerCase(java.util.Locale.ROOT));
            for (JsonNode row : table.path("rows")) {
                int column = 0;
                for (JsonNode c : row) {
                    String header = column < columns.size() ? columns.get(column) : "";
                    column++;
                    // a cell that is a count alone gets its separators (147,456); a port or an address keeps its digits
                    String text = c.asText().strip().matches("\\d{4,}")
                                    && !header.contains("port")
                                    && !header.contains("address")
                            ? Text.num(Double.parseDouble(c.asText().strip()))
                            : c.asText();
                    tableText.add(Text.prose(text));
                    a.append("| ").append(Text.measured(text)).append(' ');
                }
                a.append('\n');
            }
            a.append("|===\n\n");
        } else if (doc.has("figures")) {
            a.append("[%header,cols=\"4,2\"]\n|===\n| figure | value\n");
            for (JsonNode f : doc.get("figures"))
                a.append("| ")
                        .append(Text.measured(f.path("name").asText()))
                        .append(" | ")
                        .append(Text.literal(figure(f)))
                        .append('\n');
            a.append("|===\n\n");
        }
        if (doc.has("figures") && (doc.has("series") || doc.has("table"))) {
            List<String> others = new ArrayList<>();
            for (JsonNode f : doc.get("figures")) {
                String value = f.path("value").isNumber()
                        ? Text.num(f.path("value").asDouble())
                        : Text.prose(f.path("value").asText());
                String digits = value.replace(",", "");
                Pattern number = Pattern.compile("(?<![\\d.])" + Pattern.quote(digits) + "(?!\\d|\\.\\d)");
                boolean shown = tableText.stream()
                        .anyMatch(t -> number.matcher(t.replace(",", "")).find());
                if (!shown) others.add(Text.prose(f.path("name").asText()) + ": " + figure(f));
            }
            if (!others.isEmpty())
                a.append(Text.literal(String.join("; ", others) + ".")).append("\n\n");
        }
        if (chart != null) {
            a.append("image::")
                    .append(chart)
                    .append("[\"")
                    .append(Text.plain("Chart: " + doc.path("title").asText()))
                    .append("\",width=720]\n\n");
        }
        if (doc.has("what")) a.append(Text.measured(doc.get("what").asText())).append("\n");
        return a.toString();
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** A figure's value and unit as the site writes them ("61 times", "1 time", "5.34 x"). */
    static String figure(JsonNode f) {
        return f.path("value").isNumber()
                ? Text.quantity(f.path("value").asDouble(), f.path("unit").asText(""))
                : Text.prose(f.path("value").asText() + " " + f.path("unit").asText(""))
                        .strip();
    }

    static String num(double v) {
        return Text.num(v);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** A table cell: pipes would end the cell. */
    static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
