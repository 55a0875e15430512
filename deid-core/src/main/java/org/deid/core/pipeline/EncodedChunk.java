package org.deid.core.pipeline;

import java.util.List;

/**
 * The encoded output of one chunk of rows: either one block of bytes, or one block per row when the
 * output is to be shuffled.
 */
public final class EncodedChunk {
  private final byte[] bytes;
  private final List<byte[]> rowBytes;
  private final int rows;

  private EncodedChunk(byte[] bytes, List<byte[]> rowBytes, int rows) {
    this.bytes = bytes;
    this.rowBytes = rowBytes;
    this.rows = rows;
  }

  static EncodedChunk of(byte[] bytes, int rows) {
    return new EncodedChunk(bytes, List.of(), rows);
  }

  static EncodedChunk ofRows(List<byte[]> rowBytes) {
    return new EncodedChunk(new byte[0], rowBytes, rowBytes.size());
  }

  /**
   * Returns the encoded rows as one block (empty when {@link #perRow()}).
   *
   * @return UTF-8 bytes
   */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * Tells whether the chunk holds one block per row.
   *
   * @return true for per-row blocks
   */
  public boolean perRow() {
    return !rowBytes.isEmpty();
  }

  /**
   * Returns the encoded output of each row (empty unless {@link #perRow()}).
   *
   * @return per-row UTF-8 bytes
   */
  public List<byte[]> rowBytes() {
    return rowBytes;
  }

  /**
   * Returns the number of input rows in this chunk.
   *
   * @return the row count
   */
  public int rows() {
    return rows;
  }
}
