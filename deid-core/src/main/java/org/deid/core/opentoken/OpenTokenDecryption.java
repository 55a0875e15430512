package org.deid.core.opentoken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deid.core.key.SecretBytes;
import org.deid.core.pipeline.DeidRunException;
import org.deid.core.pipeline.OrderedSink;
import org.deid.core.pipeline.ParallelPipeline;
import org.deid.core.pipeline.PipelineOptions;
import org.deid.core.pipeline.PipelineResult;
import org.deid.core.pipeline.RowFailure;
import org.deid.core.pipeline.RowWorker;
import org.deid.core.pipeline.RunInput;
import org.deid.core.record.InputFormat;
import org.deid.core.record.ReadResult;
import org.deid.core.record.RecordReader;
import org.deid.core.token.OpenTokenDecryptor;

/**
 * Decrypts an OpenToken encrypted output ({@code RuleId,Token,RecordId}) into the hash-only tokens,
 * on the parallel pipeline, keeping the layout and order; blank (64 zeros) tokens stay blank.
 */
public final class OpenTokenDecryption {
  private static final String BLANK = "0".repeat(64);

  private final SecretBytes encryptionKey;

  /**
   * Creates the decryption.
   *
   * @param encryptionKey the 32-byte AES-256 key
   */
  public OpenTokenDecryption(SecretBytes encryptionKey) {
    this.encryptionKey = encryptionKey;
  }

  /**
   * Decrypts one file.
   *
   * @param input the encrypted OpenToken CSV
   * @param output where the hash-only CSV goes (not closed)
   * @param options threads and progress
   * @return counts: rows read and written, rejected rows
   * @throws IOException if reading or writing fails
   * @throws DeidRunException if the input is not an OpenToken output or a token does not decrypt
   */
  public PipelineResult run(RunInput input, OutputStream output, PipelineOptions options)
      throws IOException, DeidRunException {
    try (InputStream in = input.opener().open();
        RecordReader reader = input.reader(in, InputFormat.csv())) {
      List<String> header = reader.columns();
      if (!header.equals(List.of("RuleId", "Token", "RecordId"))) {
        throw new DeidRunException(
            DeidRunException.Kind.INPUT,
            input.name()
                + ": not an OpenToken output (expected header RuleId,Token,RecordId, found "
                + header
                + ")");
      }
      output.write("RuleId,Token,RecordId\n".getBytes(StandardCharsets.UTF_8));
      ParallelPipeline<DecryptWorker> pipeline =
          new ParallelPipeline<>(
              () -> new DecryptWorker(new OpenTokenDecryptor(encryptionKey), input.name()),
              options.withFailOnMalformed(true));
      return pipeline.run(reader, input.name(), new OrderedSink(output));
    }
  }

  private static final class DecryptWorker implements RowWorker {
    private final OpenTokenDecryptor decryptor;
    private final String sourceName;

    DecryptWorker(OpenTokenDecryptor decryptor, String sourceName) {
      this.decryptor = decryptor;
      this.sourceName = sourceName;
    }

    @Override
    public void handle(ReadResult.Row row, StringBuilder out) {
      String[] fields = row.fields();
      String token = fields[1];
      String plain;
      if (token.equals(BLANK)) {
        plain = BLANK;
      } else {
        try {
          plain = decryptor.decrypt(token);
        } catch (RuntimeException e) {
          throw new RowFailure(
              sourceName
                  + ": line "
                  + row.line()
                  + ", column 2: token does not decrypt with this key");
        }
      }
      out.append(fields[0]).append(',').append(plain).append(',');
      OpenTokenWorker.appendCsvField(out, fields[2]);
      out.append('\n');
    }
  }
}
