package org.deid.core.policy;

import java.nio.charset.Charset;

/**
 * How to read the input.
 *
 * @param format {@code csv}, {@code tsv}, {@code psv} or {@code ndjson}
 * @param delimiter field delimiter (for {@code ndjson} the unused default {@code ,})
 * @param quote quote character (for {@code ndjson} the unused default {@code "})
 * @param header whether the first record holds column names
 * @param encoding character set of the input
 * @param trim whether to strip spaces around every field and column name (some feeds, such as
 *     FEBRL's, put a space after each delimiter)
 * @param malformedRows what to do with rows that cannot be parsed
 */
public record InputSpec(
    String format,
    char delimiter,
    char quote,
    boolean header,
    Charset encoding,
    boolean trim,
    MalformedRowStrategy malformedRows) {}
