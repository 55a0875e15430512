package org.deid.server.job;

import java.nio.file.Path;
import org.deid.server.db.Database;

/** The {@link JobStore} contract on the embedded H2 database. */
class H2JobStoreTest extends JobStoreContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.openEmbedded(dir);
  }
}
