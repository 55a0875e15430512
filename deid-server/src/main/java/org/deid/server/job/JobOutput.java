package org.deid.server.job;

/**
 * One committed output of a job: the de-identified file and its report, with counts.
 *
 * @param input the input object key
 * @param output the output object key
 * @param report the report object key
 * @param rowsRead rows read from the input
 * @param rowsWritten rows written to the output
 * @param rowsRejected rows rejected (counted in the report)
 */
public record JobOutput(
    String input,
    String output,
    String report,
    long rowsRead,
    long rowsWritten,
    long rowsRejected) {}
