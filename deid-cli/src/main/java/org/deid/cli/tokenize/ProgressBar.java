package org.deid.cli.tokenize;

import java.io.PrintStream;
import java.util.Locale;
import org.deid.core.pipeline.ProgressListener;

/**
 * A one-line progress display on a terminal: rows done, percentage of input bytes (when the size is
 * known) and rows per second. Redraws at most five times a second.
 */
final class ProgressBar implements ProgressListener {
  private final PrintStream out;
  private final String name;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  // nanoTime has an arbitrary origin: start "long ago" so that the first call draws.
  private long lastDraw = startNanos - 1_000_000_000L;
  private boolean drawn;

  ProgressBar(PrintStream out, String name, long totalBytes) {
    this.out = out;
    this.name = name;
    this.totalBytes = totalBytes;
  }

  @Override
  public void progress(long rowsDone, long bytesRead) {
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max((now - startNanos) / 1e9, 0.001);
    String percent = "";
    if (totalBytes > 0) {
      double share = Math.min(1.0, (double) bytesRead / totalBytes);
      int width = 24;
      int filled = (int) Math.round(share * width);
      percent =
          "["
              + "#".repeat(filled)
              + " ".repeat(width - filled)
              + "] "
              + String.format(Locale.ROOT, "%3.0f%% ", share * 100);
    }
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s %s%,d rows  %,.0f rows/s ",
            name,
            percent,
            rowsDone,
            rowsDone / seconds));
    out.flush();
    drawn = true;
  }

  void clear() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
    }
  }
}
