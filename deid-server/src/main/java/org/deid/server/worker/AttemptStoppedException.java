package org.deid.server.worker;

import java.io.IOException;

/**
 * Thrown into a running attempt's streams when it must stop (cancel, lost lease, timeout,
 * shutdown).
 */
final class AttemptStoppedException extends IOException {
  private static final long serialVersionUID = 1L;

  AttemptStoppedException() {
    super("the attempt was stopped");
  }
}
