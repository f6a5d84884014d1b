package io.github.unlearn4j.bench.harness;

import io.github.unlearn4j.bench.harness.ResultsHarness.Results;
import io.github.unlearn4j.bench.harness.ResultsHarness.Row;
import io.github.unlearn4j.bench.harness.ResultsHarness.ScenarioResult;
import io.github.unlearn4j.bench.harness.ResultsHarness.SeedResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG charts of the results table, drawn with JFreeChart (headless): per scenario, a grouped
 * bar chart of each method's mean gap to retrain per metric ({@code gap-<scenario>.png}); and one
 * scatter of Avg. Gap against run time, both scenarios, each point labelled with its method, with
 * the original's Avg. Gap as a dashed line per scenario ({@code gap-vs-time.png}).
 */
final class Charts {
    /** The scatter's file name. */
    static final String SCATTER = "gap-vs-time.png";
    /** The overlap study's chart. */
    static final String OVERLAP = "gap-vs-overlap.png";
    private static final Color[] SCENARIO_COLORS = {new Color(0x1f77b4), new Color(0xd62728)};
    private static final Color[] METRIC_COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0x9467bd)};

    private Charts() {}

    /**
     * The bar chart's file name of a scenario.
     *
     * @param s the scenario
     * @return the name
     */
    static String barFile(ScenarioResult s) {
        return "gap-" + s.scenario().id + ".png";
    }

    /**
     * Draws every chart.
     *
     * @param r the results
     * @param out the folder
     * @return the files
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(Results r, Path out) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            Path f = out.resolve(barFile(s));
            ChartUtils.saveChartAsPNG(f.toFile(), bars(s, r), 1200, 600);
            files.add(f);
        }
        Path f = out.resolve(SCATTER);
        ChartUtils.saveChartAsPNG(f.toFile(), scatter(r), 1100, 750);
        files.add(f);
        Path o = out.resolve(OVERLAP);
        ChartUtils.saveChartAsPNG(o.toFile(), overlap(r), 1000, 650);
        files.add(o);
        return files;
    }

    private static JFreeChart bars(ScenarioResult s, Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Row row : s.rows()) {
            if (row.method().equals("retrain") || row.seeds().isEmpty() || row.notApplicable() != null) {
                continue;
            }
            for (int i = 0; i < Metrics.NAMES.length; i++) {
                int k = i;
                data.addValue(row.stat(x -> x.gaps().get(k)).mean(), Metrics.NAMES[i] + " gap", row.method());
            }
        }
        String title = String.format(Locale.ROOT, "%s: gap to retrain per metric (%s, mean of %d seed%s)",
                s.scenario().title, r.dataset(), r.options().seeds().size(), r.options().seeds().size() == 1 ? "" : "s");
        JFreeChart chart = ChartFactory.createBarChart(title, "method", "|metric − retrain| (percentage points)", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < METRIC_COLORS.length; i++) {
            renderer.setSeriesPaint(i, METRIC_COLORS[i]);
        }
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart scatter(Results r) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<List<String>> labels = new ArrayList<>();
        double minTime = Double.POSITIVE_INFINITY;
        for (ScenarioResult s : r.scenarios()) {
            XYSeries series = new XYSeries(s.scenario().title, false, true);
            List<String> names = new ArrayList<>();
            for (Row row : s.rows()) {
                if (row.method().equals("original") || row.seeds().isEmpty() || row.notApplicable() != null) {
                    continue;
                }
                double t = row.stat(SeedResult::seconds).mean();
                if (!(t > 0)) {
                    continue;
                }
                series.add(t, row.avgGap().mean());
                names.add(row.method());
                minTime = Math.min(minTime, t);
            }
            data.addSeries(series);
            labels.add(names);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(
                "Avg. Gap to retrain vs run time (" + r.dataset() + ", dashed: the original's Avg. Gap)",
                "run time (s, log scale)", "Avg. Gap (percentage points)", data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogAxis time = new LogAxis("run time (s, log scale)");
        time.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        time.setSmallestValue(Double.isFinite(minTime) ? Math.max(1e-3, minTime / 2) : 1e-3);
        time.setAutoTickUnitSelection(false);
        time.setTickUnit(new NumberTickUnit(0.25));
        plot.setDomainAxis(time);
        double top = 0;
        XYItemRenderer renderer = plot.getRenderer();
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> labels.get(series).get(item));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        for (int i = 0; i < r.scenarios().size(); i++) {
            Color c = SCENARIO_COLORS[i % SCENARIO_COLORS.length];
            renderer.setSeriesPaint(i, c);
            double original = r.scenarios().get(i).row("original").avgGap().mean();
            if (Double.isFinite(original)) {
                top = Math.max(top, original);
                ValueMarker m = new ValueMarker(original, c, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                m.setLabel("original, " + r.scenarios().get(i).scenario().id);
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                m.setLabelPaint(c);
                plot.addRangeMarker(m);
            }
        }
        for (int i = 0; i < data.getSeriesCount(); i++) {
            top = Math.max(top, data.getSeries(i).getMaxY());
        }
        if (top > 0 && Double.isFinite(top)) {
            ((NumberAxis) plot.getRangeAxis()).setRange(0, top * 1.08);
        }
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart overlap(Results r) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String m : ResultsHarness.OVERLAP_METHODS) {
            XYSeries series = new XYSeries(m, true, true);
            for (ResultsHarness.OverlapPoint p : r.overlap()) {
                List<Double> g = p.gaps().getOrDefault(m, List.of());
                double mean = Stats.of(g.stream().filter(v -> !Double.isNaN(v)).toList()).mean();
                if (!g.isEmpty() && Double.isFinite(mean)) {
                    series.add(p.overlap(), mean);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Class-wise forgetting of each class: Avg. Gap to retrain vs "
                + "the class's overlap (" + r.dataset() + ", seeds " + r.overlapSeeds() + ")",
                "overlap: the original's confusion mass on the class's test rows (%)", "Avg. Gap (percentage points)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer =
                new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, METRIC_COLORS[i % METRIC_COLORS.length]);
        }
        plot.setRenderer(renderer);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
