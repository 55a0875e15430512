package org.deid.core.policy;

/**
 * How to write the output (always UTF-8, always with a header).
 *
 * @param format {@code csv}, {@code tsv}, {@code psv} or {@code ndjson}
 * @param delimiter field delimiter (for {@code ndjson} the unused default {@code ,})
 * @param quote quote character (for {@code ndjson} the unused default {@code "})
 */
public record OutputSpec(String format, char delimiter, char quote) {}
