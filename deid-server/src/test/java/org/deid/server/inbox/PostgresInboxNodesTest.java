package org.deid.server.inbox;

import java.nio.file.Path;
import org.deid.server.db.Database;
import org.deid.server.testing.TestPostgres;

/**
 * The inbox decision of several API nodes on a real PostgreSQL server: every node deciding the same
 * file at once starts exactly one job; a dead node's claim is taken over without a duplicate.
 */
class PostgresInboxNodesTest extends InboxNodesTest {
  @Override
  Database openDatabase(Path folder) {
    return Database.open(TestPostgres.settings(TestPostgres.shared().newDatabaseUrl()), "test");
  }
}
