package org.deid.core.record;

/** The family of a record file format. */
public enum Kind {
  /** Delimited text (CSV, TSV, pipe- or semicolon-separated), RFC 4180 quoting. */
  DELIMITED,
  /** Newline-delimited JSON: one flat JSON object per line. */
  NDJSON
}
