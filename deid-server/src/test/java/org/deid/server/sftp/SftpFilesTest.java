package org.deid.server.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.deid.server.DeidServer;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.OpenSshSftp;
import org.deid.server.testing.SshKeys;
import org.deid.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP with the real OpenSSH client: the same files as over HTTP, in the client's own space. */
class SftpFilesTest {
  @TempDir Path dir;
  @TempDir Path work;
  private DeidServer server;
  private Api admin;
  private Fixture.ClientSetup clinic;
  private Api clinicApi;
  private OpenSshSftp sftp;

  @BeforeEach
  void start() throws Exception {
    OpenSshSftp.assumeInstalled();
    server =
        TestServer.start(
            TestServer.settings(dir), TestServer.ingest(), new LineEngine(), Optional.empty());
    admin = Api.as(server.port(), Fixture.adminKey(dir));
    clinic = Fixture.client(admin, "clinic");
    clinicApi = Api.as(server.port(), clinic.apiKey());
    SshKeys.Pair key = SshKeys.generate(work, "clinic_key");
    Api.Response added =
        admin.post(
            "/v1/admin/clients/" + clinic.id() + "/sftp/keys",
            Map.of("publicKey", key.publicLine()));
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    sftp = OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", key.privateKey(), work);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void keyLogin_putOverSftp_isTheFileHttpServes_andBack() throws Exception {
    Path local = Files.writeString(work.resolve("a.csv"), "id\n1\n2\n");
    OpenSshSftp.Result put = sftp.run("mkdir inbox", "put a.csv inbox/a.csv", "ls -l inbox");
    assertThat(put.exitCode()).as(put.both()).isZero();
    assertThat(put.out()).contains("a.csv");

    Api.Response served = clinicApi.get("/v1/files/inbox/a.csv");
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(Files.readAllBytes(local));

    clinicApi.put("/v1/files/out/b.csv", "from http\n".getBytes(StandardCharsets.UTF_8));
    OpenSshSftp.Result get = sftp.run("get out/b.csv b.csv");
    assertThat(get.exitCode()).as(get.both()).isZero();
    assertThat(Files.readString(work.resolve("b.csv"))).isEqualTo("from http\n");
  }

  @Test
  void renameDeleteAndFolders_workOnTheSameFilesHttpSees() throws Exception {
    clinicApi.put("/v1/files/inbox/a.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
    Files.createFile(work.resolve("zero.csv"));
    Files.writeString(work.resolve("a-local.csv"), "id\n7\n");

    OpenSshSftp.Result ops =
        sftp.run(
            "rename inbox/a.csv archive/a-2024.csv",
            "mkdir empty",
            "ls",
            "rmdir empty",
            "put zero.csv zero.csv",
            "ls -l zero.csv",
            "rm zero.csv",
            "put -p a-local.csv kept.csv",
            "put a-local.csv replaced.csv",
            "rename kept.csv replaced.csv");
    assertThat(ops.exitCode()).as(ops.both()).isZero();
    assertThat(ops.out()).contains("archive", "empty");

    assertThat(clinicApi.get("/v1/files/inbox/a.csv").status()).isEqualTo(404);
    assertThat(clinicApi.get("/v1/files/archive/a-2024.csv").text()).isEqualTo("id\n1\n");
    assertThat(clinicApi.get("/v1/files/zero.csv").status()).isEqualTo(404);
    assertThat(clinicApi.get("/v1/files/kept.csv").status()).isEqualTo(404);
    assertThat(clinicApi.get("/v1/files/replaced.csv").text()).isEqualTo("id\n7\n");
    assertThat(sftp.run("rmdir archive").exitCode()).isNotZero();
  }

  @Test
  void confinement_parentFoldersAbsolutePathsLinksAndOtherClients_areRefusedOrInvisible()
      throws Exception {
    Fixture.ClientSetup lab = Fixture.client(admin, "lab");
    Api labApi = Api.as(server.port(), lab.apiKey());
    labApi.put("/v1/files/secret/results.csv", "lab only\n".getBytes(StandardCharsets.UTF_8));
    clinicApi.put("/v1/files/inbox/mine.csv", "mine\n".getBytes(StandardCharsets.UTF_8));

    OpenSshSftp.Result up = sftp.run("cd ..", "cd ../..", "pwd", "ls -1 /", "ls -1 ..");
    assertThat(up.exitCode()).as(up.both()).isZero();
    assertThat(up.out()).contains("Remote working directory: /\n");
    assertThat(up.out()).contains("inbox").doesNotContain("secret", "clients", lab.id());

    for (String path :
        new String[] {
          "/etc/passwd",
          "../../../../etc/passwd",
          "/secret/results.csv",
          "../secret/results.csv",
          "/clients/" + lab.id() + "/secret/results.csv",
          "../../clients/" + lab.id() + "/secret/results.csv",
          "../" + lab.id() + "/secret/results.csv",
          "/../../sftp-partial/" + lab.id() + "/secret/results.csv",
          "/objects/clients/" + lab.id() + "/secret/results.csv"
        }) {
      OpenSshSftp.Result get = sftp.run("get " + path + " stolen.csv");
      assertThat(get.exitCode()).as(path + "\n" + get.both()).isNotZero();
      assertThat(Files.exists(work.resolve("stolen.csv"))).as(path).isFalse();
    }
    assertThat(sftp.run("ls /clients").exitCode()).isNotZero();

    OpenSshSftp.Result links = sftp.run("symlink inbox/mine.csv link.csv");
    assertThat(links.exitCode()).isNotZero();
    assertThat(sftp.run("ln inbox/mine.csv hard.csv").exitCode()).isNotZero();
    assertThat(sftp.run("ln -s /etc/passwd passwd").exitCode()).isNotZero();
    assertThat(clinicApi.get("/v1/files?prefix=").json().path("files")).hasSize(1);

    OpenSshSftp.Result renames =
        sftp.run(
            "rename inbox/mine.csv ../../../escaped.csv",
            "rename escaped.csv /clients/" + lab.id() + "/secret/planted.csv");
    assertThat(renames.exitCode()).as(renames.both()).isZero();
    assertThat(labApi.get("/v1/files?prefix=").json().path("files")).hasSize(1);
    assertThat(labApi.get("/v1/files/secret/results.csv").text()).isEqualTo("lab only\n");
    assertThat(clinicApi.get("/v1/files/clients/" + lab.id() + "/secret/planted.csv").text())
        .isEqualTo("mine\n");
    assertThat(dir.resolve("storage/objects/clients/" + lab.id() + "/secret"))
        .isDirectoryContaining(p -> p.getFileName().toString().equals("results.csv"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().equals("planted.csv"));

    OpenSshSftp asLab =
        OpenSshSftp.withKey(
            server.sftpPort().orElseThrow(), "lab", work.resolve("clinic_key"), work);
    assertThat(asLab.run("ls").exitCode()).isNotZero();
  }

  @Test
  void publicKeys_thatAreNotUsable_areRefusedWithoutEchoingThem() throws Exception {
    String base = "/v1/admin/clients/" + clinic.id() + "/sftp/keys";
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String weak =
        org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
            rsa.generateKeyPair().getPublic());
    SshKeys.Pair key = SshKeys.generate(work, "another");

    assertThat(admin.post(base, Map.of("publicKey", "not a key")).status()).isEqualTo(400);
    assertThat(admin.post(base, Map.of("publicKey", weak)).status()).isEqualTo(400);
    Api.Response options =
        admin.post(base, Map.of("publicKey", "command=\"/bin/sh\" " + key.publicLine()));
    assertThat(options.status()).isEqualTo(400);
    assertThat(options.text()).doesNotContain("/bin/sh");
    assertThat(admin.post(base, Map.of("publicKey", key.publicLine())).status()).isEqualTo(201);
    assertThat(admin.post(base, Map.of("publicKey", key.publicLine())).status()).isEqualTo(409);
    assertThat(clinicApi.post(base, Map.of("publicKey", key.publicLine())).status()).isEqualTo(404);
    Api.Response account = admin.get("/v1/admin/clients/" + clinic.id() + "/sftp");
    assertThat(account.json().path("keys")).hasSize(2);
    assertThat(account.text()).doesNotContain(key.publicLine().substring(20, 60));
  }

  @Test
  void hostKey_isMadeOnceOwnerOnly_keptAcrossRestarts_andRefusedWhenOthersCanRead()
      throws Exception {
    Path hostKey = dir.resolve("sftp/ssh_host_ecdsa_key");
    assertThat(Files.getPosixFilePermissions(hostKey))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String fingerprint = server.sftpHostKeyFingerprint().orElseThrow();
    assertThat(fingerprint).startsWith("SHA256:");
    server.close();
    server =
        TestServer.start(
            TestServer.settings(dir), TestServer.ingest(), new LineEngine(), Optional.empty());
    assertThat(server.sftpHostKeyFingerprint()).contains(fingerprint);
    server.close();
    server = null;

    Files.setPosixFilePermissions(
        hostKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                TestServer.start(
                    TestServer.settings(dir),
                    TestServer.ingest(),
                    new LineEngine(),
                    Optional.empty()))
        .isInstanceOf(org.deid.server.config.ConfigException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void hostKeysMadeBySshKeygen_ed25519AndRsa_areServed_toAClientThatPinsThem() throws Exception {
    Path keygen = Path.of("/usr/bin/ssh-keygen");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(keygen), "ssh-keygen is not installed: the host key test is skipped");
    SshKeys.Pair login = SshKeys.generate(work, "pinned_login");
    admin.post(
        "/v1/admin/clients/" + clinic.id() + "/sftp/keys", Map.of("publicKey", login.publicLine()));
    server.close();
    server = null;
    for (String type : List.of("ed25519", "rsa")) {
      Path hostKey = work.resolve("host_" + type);
      assertThat(run(keygen.toString(), "-q", "-t", type, "-N", "", "-f", hostKey.toString()))
          .isEmpty();
      Files.setPosixFilePermissions(
          hostKey, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
      server =
          TestServer.start(
              TestServer.settings(dir),
              TestServer.ingest().withHostKeyFile(hostKey),
              new LineEngine(),
              Optional.empty());
      String publicLine = Files.readString(work.resolve("host_" + type + ".pub")).strip();
      Path knownHosts =
          Files.writeString(work.resolve("known_hosts_" + type), "sftp.test " + publicLine + "\n");
      assertThat(run(keygen.toString(), "-l", "-E", "sha256", "-f", hostKey.toString()))
          .contains(server.sftpHostKeyFingerprint().orElseThrow());
      OpenSshSftp.Result ls =
          OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", login.privateKey(), work)
              .pinnedTo(knownHosts, "sftp.test")
              .run("ls");
      assertThat(ls.exitCode()).as(type + ": " + ls.both()).isZero();
      server.close();
      server = null;
    }
    Path other = work.resolve("known_hosts_other");
    Files.writeString(
        other, "sftp.test " + Files.readString(work.resolve("host_rsa.pub")).strip() + "\n");
    server =
        TestServer.start(
            TestServer.settings(dir),
            TestServer.ingest().withHostKeyFile(work.resolve("host_ed25519")),
            new LineEngine(),
            Optional.empty());
    OpenSshSftp.Result refused =
        OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", login.privateKey(), work)
            .pinnedTo(other, "sftp.test")
            .run("ls");
    assertThat(refused.exitCode()).as("another host key than the pinned one").isNotZero();
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void ed25519Key_madeBySshKeygen_logsIn_andTheJdkStaysTheProviderOfCoreCrypto() throws Exception {
    Path keygen = Path.of("/usr/bin/ssh-keygen");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(keygen),
        "ssh-keygen is not installed: the Ed25519 login test is skipped");
    Path key = work.resolve("id_ed25519");
    Process made =
        new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(made.waitFor()).isZero();
    String line = Files.readString(work.resolve("id_ed25519.pub")).strip();
    Api.Response added =
        admin.post("/v1/admin/clients/" + clinic.id() + "/sftp/keys", Map.of("publicKey", line));
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    assertThat(added.json().path("type").asText()).isEqualTo("ssh-ed25519");

    OpenSshSftp.Result ls =
        OpenSshSftp.withKey(server.sftpPort().orElseThrow(), "clinic", key, work).run("ls");
    assertThat(ls.exitCode()).as(ls.both()).isZero();

    // MINA SSHD has used Bouncy Castle for the Ed25519 login; deid-core's AES and HMAC must still
    // come from the JDK (Bouncy Castle ahead of it made Tink ~6x slower, DEPENDENCIES.md)
    List<String> providers = Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    assertThat(providers).contains("BC");
    assertThat(providers.indexOf("BC")).isGreaterThan(providers.indexOf("SunJCE"));
    assertThat(Cipher.getInstance("AES/ECB/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
    assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
    assertThat(Mac.getInstance("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
    assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
  }
}
