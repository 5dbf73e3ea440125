package io.p2pboot.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The table printed after a run, and the {@code --json} file. */
public final class Report {

    private Report() {
    }

    public static void printHeader(PrintStream out) {
        out.printf(Locale.ROOT, "%-19s %-13s %12s %12s %7s %12s %-9s %-6s %s%n",
                "name", "unit", "p2p", "raw", "ratio", "limit", "target", "met", "note");
    }

    public static void printRow(PrintStream out, Row r) {
        Boolean met = Targets.met(r);
        out.printf(Locale.ROOT, "%-19s %-13s %12s %12s %7s %12s %-9s %-6s %s%n",
                r.name(), r.unit(), num(r.p2p()), r.raw() == null ? "—" : num(r.raw()),
                r.ratio() == null ? "—" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                r.limit() == null ? "—" : num(r.limit()), Targets.describe(r.name()),
                met == null ? "" : met ? "yes" : "NO", r.note());
    }

    public static void printTable(PrintStream out, List<Row> rows) {
        printHeader(out);
        for (Row r : rows) {
            printRow(out, r);
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** {@code [{"name", "unit", "p2p", "raw", "ratio"}]}, plus {@code "limit"} where measured. */
    public static String json(List<Row> rows) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append("  {\"name\": \"").append(r.name()).append("\", \"unit\": \"").append(r.unit())
                    .append("\", \"p2p\": ").append(jsonNumber(r.p2p()))
                    .append(", \"raw\": ").append(jsonNumber(r.raw()))
                    .append(", \"ratio\": ").append(jsonNumber(r.ratio()));
            if (r.limit() != null) {
                b.append(", \"limit\": ").append(jsonNumber(r.limit()));
            }
            b.append('}').append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    private static String jsonNumber(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public static void writeJson(Path file, List<Row> rows) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json(rows));
    }
}
