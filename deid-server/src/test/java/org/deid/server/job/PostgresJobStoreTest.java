package org.deid.server.job;

import java.nio.file.Path;
import org.deid.server.db.Database;
import org.deid.server.testing.TestPostgres;

/** The {@link JobStore} contract on a real PostgreSQL server. */
class PostgresJobStoreTest extends JobStoreContract {
  private String url;

  @Override
  Database openDatabase(Path dir) {
    if (url == null) {
      url = TestPostgres.shared().newDatabaseUrl();
    }
    return Database.open(TestPostgres.settings(url), "deid-test");
  }
}
