/**
 * Streaming record input and output: {@link org.deid.core.record.RecordReaders} opens delimited
 * (RFC 4180) or NDJSON sources, possibly gzip-compressed, as a stream of rows and malformed records
 * with bounded memory; {@link org.deid.core.record.RowEncoders} writes rows back as text. Nothing
 * here puts a data value into an exception message, a malformed detail or a {@code toString}. See
 * {@code docs/formats.md}.
 */
package org.deid.core.record;
