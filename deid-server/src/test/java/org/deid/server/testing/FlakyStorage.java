package org.deid.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.StoredObject;

/**
 * The real local storage with an injected fault: opening an object whose key contains {@code flaky}
 * fails with an IOException while failures are left (a transient storage outage).
 */
public final class FlakyStorage implements ObjectStorage {
  private final ObjectStorage delegate;
  private final AtomicInteger failuresLeft;

  /**
   * Wraps a storage.
   *
   * @param delegate the real storage
   * @param failures how many opens of flaky objects fail
   */
  public FlakyStorage(ObjectStorage delegate, int failures) {
    this.delegate = delegate;
    this.failuresLeft = new AtomicInteger(failures);
  }

  @Override
  public StoredObject put(String key, InputStream data, long maxBytes, Optional<String> sha)
      throws IOException {
    return delegate.put(key, data, maxBytes, sha);
  }

  @Override
  public PendingObject create(String key) throws IOException {
    return delegate.create(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) throws IOException {
    return delegate.stat(key);
  }

  @Override
  public InputStream open(String key) throws IOException {
    if (key.contains("flaky") && failuresLeft.getAndDecrement() > 0) {
      throw new IOException("simulated storage outage");
    }
    return delegate.open(key);
  }

  @Override
  public List<StoredObject> list(String prefix) throws IOException {
    return delegate.list(prefix);
  }

  @Override
  public boolean delete(String key) throws IOException {
    return delegate.delete(key);
  }
}
