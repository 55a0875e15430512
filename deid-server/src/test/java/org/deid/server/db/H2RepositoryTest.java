package org.deid.server.db;

import java.nio.file.Path;

/** The repository contract on the embedded H2 database. */
class H2RepositoryTest extends RepositoryContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.openEmbedded(dir);
  }
}
