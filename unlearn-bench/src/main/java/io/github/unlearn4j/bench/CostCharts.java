package io.github.unlearn4j.bench;

import io.github.unlearn4j.bench.CostCurvesMain.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG charts of {@link CostCurvesMain}, drawn with JFreeChart (headless):
 * {@code costs-forget.png}, median seconds against the forget fraction on the swept model;
 * {@code costs-ratio.png}, each method's fraction of retraining's time against the forget fraction,
 * with 1 (as slow as retraining) marked; {@code costs-models.png}, median seconds per model at the
 * model sweep's forget fraction, on a log scale.
 */
final class CostCharts {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xd62728), new Color(0x8c564b), new Color(0xe377c2)};

    private CostCharts() {}

    /**
     * Draws the three charts.
     *
     * @param points the timed points
     * @param swept the model of the forget sweep
     * @param atFraction the forget fraction of the model sweep
     * @param out the folder
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(List<Point> points, String swept, double atFraction, Path out) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(save(out.resolve("costs-forget.png"), forget(points, swept, false)));
        files.add(save(out.resolve("costs-ratio.png"), forget(points, swept, true)));
        files.add(save(out.resolve("costs-models.png"), models(points, atFraction)));
        return files;
    }

    private static Path save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
        return file;
    }

    private static JFreeChart forget(List<Point> points, String swept, boolean ratio) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String method : points.stream().map(Point::method).distinct().toList()) {
            if (ratio && method.equals("retrain")) {
                continue;
            }
            XYSeries series = new XYSeries(method, true, false);
            points.stream().filter(p -> p.model().equals(swept) && p.method().equals(method)).forEach(p ->
                    series.add(100 * p.fraction(), ratio ? CostCurvesMain.ratioToRetrain(p, points) : p.median()));
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                ratio ? "Fraction of retraining's time (" + swept + ")" : "Unlearning time against forget-set size ("
                        + swept + ", median)",
                "forget set (% of the training rows)", ratio ? "time / retrain's time" : "seconds", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        style(chart, plot.getRenderer() instanceof XYLineAndShapeRenderer r ? r : null, data.getSeriesCount());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (ratio) {
            ValueMarker one = new ValueMarker(1, Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            one.setLabel("as slow as retraining");
            plot.addRangeMarker(one);
        }
        return chart;
    }

    private static void style(JFreeChart chart, XYLineAndShapeRenderer renderer, int series) {
        chart.setBackgroundPaint(Color.WHITE);
        if (renderer == null) {
            return;
        }
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesShapesVisible(i, true);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
    }

    private static JFreeChart models(List<Point> points, double atFraction) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        points.stream().filter(p -> p.fraction() == atFraction)
                .forEach(p -> data.addValue(p.median(), p.method(), p.model()));
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "Unlearning time per model (forget %.0f%%, median)", 100 * atFraction),
                "model", "seconds (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogAxis axis = new LogAxis("seconds (log scale)");
        DoubleSummaryStatistics medians = points.stream().filter(p -> p.fraction() == atFraction)
                .mapToDouble(Point::median).summaryStatistics();
        if (medians.getCount() > 0) {
            double lower = Math.max(1e-6, medians.getMin() / 2);
            axis.setSmallestValue(lower);
            axis.setAutoRange(false);
            axis.setRange(lower, medians.getMax() * 1.5);
        }
        axis.setNumberFormatOverride(new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        plot.setRangeAxis(axis);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
        }
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
