package org.deid.cli.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the progress bar draws on a terminal. ({@code deid tokenize} draws it only when {@code
 * System.console()} is present; checked by hand with {@code script -qc './deid tokenize ...'}.)
 */
class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String drawn() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void progress_knownSize_drawsBarPercentRowsAndRateOnOneLine() {
    ProgressBar bar = new ProgressBar(out, "in.csv", 1000);

    bar.progress(12_345, 500);

    assertThat(drawn())
        .startsWith("\rin.csv [############            ]  50% 12,345 rows  ")
        .endsWith(" rows/s ")
        .doesNotContain("\n");
  }

  @Test
  void progress_unknownSize_drawsRowsOnly() {
    ProgressBar bar = new ProgressBar(out, "stdin", -1);

    bar.progress(7, 100);

    assertThat(drawn()).startsWith("\rstdin 7 rows  ").doesNotContain("[", "%");
  }

  @Test
  void progress_calledAgainAtOnce_redrawsAtMostFiveTimesASecond() {
    ProgressBar bar = new ProgressBar(out, "in.csv", 1000);

    bar.progress(1, 10);
    bar.progress(2, 20);

    assertThat(drawn()).contains(" 1 rows").doesNotContain(" 2 rows");
  }

  @Test
  void clear_afterDrawing_erasesTheLine_andOtherwiseWritesNothing() {
    ProgressBar idle = new ProgressBar(out, "in.csv", 1000);
    idle.clear();
    assertThat(drawn()).isEmpty();

    ProgressBar bar = new ProgressBar(out, "in.csv", 1000);
    bar.progress(1, 2000);
    bar.clear();

    assertThat(drawn()).contains("100%").endsWith("\r\033[K");
  }
}
