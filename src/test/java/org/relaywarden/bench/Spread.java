package org.relaywarden.bench;

import java.util.Arrays;
import java.util.List;

/** The median of several runs and their range, for a table cell: {@code 123 (118-130)}. */
record Spread(double median, double min, double max, int runs) {

    static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    /** Median and range with the given format for each number, e.g. {@code "%.0f"}. */
    String format(String number) {
        if (runs <= 1) {
            return number.formatted(median);
        }
        return number.formatted(median) + " (" + number.formatted(min) + "-" + number.formatted(max) + ")";
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[]{median, min, max});
    }
}
