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
import java.text.DecimalFormat;
import org.jfree.chart.JFreeChart;
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
 * Draws a distribution chart (the samples of every series as dots, on a logarithmic axis: broken and fixed are often
 * orders of magnitude apart) as SVG with JFreeChart and JFreeSVG; for evidence without series, a bar chart of its
 * figures when two or more share a unit (counts: collisions, bytes delivered, segments). No web fonts: generic
 * font families only.
 * <p>The SVG stays small whatever a test measured: a series of up to {@value #MAX_POINTS} samples is drawn sample by
 * sample; a longer one (the Nagle lab's 2,000-sample floor) as {@value #MAX_POINTS} evenly spaced quantiles of its
 * samples, minimum and maximum included, and its axis label says so. Coordinates are written to two decimals
 * (a hundredth of a pixel).
 */
final class Charts {
    private static final Color[] PALETTE = {
        new Color(0xC0392B),
        new Color(0x27AE60),
        new Color(0x2980B9),
        new Color(0x7F8C8D),
        new Color(0x8E44AD),
        new Color(0xD35400)
    };

    /** The most dots one series puts in a chart: beyond this, quantiles (see the class comment). */
    static final int MAX_POINTS = 200;

    private Charts() {}

    /** Draws {@code doc}'s series (or its figures) to {@code svg}; false (and no file) when there is nothing to draw. */
    static boolean draw(JsonNode doc, Path svg) throws IOException {
        JsonNode series = doc.path("series");
        if (!series.isArray() || series.isEmpty()) return bars(doc, svg);

        var data = new XYSeriesCollection();
        String[] names = new String[series.size()];
        for (int i = 0; i < series.size(); i++) {
            JsonNode s = series.get(i);
            double[] values = points(s.path("values"));
            int samples = s.path("values").size();
            names[i] = s.path("name").asText()
                    + (values.length < samples ? " (" + values.length + " quantiles of " + samples + ")" : "");
            var xy = new XYSeries(names[i], false, true);
            int n = values.length;
            for (int k = 0; k < n; k++) {
                // spread the points of one series a little vertically so that equal values stay visible
                xy.add(Math.max(values[k], 1e-4), i + (n > 1 ? (k % 7 - 3) * 0.045 : 0));
            }
            data.addSeries(xy);
        }
        if (data.getSeriesCount() == 0) return false;

        var valueAxis =
                new LogAxis(doc.path("title").asText() + " (" + doc.path("unit").asText("") + ", log scale)");
        valueAxis.setSmallestValue(1e-4);
        valueAxis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        valueAxis.setNumberFormatOverride(new DecimalFormat("0.####")); // 0.01, 0.1, 1, 10 rather than 10^-2
        valueAxis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        var seriesAxis = new SymbolAxis(null, names);
        seriesAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        var renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setDrawOutlines(false); // a filled dot: an outline in the same colour doubled every dot's markup
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, translucent(paintFor(names[i])));
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
        var g = svg(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, g.getSVGDocument());
        return true;
    }

    /**
     * The values to draw for one series: all of them, in measured order, when there are at most {@link #MAX_POINTS};
     * otherwise {@link #MAX_POINTS} quantiles of the sorted values at evenly spaced ranks (rank {@code k(n-1)/(m-1)},
     * so the minimum and the maximum are among them), each standing for about n/m samples.
     */
    static double[] points(JsonNode values) {
        double[] all = new double[values.size()];
        for (int k = 0; k < all.length; k++) all[k] = values.get(k).asDouble();
        if (all.length <= MAX_POINTS) return all;
        double[] sorted = all.clone();
        java.util.Arrays.sort(sorted);
        double[] q = new double[MAX_POINTS];
        for (int k = 0; k < MAX_POINTS; k++) {
            q[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / (MAX_POINTS - 1))];
        }
        return q;
    }

    /** An SVG canvas writing coordinates to two decimals (JFreeSVG's default writes a double's every digit). */
    private static SVGGraphics2D svg(int width, int height) {
        var g = new SVGGraphics2D(width, height);
        g.setGeomDoubleConverter(Charts::twoDecimals);
        g.setTransformDoubleConverter(Charts::twoDecimals);
        return g;
    }

    static String twoDecimals(double d) {
        if (!Double.isFinite(d)) return Double.toString(d);
        String s = new java.math.BigDecimal(d)
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** One colour per kind across all charts: broken red, fixed green, anything else (a floor, a slow but correct way) blue. */
    static Color paintFor(String seriesName) {
        return PALETTE[seriesName.contains("broken") ? 0 : seriesName.contains("fixed") ? 1 : 2];
    }

    /** A horizontal bar per figure, when the evidence has two or more figures in the first figure's unit. */
    private static boolean bars(JsonNode doc, Path svg) throws IOException {
        JsonNode figures = doc.path("figures");
        if (!figures.isArray() || figures.size() < 2) return false;
        String unit = figures.get(0).path("unit").asText();
        var data = new org.jfree.data.category.DefaultCategoryDataset();
        for (JsonNode f : figures) {
            if (f.path("unit").asText().equals(unit) && f.path("value").isNumber()) {
                data.addValue(f.path("value").asDouble(), unit, f.path("name").asText());
            }
        }
        if (data.getColumnCount() < 2) return false;
        var chart = org.jfree.chart.ChartFactory.createBarChart(
                null,
                null,
                doc.path("title").asText() + " (" + unit + ")",
                data,
                PlotOrientation.HORIZONTAL,
                false,
                false,
                false);
        var plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        var renderer = new org.jfree.chart.renderer.category.BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return translucent(paintFor(data.getColumnKey(column).toString()));
            }
        };
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultItemLabelGenerator(
                new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.###")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(
                org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, org.jfree.chart.ui.TextAnchor.CENTER_LEFT));
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        plot.setRenderer(renderer);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        plot.getRangeAxis().setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        plot.getRangeAxis().setUpperMargin(0.15); // room for the value labels
        boolean counts = data.getColumnKeys().stream().allMatch(k -> {
            double v = data.getValue(0, data.getColumnIndex((Comparable<?>) k)).doubleValue();
            return v == Math.rint(v);
        });
        if (counts) { // whole numbers (clients, collisions, bytes): no 0.2 or 0.4 ticks between them
            plot.getRangeAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        }
        chart.setBackgroundPaint(Color.WHITE);

        int width = 720;
        int height = 70 + 40 * data.getColumnCount();
        var g = svg(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, g.getSVGDocument());
        return true;
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
    }
}
