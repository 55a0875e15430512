package org.deid.server.storage.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import org.deid.server.storage.NoSuchObjectException;
import org.deid.server.storage.StorageUnavailableException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK exceptions into {@link IOException}s whose messages name the store (endpoint, bucket)
 * and the failed action. Service errors carry only the S3 error code and HTTP status; network
 * errors the SDK's description of the connection problem. Object content is never part of either.
 */
final class S3Errors {
  private final String location;

  S3Errors(S3Settings settings) {
    this.location = settings.describe();
  }

  /**
   * Converts an SDK exception.
   *
   * @param action what was being done, for example "upload a part"
   * @param error the SDK exception
   * @return the exception to throw
   */
  IOException wrap(String action, SdkException error) {
    if (error instanceof S3Exception service) {
      if (isNotFound(service)) {
        return new NoSuchObjectException();
      }
      String code =
          service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
              ? "no error code"
              : service.awsErrorDetails().errorCode();
      return new IOException(
          String.format(
              Locale.ROOT,
              "S3 storage %s: cannot %s: %s (HTTP %d)",
              location,
              action,
              code,
              service.statusCode()),
          error);
    }
    if (error instanceof AbortedException) {
      InterruptedIOException interrupted =
          new InterruptedIOException(
              "S3 storage " + location + ": interrupted while trying to " + action);
      interrupted.initCause(error);
      return interrupted;
    }
    if (error instanceof SdkClientException) {
      return new StorageUnavailableException(
          "S3 storage " + location + " cannot be reached to " + action + ": " + rootMessage(error),
          error);
    }
    return new IOException("S3 storage " + location + ": cannot " + action, error);
  }

  /**
   * Returns whether a service error means the object (or key) does not exist.
   *
   * @param error the service error
   * @return true for HTTP 404
   */
  static boolean isNotFound(S3Exception error) {
    return error.statusCode() == 404;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
