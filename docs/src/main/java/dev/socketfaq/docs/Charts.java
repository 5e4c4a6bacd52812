package dev.socketfaq.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import java.text.DecimalFormat;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws a distribution chart (every sample of every series, on a logarithmic axis: broken and fixed are often
 * orders of magnitude apart) as SVG with JFreeChart and JFreeSVG. No web fonts: generic font families only.
 */
final class Charts {
    private static final Color[] PALETTE = {
        new Color(0xC0392B), new Color(0x27AE60), new Color(0x2980B9), new Color(0x7F8C8D), new Color(0x8E44AD), new Color(0xD35400)};

    private Charts() {}

    /** Draws {@code doc}'s series to {@code svg}; false (and no file) when it has no series with values. */
    static boolean draw(JsonNode doc, Path svg) throws IOException {
        JsonNode series = doc.path("series");
        if (!series.isArray() || series.isEmpty()) return false;

        var data = new XYSeriesCollection();
        String[] names = new String[series.size()];
        for (int i = 0; i < series.size(); i++) {
            JsonNode s = series.get(i);
            names[i] = s.path("name").asText();
            var xy = new XYSeries(names[i], false, true);
            JsonNode values = s.path("values");
            int n = values.size();
            for (int k = 0; k < n; k++) {
                double v = values.get(k).asDouble();
                // spread the points of one series a little vertically so that equal values stay visible
                xy.add(Math.max(v, 1e-4), i + (n > 1 ? (k % 7 - 3) * 0.045 : 0));
            }
            data.addSeries(xy);
        }
        if (data.getSeriesCount() == 0) return false;

        var valueAxis = new LogAxis(doc.path("title").asText() + " (" + doc.path("unit").asText("") + ", log scale)");
        valueAxis.setSmallestValue(1e-4);
        valueAxis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        valueAxis.setNumberFormatOverride(new DecimalFormat("0.####")); // 0.01, 0.1, 1, 10 rather than 10^-2
        valueAxis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        var seriesAxis = new SymbolAxis(null, names);
        seriesAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        var renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, translucent(PALETTE[i % PALETTE.length]));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        var plot = new XYPlot(data, valueAxis, seriesAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlineStroke(new BasicStroke(0.5f));
        plot.setRangeGridlinesVisible(false);
        var chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);

        int width = 720;
        int height = 70 + 45 * names.length;
        var g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, g.getSVGDocument());
        return true;
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
    }
}
