package dev.socketfaq.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws a distribution chart (the samples of every series as dots, on a logarithmic axis: broken and fixed are often
 * orders of magnitude apart) as SVG with JFreeChart and JFreeSVG; for evidence without series, a bar chart of its
 * figures when two or more share a unit and more than one is not zero (one bar against zeros says nothing a table
 * does not). No web fonts: generic font families only.
 * <ul>
 *   <li>Rows run top to bottom in the order of the evidence, as the table above the chart does.</li>
 *   <li>One colour per kind on every chart ({@link #paintFor}): broken red, fixed green, second best orange,
 *       control grey, anything else (a floor) blue.</li>
 *   <li>Nothing is clipped: labels are measured against the chart's width (which grows to fit them) and never
 *       truncated; the axis label is the unit (the title is the table's).</li>
 *   <li>The log axis has ticks at 1, 2 and 5 of every decade (only 1 over wide ranges); figures of the chart's
 *       unit named a threshold or a timer are drawn as dashed markers with their value.</li>
 * </ul>
 * <p>The SVG stays small whatever a test measured: a series of up to {@value #MAX_POINTS} samples is drawn sample by
 * sample; a longer one (the Nagle lab's 2,000-sample floor) as {@value #MAX_POINTS} evenly spaced quantiles of its
 * samples, minimum and maximum included, and its label says so. Coordinates are written to two decimals.
 * <p>Over 250 lines on purpose: one class draws every chart of the site, so every chart follows the same rules
 * (colours, order, ticks, no clipping); it is site tooling, not a lesson.
 */
final class Charts {
    static final Color BROKEN = new Color(0xC0392B);
    static final Color FIXED = new Color(0x1E8449);
    static final Color SECOND_BEST = new Color(0xD68910);
    static final Color CONTROL = new Color(0x7F8C8D);
    static final Color OTHER = new Color(0x2471A3);

    /** The most dots one series puts in a chart: beyond this, quantiles (see the class comment). */
    static final int MAX_POINTS = 200;

    static final int MIN_WIDTH = 720;
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font MARKER = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** Room a plot needs beside its row labels (dots or bars, a value label, margins), in pixels. */
    private static final int PLOT_ROOM = 470;

    private Charts() {}

    /** Draws {@code doc}'s series (or its figures) to {@code svg}; false (and no file) when there is nothing to draw. */
    static boolean draw(JsonNode doc, Path svg) throws IOException {
        JsonNode series = doc.path("series");
        if (!series.isArray() || series.isEmpty()) return bars(doc, svg);

        String unit = doc.path("unit").asText("");
        var data = new XYSeriesCollection();
        int n = series.size();
        String[] names = new String[n];
        Color[] colours = new Color[n];
        double lo = Double.MAX_VALUE, hi = 0;
        for (int i = 0; i < n; i++) {
            JsonNode s = series.get(i);
            double[] values = points(s.path("values"));
            int samples = s.path("values").size();
            names[i] = Text.prose(s.path("name").asText())
                    + (values.length < samples
                            ? " (" + values.length + " quantiles of " + Text.num(samples) + ")"
                            : "");
            colours[i] = paintFor(s.path("name").asText(), s.path("kind").asText(""));
            var xy = new XYSeries(i, false, true);
            for (int k = 0; k < values.length; k++) {
                double v = Math.max(values[k], 1e-4);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                // spread the points of one series a little vertically so that equal values stay visible
                xy.add(v, i + (values.length > 1 ? (k % 7 - 3) * 0.045 : 0));
            }
            data.addSeries(xy);
        }
        if (lo > hi) return false;
        List<JsonNode> markers = new ArrayList<>();
        for (JsonNode f : doc.path("figures")) {
            String name = f.path("name").asText().toLowerCase(Locale.ROOT);
            if ((name.contains("threshold") || name.contains("timer"))
                    && f.path("unit").asText().equals(unit)
                    && f.path("value").asDouble() > 0) {
                markers.add(f);
                lo = Math.min(lo, f.path("value").asDouble());
                hi = Math.max(hi, f.path("value").asDouble());
            }
        }

        var valueAxis = new TickedLogAxis(unit.isEmpty() ? "log scale" : unit + ", log scale");
        valueAxis.setSmallestValue(1e-4);
        valueAxis.setRange(lo / 1.6, hi * 1.6);
        valueAxis.setLabelFont(LABEL);
        valueAxis.setTickLabelFont(TICK);
        var seriesAxis = new SymbolAxis(null, names);
        seriesAxis.setTickLabelFont(TICK);
        seriesAxis.setInverted(true); // the first series on top, as in the table
        seriesAxis.setGridBandsVisible(false);
        seriesAxis.setRange(markers.isEmpty() ? -0.6 : -0.7 - 0.35 * markers.size(), n - 0.4);
        var renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setDrawOutlines(false); // a filled dot: an outline in the same colour doubled every dot's markup
        for (int i = 0; i < n; i++) {
            renderer.setSeriesPaint(i, translucent(colours[i]));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        var plot = new XYPlot(data, valueAxis, seriesAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlineStroke(new BasicStroke(0.5f));
        plot.setRangeGridlinesVisible(false);
        double logLo = Math.log10(lo / 1.6), logHi = Math.log10(hi * 1.6);
        int row = 0;
        for (JsonNode f : markers) {
            double v = f.path("value").asDouble();
            var m = new ValueMarker(v, new Color(0x333333), dashed());
            m.setLabel(Text.prose(f.path("name").asText()) + " " + Text.quantity(v, unit));
            m.setLabelFont(MARKER);
            m.setLabelPaint(new Color(0x222222));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            boolean right = (Math.log10(v) - logLo) / (logHi - logLo) < 0.5; // the label on the roomier side
            m.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(right ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            m.setLabelOffset(new RectangleInsets(3 + 14 * row++, 4, 3, 4)); // one line each: labels never overlap
            plot.addDomainMarker(m);
        }
        var chart = new JFreeChart(null, LABEL, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));

        int width = width(Arrays.asList(names), TICK);
        int height = 80 + 45 * n + 16 * markers.size();
        write(chart, width, height, svg);
        return true;
    }

    /** A log axis with ticks at 1, 2 and 5 of every decade (at 1 only when the range spans more than 4 decades). */
    static final class TickedLogAxis extends LogAxis {
        TickedLogAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            for (double v : tickValues(getLowerBound(), getUpperBound())) {
                ticks.add(
                        new NumberTick(TickType.MAJOR, v, tickLabel(v), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }
    }

    /** The tick values between lo and hi: 1-2-5 per decade, or 1 per decade over more than four decades. */
    static List<Double> tickValues(double lo, double hi) {
        List<Double> ticks = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(lo)), last = (int) Math.ceil(Math.log10(hi));
        double[] steps = last - first > 4 ? new double[] {1} : new double[] {1, 2, 5};
        for (int e = first; e <= last; e++) {
            for (double s : steps) {
                double v = new BigDecimal(s).scaleByPowerOfTen(e).doubleValue();
                if (v >= lo && v <= hi) ticks.add(v);
            }
        }
        return ticks;
    }

    static String tickLabel(double v) {
        return new DecimalFormat("#,##0.#####").format(v);
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
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
        Arrays.sort(sorted);
        double[] q = new double[MAX_POINTS];
        for (int k = 0; k < MAX_POINTS; k++) {
            q[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / (MAX_POINTS - 1))];
        }
        return q;
    }

    /** The width in pixels {@code text} takes in {@code font} (Java's metrics of the generic family, plus 10%). */
    static double textWidth(String text, Font font) {
        var image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            return fm.stringWidth(text) * 1.1;
        } finally {
            g.dispose();
        }
    }

    /** A chart wide enough for its widest row label beside the plot, and at least {@value #MIN_WIDTH}. */
    static int width(List<String> labels, Font font) {
        double widest =
                labels.stream().mapToDouble(l -> textWidth(l, font)).max().orElse(0);
        return (int) Math.max(MIN_WIDTH, Math.ceil(widest + PLOT_ROOM));
    }

    private static void write(JFreeChart chart, int width, int height, Path svg) throws IOException {
        var g = new SVGGraphics2D(width, height);
        g.setGeomDoubleConverter(Charts::twoDecimals);
        g.setTransformDoubleConverter(Charts::twoDecimals);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        Files.createDirectories(svg.getParent());
        // a viewBox, so that the page may scale the chart and a reader (or the browser test) can tell what is inside it
        Files.writeString(
                svg,
                "<?xml version=\"1.0\"?>\n"
                        + g.getSVGElement(null, true, new org.jfree.svg.ViewBox(0, 0, width, height), null, null)
                        + "\n");
    }

    static String twoDecimals(double d) {
        if (!Double.isFinite(d)) return Double.toString(d);
        String s = new BigDecimal(d)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * One colour per kind across all charts, from the evidence's {@code kind} when it has one (BROKEN, FIXED,
     * SECOND_BEST, CONTROL), else from the name: "broken", "control", the second-best ways ("nodelay", "polling",
     * "slow", "second"), "fixed"; anything else (a floor, a lookup alone) is blue.
     */
    static Color paintFor(String name, String kind) {
        String k = kind.toUpperCase(Locale.ROOT);
        if (k.equals("BROKEN")) return BROKEN;
        if (k.equals("FIXED")) return FIXED;
        if (k.equals("SECOND_BEST")) return SECOND_BEST;
        if (k.equals("CONTROL")) return CONTROL;
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("broken")) return BROKEN;
        if (n.contains("control")) return CONTROL;
        if (n.contains("nodelay") || n.contains("polling") || n.contains("(slow)") || n.contains("second"))
            return SECOND_BEST;
        if (n.contains("fixed")) return FIXED;
        return OTHER;
    }

    static Color paintFor(String name) {
        return paintFor(name, "");
    }

    /**
     * A horizontal bar per figure, when the evidence has two or more figures in the first figure's unit and more
     * than one of them is not zero.
     */
    private static boolean bars(JsonNode doc, Path svg) throws IOException {
        JsonNode figures = doc.path("figures");
        if (!figures.isArray() || figures.size() < 2) return false;
        String unit = figures.get(0).path("unit").asText();
        var data = new DefaultCategoryDataset();
        List<Color> colours = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int nonZero = 0;
        boolean counts = true;
        for (JsonNode f : figures) {
            if (f.path("unit").asText().equals(unit) && f.path("value").isNumber()) {
                double v = f.path("value").asDouble();
                String label = Text.prose(f.path("name").asText());
                if (labels.contains(label)) continue;
                data.addValue(v, "value", label);
                labels.add(label);
                colours.add(paintFor(f.path("name").asText(), f.path("kind").asText("")));
                if (v != 0) nonZero++;
                counts &= v == Math.rint(v);
            }
        }
        if (data.getColumnCount() < 2 || nonZero < 2) return false;
        String axisLabel = Text.prose(unit);
        var valueAxis = new NumberAxis(axisLabel);
        valueAxis.setLabelFont(LABEL);
        valueAxis.setTickLabelFont(TICK);
        valueAxis.setUpperMargin(0.18); // room for the value labels
        valueAxis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        if (counts) valueAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        var categoryAxis = new CategoryAxis(null);
        categoryAxis.setTickLabelFont(TICK);
        categoryAxis.setMaximumCategoryLabelWidthRatio(0.9f); // labels are sized below: never cut short
        categoryAxis.setMaximumCategoryLabelLines(2);
        var renderer = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return translucent(colours.get(column));
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.6);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new AsTables()));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        renderer.setDefaultItemLabelFont(TICK);
        var plot = new CategoryPlot(data, categoryAxis, valueAxis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT); // the value axis under the bars
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        var chart = new JFreeChart(null, LABEL, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));

        // the axis label runs under the plot: the chart is wide enough for it as well as for the row labels
        int width = Math.max(width(labels, TICK), (int) Math.ceil(textWidth(axisLabel, LABEL) + 120));
        int height = 80 + 40 * data.getColumnCount();
        write(chart, width, height, svg);
        return true;
    }

    /** Numbers on a chart written as in the tables ({@link Text#num}): 2.01, not 2.005; 147,456. */
    static final class AsTables extends java.text.NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(Text.num(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(Text.num(number));
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("charts only write numbers");
        }
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 170);
    }
}
