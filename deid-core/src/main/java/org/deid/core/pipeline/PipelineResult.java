package org.deid.core.pipeline;

/**
 * What a pipeline run did.
 *
 * @param rowsRead input records seen (well-formed and malformed)
 * @param rowsWritten input records written to the output
 * @param rejected malformed records by reason, with line numbers
 * @param bytesRead raw input bytes consumed
 */
public record PipelineResult(
    long rowsRead, long rowsWritten, RejectedRows rejected, long bytesRead) {}
