package dev.socketfaq.kit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A measured figure, written as JSON to {@code <module>/target/evidence/<id>.json} so the site shows what
 * this build measured (in the spirit of Spring REST Docs: the tests write the documentation's figures).
 * Every file says what was measured, in which unit, over how many samples, and on which JDK, OS and cores.
 */
public final class Evidence {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String id;
    private final Map<String, Object> doc = new LinkedHashMap<>();
    private final List<Map<String, Object>> series = new ArrayList<>();
    private final List<Map<String, Object>> figures = new ArrayList<>();

    private Evidence(String id, String title) {
        this.id = id;
        doc.put("lab", System.getProperty("labs.module", "unknown"));
        doc.put("id", id);
        doc.put("title", title);
    }

    /** Starts a piece of evidence; {@code id} names the file, {@code title} is shown on the site. */
    public static Evidence named(String id, String title) {
        return new Evidence(id, title);
    }

    /** What was measured and how, in one or two sentences for the reader. */
    public Evidence what(String description) {
        doc.put("what", description);
        return this;
    }

    /**
     * The one line the course's index page shows for this lab, built from the measured values (e.g. "broken 44 ms
     * vs fixed 0.035 ms per round trip"). A lab gives a headline to one of its evidence files.
     */
    public Evidence headline(String text) {
        doc.put("headline", text);
        return this;
    }

    /** The unit of the series' values (e.g. "ms"). */
    public Evidence unit(String unit) {
        doc.put("unit", unit);
        return this;
    }

    /** One measured distribution (timings in ms). */
    public Evidence series(String name, Latencies.Summary s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", name);
        m.put("samples", s.samples());
        m.put("median", round(s.medianMs()));
        m.put("p99", round(s.p99Ms()));
        m.put("min", round(s.minMs()));
        m.put("max", round(s.maxMs()));
        m.put("values", s.valuesMs().stream().map(Evidence::round).toList());
        series.add(m);
        return this;
    }

    /** One headline number (a ratio, a count, a per-request cost). */
    public Evidence figure(String name, double value, String unit) {
        figures.add(Map.of("name", name, "value", round(value), "unit", unit));
        return this;
    }

    /**
     * Marks this evidence as not measured here, and why (a container test without Docker): the site says so
     * instead of showing an earlier build's figures or failing the docs build for a lab the student could not run.
     */
    public Evidence notMeasured(String reason) {
        doc.put("notMeasured", reason);
        return this;
    }

    /** A table of outcomes; each row has one cell per column. */
    public Evidence table(List<String> columns, List<List<?>> rows) {
        doc.put("table", Map.of("columns", columns, "rows", rows));
        return this;
    }

    /**
     * An excerpt of a packet capture kept next to this evidence ({@code pcap}, a file name in the evidence directory),
     * for the site to draw as a sequence diagram. Each step is a map: a segment ({@code from}, {@code to},
     * {@code ms} since the excerpt's first segment, {@code flags}, {@code len}, {@code label}), or a section title
     * ({@code section}). The caption says what to notice.
     */
    public Evidence capture(String pcap, String caption, List<String> participants, List<Map<String, Object>> steps) {
        var c = new LinkedHashMap<String, Object>();
        c.put("pcap", pcap);
        c.put("caption", caption);
        c.put("participants", participants);
        c.put("steps", steps);
        doc.put("capture", c);
        return this;
    }

    /** Writes the JSON file and returns its path. */
    public Path write() {
        doc.put("environment", environment());
        if (!series.isEmpty()) doc.put("series", series);
        if (!figures.isEmpty()) doc.put("figures", figures);
        Path dir = Path.of(System.getProperty("labs.evidenceDir", "target/evidence"));
        Path file = dir.resolve(id + ".json");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evidence " + file, e);
        }
        return file;
    }

    /** JDK, OS, architecture and cores: the conditions a figure was measured under. */
    public static Map<String, Object> environment() {
        var env = new LinkedHashMap<String, Object>();
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("arch", System.getProperty("os.arch"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("measuredAt", Instant.now().toString());
        return env;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
