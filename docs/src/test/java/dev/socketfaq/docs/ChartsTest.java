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
        assertThat(Files.readString(svg)).contains("floor (200 quantiles of 2000)");
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
