package io.p2pboot.bench;

import java.util.List;

/** One measured scenario: runs the library and its raw baseline, returns its rows. */
public interface Workload {

    /** The names of the rows it produces, for selecting workloads with {@code --only}. */
    List<String> names();

    List<Row> run(Settings settings, RunContext context) throws Exception;
}
