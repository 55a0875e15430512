package org.deid.core.record;

/** How an input file is compressed. */
public enum Compression {
  /** Gzip when the stream starts with the gzip magic bytes {@code 1f 8b}, plain otherwise. */
  AUTO,
  /** Never decompress, even if the content looks like gzip. */
  NONE,
  /** Require gzip; a stream without the gzip magic bytes is a fatal {@code not_gzip} error. */
  GZIP
}
