package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The charts stay small and faithful whatever a test measured. */
@Timeout(30)
class ChartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void a_short_series_is_drawn_sample_by_sample() {
        ArrayNode values = values(25);
        double[] measured = new double[values.size()];
        for (int k = 0; k < measured.length; k++) measured[k] = values.get(k).asDouble();
        assertThat(Charts.points(values)).containsExactly(measured); // all of them, in measured order
    }

    @Test
    void a_long_series_is_drawn_as_quantiles_with_its_minimum_and_maximum() {
        ArrayNode values = values(2_000);
        double[] points = Charts.points(values);
        assertThat(points).hasSize(Charts.MAX_POINTS);
        assertThat(points[0]).isEqualTo(0.001); // the minimum
        assertThat(points[points.length - 1]).isEqualTo(2.0); // the maximum
        assertThat(points).isSorted();
        assertThat(points[Charts.MAX_POINTS / 2])
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01)); // the median
    }

    @Test
    void a_chart_of_thousands_of_samples_is_a_small_svg() throws IOException {
        ObjectNode doc = JSON.createObjectNode().put("title", "Round trip").put("unit", "ms");
        ArrayNode series = doc.putArray("series");
        series.addObject().put("name", "broken").set("values", values(25));
        series.addObject().put("name", "floor").set("values", values(2_000));
        Path svg = dir.resolve("chart.svg");
        assertThat(Charts.draw(doc, svg)).isTrue();
        assertThat(Files.size(svg)).as("bytes").isLessThan(150_000);
        assertThat(Files.readString(svg)).contains("floor (200 quantiles of 2,000)");
    }

    @Test
    void the_log_axis_has_ticks_at_one_two_and_five_of_every_decade() {
        assertThat(Charts.tickValues(0.012, 70))
                .containsExactly(0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0);
        assertThat(Charts.tickValues(0.001, 5_000)).containsExactly(0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0);
        assertThat(Charts.tickLabel(0.05)).isEqualTo("0.05");
        assertThat(Charts.tickLabel(2000)).isEqualTo("2,000");
    }

    @Test
    void a_threshold_and_a_timer_of_the_chart_unit_are_drawn_as_markers() throws IOException {
        ObjectNode doc = JSON.createObjectNode().put("title", "Round trip").put("unit", "ms");
        doc.putArray("series").addObject().put("name", "broken").set("values", values(25));
        ArrayNode figures = doc.putArray("figures");
        figures.addObject().put("name", "stall threshold").put("unit", "ms").put("value", 0.872);
        figures.addObject()
                .put("name", "delayed-ACK timer (Linux)")
                .put("unit", "ms")
                .put("value", 40.0);
        figures.addObject().put("name", "broken / fixed").put("unit", "x").put("value", 700.0);
        Path svg = dir.resolve("chart.svg");
        assertThat(Charts.draw(doc, svg)).isTrue();
        assertThat(Files.readString(svg))
                .contains("viewBox=")
                .contains("stall threshold 0.872 ms")
                .contains("delayed-ACK timer (Linux) 40 ms")
                .doesNotContain("broken / fixed");
    }

    @Test
    void one_bar_against_zeros_is_no_chart() throws IOException {
        ObjectNode doc = JSON.createObjectNode().put("title", "Stale-handle deliveries");
        ArrayNode figures = doc.putArray("figures");
        figures.addObject().put("name", "broken").put("unit", "lines").put("value", 1.0);
        figures.addObject().put("name", "fixed").put("unit", "lines").put("value", 0.0);
        assertThat(Charts.draw(doc, dir.resolve("none.svg"))).isFalse();
        figures.addObject().put("name", "control").put("unit", "lines").put("value", 3.0);
        assertThat(Charts.draw(doc, dir.resolve("bars.svg"))).isTrue();
    }

    @Test
    void a_long_label_widens_the_chart_instead_of_being_cut() throws IOException {
        ObjectNode doc = JSON.createObjectNode().put("title", "t");
        ArrayNode figures = doc.putArray("figures");
        String longName = "broken: append in handler order, completions handled on a pool of four threads";
        figures.addObject()
                .put("name", longName)
                .put("unit", "messages out of order")
                .put("value", 52.0);
        figures.addObject()
                .put("name", "fixed")
                .put("unit", "messages out of order")
                .put("value", 3.0);
        Path svg = dir.resolve("wide.svg");
        assertThat(Charts.draw(doc, svg)).isTrue();
        String text = Files.readString(svg);
        assertThat(text).doesNotContain("...").doesNotContain("\u2026");
        assertThat(Charts.width(
                        java.util.List.of(longName),
                        new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11)))
                .isGreaterThan(Charts.MIN_WIDTH);
    }

    @Test
    void every_kind_has_its_colour_on_every_chart() {
        assertThat(Charts.paintFor("broken: split write")).isEqualTo(Charts.BROKEN);
        assertThat(Charts.paintFor("fixed: one write")).isEqualTo(Charts.FIXED);
        assertThat(Charts.paintFor("nodelay: split write, TCP_NODELAY")).isEqualTo(Charts.SECOND_BEST);
        assertThat(Charts.paintFor("polling (slow)")).isEqualTo(Charts.SECOND_BEST);
        assertThat(Charts.paintFor("control: bind(0) got 40005")).isEqualTo(Charts.CONTROL);
        assertThat(Charts.paintFor("reserved: bind(0) got 40005")).isNotEqualTo(Charts.CONTROL);
        assertThat(Charts.paintFor("anything", "SECOND_BEST")).isEqualTo(Charts.SECOND_BEST);
    }

    @Test
    void coordinates_have_two_decimals() {
        assertThat(Charts.twoDecimals(529.4876098632812)).isEqualTo("529.49");
        assertThat(Charts.twoDecimals(207.0)).isEqualTo("207");
        assertThat(Charts.twoDecimals(-0.001)).isEqualTo("0");
    }

    /** n values 0.001 ms apart, shuffled (measured order is not sorted order). */
    private static ArrayNode values(int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int k = 0; k < n; k++) a.add(((k * 7919L) % n + 1) / 1000.0);
        return a;
    }
}
