package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deid.server.db.Database;
import org.deid.server.tenant.Client;
import org.deid.server.tenant.TenantRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of the SFTP credential tables (public keys, password hashes) and the lookup of a
 * client by its SFTP user name, run on every database by extending this class (embedded H2 and
 * PostgreSQL).
 */
abstract class SftpRepositoryContract {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  Database database;
  private SftpRepository sftp;

  /**
   * Opens the database for one test.
   *
   * @param dir a temporary folder
   * @return the migrated database
   */
  abstract Database openDatabase(Path dir);

  @BeforeEach
  void open() {
    database = openDatabase(dir);
    sftp = new SftpRepository(database);
    TenantRepository tenants = new TenantRepository(database);
    tenants.insertClient(new Client("c1", "clinic", NOW), new byte[] {1});
    tenants.insertClient(new Client("c2", "Clinic", NOW), new byte[] {2});
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static SftpKey key(String id, String client, String fingerprint, Instant at) {
    return new SftpKey(id, client, "ssh-ed25519", fingerprint, "ssh-ed25519 AAAA" + id, at);
  }

  @Test
  void clientByName_isExact() {
    assertThat(sftp.clientByName("clinic")).get().extracting(Client::id).isEqualTo("c1");
    assertThat(sftp.clientByName("Clinic")).get().extracting(Client::id).isEqualTo("c2");
    assertThat(sftp.clientByName("clinic ")).isEmpty();
    assertThat(sftp.clientByName("CLINIC")).isEmpty();
  }

  @Test
  void keys_addListRemoveByIdOrFingerprint_andADuplicateFingerprintIsRefusedPerClient() {
    assertThat(sftp.insertKey(key("k2", "c1", "SHA256:two", NOW.plusSeconds(1)))).isTrue();
    assertThat(sftp.insertKey(key("k1", "c1", "SHA256:one", NOW))).isTrue();
    assertThat(sftp.insertKey(key("k3", "c1", "SHA256:one", NOW))).isFalse();
    assertThat(sftp.insertKey(key("k4", "c2", "SHA256:one", NOW))).as("another client").isTrue();

    assertThat(sftp.keys("c1")).extracting(SftpKey::id).containsExactly("k1", "k2");
    assertThat(sftp.keys("c1").get(0)).isEqualTo(key("k1", "c1", "SHA256:one", NOW));
    assertThat(sftp.deleteKey("c2", "k1")).as("not its key").isFalse();
    assertThat(sftp.deleteKey("c1", "SHA256:two")).isTrue();
    assertThat(sftp.deleteKey("c1", "k1")).isTrue();
    assertThat(sftp.deleteKey("c1", "k1")).isFalse();
    assertThat(sftp.keys("c1")).isEmpty();
    assertThat(sftp.keys("c2")).extracting(SftpKey::id).containsExactly("k4");
  }

  @Test
  void password_setReplaceRemove_perClient() {
    assertThat(sftp.passwordHash("c1")).isEmpty();
    sftp.setPasswordHash("c1", "$2a$12$first", NOW);
    sftp.setPasswordHash("c1", "$2a$12$second", NOW.plusSeconds(1));

    assertThat(sftp.passwordHash("c1")).contains("$2a$12$second");
    assertThat(sftp.passwordHash("c2")).isEmpty();
    assertThat(sftp.deletePassword("c2")).isFalse();
    assertThat(sftp.deletePassword("c1")).isTrue();
    assertThat(sftp.passwordHash("c1")).isEmpty();
  }

  @Test
  void password_setByManyCallsAtOnce_leavesOneOfThem() throws Exception {
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<String> hashes = new ArrayList<>();
    try {
      CyclicBarrier barrier = new CyclicBarrier(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String hash = "$2a$12$hash" + i;
        hashes.add(hash);
        done.add(
            pool.submit(
                () -> {
                  barrier.await();
                  sftp.setPasswordHash("c1", hash, NOW);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(sftp.passwordHash("c1")).get().isIn(hashes);
  }
}
