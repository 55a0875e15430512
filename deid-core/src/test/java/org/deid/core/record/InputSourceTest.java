package org.deid.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class InputSourceTest {

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void gzip_bytesReadCountsCompressedBytes() throws IOException {
    byte[] compressed = gzip("a,b\n" + "1,2\n".repeat(1000));
    try (RecordReader reader =
        RecordReaders.open(new ByteArrayInputStream(compressed), InputFormat.csv(), "x.csv.gz")) {
      int rows = 0;
      while (reader.next().isPresent()) {
        rows++;
      }
      assertThat(rows).isEqualTo(1000);
      assertThat(reader.bytesRead()).isEqualTo(compressed.length);
    }
  }

  @Test
  void compressionNone_doesNotDecompressSoGzipBytesFailAsBinary() throws IOException {
    byte[] compressed = gzip("a\n1\n");

    assertThatThrownBy(
            () ->
                Reading.read(
                    compressed,
                    InputFormat.csv()
                        .withCompression(Compression.NONE)
                        .withCharset(StandardCharsets.ISO_8859_1)))
        .isInstanceOf(RecordFormatException.class)
        .extracting(e -> ((RecordFormatException) e).reason())
        .isEqualTo("nul_byte");
  }

  @Test
  void concatenatedGzipMembers_readAsOneStream() throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(gzip("a,b\n1,2\n"));
    both.writeBytes(gzip("3,4\n"));

    Reading.All all = Reading.read(both.toByteArray(), InputFormat.csv());

    assertThat(all.fieldLists()).containsExactly(List.of("1", "2"), List.of("3", "4"));
  }

  @Test
  void inputFormat_sameDelimiterAndQuoteOrBadLimits_areRejected() {
    assertThatThrownBy(() -> InputFormat.csv().withQuote(','))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InputFormat.csv().withDelimiter('\n'))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InputFormat.csv().withLimits(10, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shortConstructor_usesNoTrimAndDefaultLimits() {
    InputFormat format =
        new InputFormat(
            Kind.DELIMITED, ';', '\'', false, StandardCharsets.ISO_8859_1, Compression.NONE);

    assertThat(format.trim()).isFalse();
    assertThat(format.maxFieldChars()).isEqualTo(InputFormat.DEFAULT_MAX_FIELD_CHARS);
    assertThat(format.maxRecordChars()).isEqualTo(InputFormat.DEFAULT_MAX_RECORD_CHARS);
  }

  @Test
  void customQuoteCharacter_quotesFields() throws IOException {
    Reading.All all =
        Reading.read("a;b\n'x;y';'it''s'\n", InputFormat.csv().withDelimiter(';').withQuote('\''));

    assertThat(all.fieldLists()).containsExactly(List.of("x;y", "it's"));
  }
}
