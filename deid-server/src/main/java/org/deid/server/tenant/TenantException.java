package org.deid.server.tenant;

/** A tenant operation refused; carries the HTTP status to answer and a message safe to show. */
public final class TenantException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  private TenantException(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * Returns the HTTP status for this refusal.
   *
   * @return 400, 404 or 409
   */
  public int status() {
    return status;
  }

  static TenantException invalid(String message) {
    return new TenantException(400, message);
  }

  static TenantException notFound(String message) {
    return new TenantException(404, message);
  }

  static TenantException conflict(String message) {
    return new TenantException(409, message);
  }
}
