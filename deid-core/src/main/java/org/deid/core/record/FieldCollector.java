package org.deid.core.record;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;
import java.util.Arrays;

/**
 * Receives FastCSV's parse callbacks for one record at a time and keeps what the reader needs: the
 * fields (unless over a size limit), and flags for undecodable bytes, NUL and quoted line breaks.
 * It never throws, because FastCSV cannot continue after an exception.
 *
 * <p>Returns itself from {@link #buildRecord()}; the state is valid until the next record.
 */
final class FieldCollector extends CsvCallbackHandler<FieldCollector> {
  private final boolean trim;
  private final int maxFieldChars;
  private final int maxRecordChars;

  private String[] fields = new String[32];
  private int fieldCount;
  private long recordChars;
  private long startLine;
  private RecordType type = RecordType.DATA;
  private boolean tooLarge;
  private boolean replacement;
  private boolean nul;
  private int quotedLineBreaks;

  FieldCollector(boolean trim, int maxFieldChars, int maxRecordChars) {
    this.trim = trim;
    this.maxFieldChars = maxFieldChars;
    this.maxRecordChars = maxRecordChars;
  }

  @Override
  protected RecordType getRecordType() {
    return type;
  }

  @Override
  protected int getFieldCount() {
    return fieldCount;
  }

  @Override
  protected void beginRecord(long startingLineNumber) {
    startLine = startingLineNumber;
    type = RecordType.DATA;
    fieldCount = 0;
    recordChars = 0;
    tooLarge = false;
    replacement = false;
    nul = false;
    quotedLineBreaks = 0;
  }

  @Override
  protected void addField(char[] buf, int offset, int len, boolean quoted) {
    recordChars += len + 1;
    if (len > maxFieldChars || recordChars > maxRecordChars) {
      tooLarge = true;
    }
    scan(buf, offset, len, quoted);
    if (tooLarge) {
      fieldCount++;
      return;
    }
    int start = offset;
    int end = offset + len;
    if (trim) {
      while (start < end && isBlank(buf[start])) {
        start++;
      }
      while (end > start && isBlank(buf[end - 1])) {
        end--;
      }
    }
    if (fieldCount == fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[fieldCount++] = new String(buf, start, end - start);
  }

  private void scan(char[] buf, int offset, int len, boolean quoted) {
    for (int i = offset, end = offset + len; i < end; i++) {
      char c = buf[i];
      if (c <= '\r') {
        if (c == '\0') {
          nul = true;
        } else if (quoted && (c == '\n' || (c == '\r' && (i + 1 == end || buf[i + 1] != '\n')))) {
          quotedLineBreaks++;
        }
      } else if (c == SourceStreams.REPLACEMENT) {
        replacement = true;
      }
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  protected void setComment(char[] buf, int offset, int len) {
    // Comments are disabled (CommentStrategy.NONE); a '#' line is data.
    type = RecordType.COMMENT;
  }

  @Override
  protected void setEmpty() {
    type = RecordType.EMPTY;
  }

  @Override
  protected FieldCollector buildRecord() {
    return this;
  }

  long startLine() {
    return startLine;
  }

  boolean isEmpty() {
    return type == RecordType.EMPTY;
  }

  int fieldCount() {
    return fieldCount;
  }

  boolean tooLarge() {
    return tooLarge;
  }

  boolean hasReplacement() {
    return replacement;
  }

  boolean hasNul() {
    return nul;
  }

  /** Line breaks inside quoted fields: the record spans this many extra physical lines. */
  int quotedLineBreaks() {
    return quotedLineBreaks;
  }

  /** A copy of the fields; only meaningful when not {@link #tooLarge()}. */
  String[] fields() {
    return Arrays.copyOf(fields, fieldCount);
  }
}
