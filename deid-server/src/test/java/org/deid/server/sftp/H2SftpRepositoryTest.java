package org.deid.server.sftp;

import java.nio.file.Path;
import org.deid.server.db.Database;

/** The SFTP credential contract on the embedded H2 database. */
class H2SftpRepositoryTest extends SftpRepositoryContract {
  @Override
  Database openDatabase(Path dir) {
    return Database.openEmbedded(dir);
  }
}
