package org.deid.server.db;

import java.nio.file.Path;
import org.deid.server.testing.TestPostgres;

/** The repository contract on a real PostgreSQL server. */
class PostgresRepositoryTest extends RepositoryContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.open(TestPostgres.settings(TestPostgres.shared().newDatabaseUrl()), "test");
  }
}
