package org.deid.server.sftp;

import java.nio.file.Path;
import org.deid.server.db.Database;
import org.deid.server.testing.TestPostgres;

/** The SFTP credential contract on a real PostgreSQL server. */
class PostgresSftpRepositoryTest extends SftpRepositoryContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.open(TestPostgres.settings(TestPostgres.shared().newDatabaseUrl()), "test");
  }
}
