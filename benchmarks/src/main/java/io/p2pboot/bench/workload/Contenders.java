package io.p2pboot.bench.workload;

import io.p2pboot.bench.Row;
import io.p2pboot.bench.RunContext;
import java.util.Locale;
import java.util.OptionalDouble;
import org.jgroups.Version;

/** What a contender's row says beside its figures: whose they are, and the library's ratio it is judged against. */
final class Contenders {

    static final String JGROUPS = "JGroups " + jgroupsVersion();

    private Contenders() {
    }

    /**
     * The contender's row, with the library's ratio on {@code p2pRow} from earlier in this run as
     * its rival (the row then says whether the library is ahead), or a note that it did not run.
     */
    static Row row(Row contender, String p2pRow, RunContext context, String note) {
        OptionalDouble p2p = context.get(RunContext.ratioOf(p2pRow));
        String versus = p2p.isPresent()
                ? String.format(Locale.ROOT, "p2p %.2f in %s", p2p.getAsDouble(), p2pRow)
                : p2pRow + " not run: nothing to compare";
        Row row = contender.withNote(JGROUPS + " in the p2p column; " + versus + "; " + note);
        return p2p.isPresent() ? row.withRival(p2p.getAsDouble()) : row;
    }

    private static String jgroupsVersion() {
        String v = Version.printVersion();
        return v == null ? "" : v;
    }
}
