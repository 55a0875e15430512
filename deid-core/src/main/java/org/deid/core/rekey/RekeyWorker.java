package org.deid.core.rekey;

import org.deid.core.key.DecryptionException;
import org.deid.core.pipeline.RowFailure;
import org.deid.core.pipeline.RowWorker;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RowEncoder;
import org.deid.core.token.SiteTokens;

/** Re-keys the token fields of one row at a time; one per pipeline thread. */
final class RekeyWorker implements RowWorker {
  private final SiteTokens tokens;
  private final RowEncoder encoder;
  private final int[] indexes;
  private final String[] ruleIds;
  private final String[] columnNames;
  private final String source;

  RekeyWorker(
      SiteTokens tokens,
      RowEncoder encoder,
      int[] indexes,
      String[] ruleIds,
      String[] columnNames,
      String source) {
    this.tokens = tokens;
    this.encoder = encoder;
    this.indexes = indexes;
    this.ruleIds = ruleIds;
    this.columnNames = columnNames;
    this.source = source;
  }

  @Override
  public void handle(ReadResult.Row row, StringBuilder out) {
    String[] fields = row.fields().clone();
    for (int i = 0; i < indexes.length; i++) {
      int index = indexes[i];
      if (index >= fields.length || fields[index] == null || fields[index].isEmpty()) {
        continue;
      }
      try {
        fields[index] = tokens.rekey(fields[index], ruleIds[i]);
      } catch (DecryptionException e) {
        // the reason and key id, never the token
        throw new RowFailure(
            source
                + ": line "
                + row.line()
                + ", column "
                + columnNames[i]
                + ": the token does not decrypt ("
                + e.reason()
                + ")");
      }
    }
    encoder.encode(fields, out);
  }
}
