package org.deid.server.inbox;

import java.nio.file.Path;
import org.deid.server.db.Database;

/** The inbox and activity store contract on the embedded H2 database. */
class H2IngestStoreTest extends IngestStoreContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.openEmbedded(dir);
  }
}
