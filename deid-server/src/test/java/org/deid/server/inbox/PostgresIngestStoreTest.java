package org.deid.server.inbox;

import java.nio.file.Path;
import org.deid.server.db.Database;
import org.deid.server.testing.TestPostgres;

/** The inbox and activity store contract on a real PostgreSQL server (schema V5 included). */
class PostgresIngestStoreTest extends IngestStoreContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.open(TestPostgres.settings(TestPostgres.shared().newDatabaseUrl()), "test");
  }
}
