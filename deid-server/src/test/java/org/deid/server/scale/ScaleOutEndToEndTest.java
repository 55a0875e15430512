package org.deid.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deid.server.DeidServer;
import org.deid.server.ServerMain;
import org.deid.server.config.ServerSettings;
import org.deid.server.job.JobEvent;
import org.deid.server.job.JobState;
import org.deid.server.storage.s3.S3ObjectStorage;
import org.deid.server.storage.s3.S3Settings;
import org.deid.server.testing.Api;
import org.deid.server.testing.Fixture;
import org.deid.server.testing.LineEngine;
import org.deid.server.testing.S3Proxy;
import org.deid.server.testing.TcpForwarder;
import org.deid.server.testing.TestPostgres;
import org.deid.server.testing.TestServer;
import org.deid.server.testing.TestWorkerMain;
import org.deid.server.testing.WorkerProcess;
import org.deid.server.worker.CoreJobRunner;
import org.deid.server.worker.DeidEngine;
import org.deid.server.worker.WorkerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The production shape end to end: two API nodes ({@code --workers 0}) and two {@code deid worker}
 * processes on one PostgreSQL database and one S3 bucket (S3Proxy), with the real core engine.
 * Also: a worker with another master key refuses to start; a worker process whose S3 store becomes
 * unreachable retries the job, then fails it naming the storage error.
 */
class ScaleOutEndToEndTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Pattern WORKER_ID = Pattern.compile("deid worker: (\\S+) running");
  private static final Pattern METRICS_PORT =
      Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path dir;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final List<DeidServer> nodes = new ArrayList<>();
  private final List<AutoCloseable> closeLast = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    workers.forEach(WorkerProcess::terminate);
    nodes.forEach(DeidServer::close);
    for (AutoCloseable c : closeLast) {
      c.close();
    }
  }

  private static Map<String, String> s3Env(String endpoint) {
    Map<String, String> env = new HashMap<>(TestServer.ENV);
    env.putAll(TestPostgres.env());
    env.put("AWS_ACCESS_KEY_ID", S3Proxy.IDENTITY);
    env.put("AWS_SECRET_ACCESS_KEY", S3Proxy.CREDENTIAL);
    env.put("AWS_REGION", "us-east-1");
    env.put("DEID_S3_ENDPOINT", endpoint);
    return env;
  }

  private DeidServer apiNode(
      String name, String db, S3Settings bucket, String endpoint, DeidEngine engine) {
    ServerSettings base = TestServer.settings(dir.resolve(name));
    WorkerSettings w = base.workers();
    S3ObjectStorage storage =
        new S3ObjectStorage(
            new S3Settings(
                bucket.bucket(),
                bucket.prefix(),
                Optional.of(java.net.URI.create(endpoint)),
                Optional.empty(),
                bucket.partSize(),
                bucket.listPageSize(),
                true),
            S3Proxy.credentials());
    closeLast.add(storage);
    DeidServer node =
        DeidServer.start(
            base.withDatabase(Optional.of(TestPostgres.settings(db)))
                .withWorkers(
                    new WorkerSettings(
                        0, w.lease(), w.heartbeat(), w.poll(), w.attemptTimeout(), w.retry())),
            engine,
            Optional.of(storage),
            s3Env(endpoint),
            Clock.systemUTC());
    nodes.add(node);
    return node;
  }

  private WorkerProcess deidWorker(String db, S3Settings bucket, Map<String, String> env) {
    WorkerProcess worker =
        WorkerProcess.start(
            ServerMain.class.getName(),
            List.of(
                "worker",
                "--db",
                db,
                "--storage",
                "s3://" + bucket.bucket() + "/" + bucket.prefix(),
                "--threads",
                "2",
                "--poll",
                "100",
                "--metrics-port",
                "0"),
            env,
            dir.resolve("worker-" + workers.size() + ".log"));
    workers.add(worker);
    return worker;
  }

  private static int metricsPort(WorkerProcess worker) {
    Matcher m = METRICS_PORT.matcher(worker.awaitLog("/metrics", Duration.ofSeconds(60)).log());
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The value of an unlabelled sample in Prometheus text. */
  private static double sample(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E+-]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String workerId(WorkerProcess worker) {
    Matcher m = WORKER_ID.matcher(worker.awaitLog(" running;", Duration.ofSeconds(60)).log());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void twoApiNodesAndTwoWorkerProcesses_onPostgresAndS3_runEveryJobExactlyOnce() throws Exception {
    String db = TestPostgres.shared().newDatabaseUrl();
    S3Settings bucket = S3Proxy.get().newBucket("deid/");
    String endpoint = S3Proxy.get().endpoint().toString();
    DeidServer first = apiNode("api-1", db, bucket, endpoint, new CoreJobRunner());
    DeidServer second = apiNode("api-2", db, bucket, endpoint, new CoreJobRunner());
    assertThat(first.adminKeyFile()).isPresent();
    assertThat(second.adminKeyFile()).as("one first admin key per database").isEmpty();
    Set<String> workerIds = new HashSet<>();
    List<Api> workerPorts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      WorkerProcess worker = deidWorker(db, bucket, s3Env(endpoint));
      workerIds.add(workerId(worker));
      workerPorts.add(new Api(metricsPort(worker), Optional.empty()));
    }
    Api admin = Api.as(first.port(), Fixture.adminKey(dir.resolve("api-1")));
    Fixture.ClientSetup clinic = Fixture.exampleClient(admin, "clinic", EXAMPLES);
    String clientId = clinic.id();
    String key = clinic.apiKey();
    List<Api> apis = List.of(Api.as(first.port(), key), Api.as(second.port(), key));
    byte[] input = Files.readAllBytes(EXAMPLES.resolve("patients.csv"));
    assertThat(apis.get(0).put("/v1/files/in/patients.csv", input).status()).isEqualTo(201);

    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      jobs.add(Fixture.submit(apis.get(i % 2), List.of("in/patients.csv"), "out" + i + "/"));
    }

    byte[] expected = reference(input);
    for (int i = 0; i < jobs.size(); i++) {
      JsonNode done = Fixture.awaitTerminal(apis.get((i + 1) % 2), jobs.get(i));
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
      assertThat(done.get("attempts").asInt()).isEqualTo(1);
      assertThat(apis.get((i + 1) % 2).get("/v1/files/out" + i + "/patients.csv").body())
          .isEqualTo(expected);
      List<JobEvent> events = first.jobStore().events(clientId, jobs.get(i));
      assertThat(events)
          .extracting(JobEvent::to)
          .containsExactly(
              JobState.SUBMITTED, JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
      assertThat(events.get(3).workerId()).isPresent().get().isIn(workerIds);
      assertThat(events.get(3).workerId()).isEqualTo(events.get(2).workerId());
    }

    double rows = 0;
    for (Api worker : workerPorts) {
      assertThat(worker.get("/healthz").json().get("status").asText()).isEqualTo("ok");
      String metrics = worker.get("/metrics").text();
      rows += sample(metrics, "deid_rows_processed_total");
      assertThat(sample(metrics, "deid_worker_running_attempts")).isZero();
      assertThat(sample(metrics, "deid_queue_depth")).isZero();
      assertThat(metrics).contains("deid_jobs{state=\"SUCCEEDED\"} 8.0");
      assertThat(metrics).doesNotContain("clinic", clientId, "patients");
    }
    assertThat(rows).as("the workers' rows together").isEqualTo(8 * 1200.0);
  }

  /** What the core engine writes for the input, run in this JVM. */
  private static byte[] reference(byte[] input) throws Exception {
    DeidEngine.PreparedRun run =
        new CoreJobRunner()
            .prepare(
                Files.readAllBytes(EXAMPLES.resolve("safe-harbor.yaml")),
                Files.readAllBytes(EXAMPLES.resolve("demo-keys.json")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    run.run("patients.csv", () -> new java.io.ByteArrayInputStream(input), out, rows -> {});
    return out.toByteArray();
  }

  @Test
  void workerWithAnotherMasterKey_refusesToStart() throws Exception {
    String db = TestPostgres.shared().newDatabaseUrl();
    S3Settings bucket = S3Proxy.get().newBucket("");
    String endpoint = S3Proxy.get().endpoint().toString();
    apiNode("api", db, bucket, endpoint, new LineEngine());
    Map<String, String> env = s3Env(endpoint);
    env.put("DEID_MASTER_KEY", "HwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    WorkerProcess worker = deidWorker(db, bucket, env);
    worker.awaitLog("master key is not the one", Duration.ofSeconds(60));
    worker.terminate();

    assertThat(worker.exitValue()).isEqualTo(3);
  }

  @Test
  void workerWithoutDatabaseOrStorage_isAConfigurationError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new ServerMain());
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute("worker", "--storage", "file:///tmp/x")).isEqualTo(3);
    assertThat(commandLine.execute("worker", "--db", "jdbc:postgresql://h/db")).isEqualTo(3);
    assertThat(
            commandLine.execute(
                "worker", "--db", "jdbc:postgresql://h/db?password=x", "--storage", "file:///x"))
        .isEqualTo(3);
    assertThat(
            commandLine.execute(
                "worker",
                "--db",
                "jdbc:postgresql://h/db",
                "--storage",
                "file:///x",
                "--metrics-port",
                "70000"))
        .isEqualTo(3);
    assertThat(err.toString())
        .contains(
            "needs the shared database",
            "needs the shared storage",
            "must not contain a password",
            "--metrics-port must be between 0 and 65535")
        .doesNotContain("password=x");
  }

  @Test
  void s3Unreachable_workerProcessRetriesTheJob_thenFailsNamingTheStorage() throws Exception {
    String db = TestPostgres.shared().newDatabaseUrl();
    S3Settings bucket = S3Proxy.get().newBucket("deid/");
    // the API node reaches S3 directly; the worker through a relay that the test cuts
    DeidServer node =
        apiNode("api", db, bucket, S3Proxy.get().endpoint().toString(), new LineEngine());
    TcpForwarder relay = new TcpForwarder(S3Proxy.get().endpoint());
    closeLast.add(relay);
    WorkerProcess worker =
        WorkerProcess.start(
            TestWorkerMain.class.getName(),
            List.of(db, "s3://" + bucket.bucket() + "/" + bucket.prefix(), "0", "3000"),
            s3Env(relay.endpoint().toString()),
            dir.resolve("s3-worker.log"));
    workers.add(worker);
    worker.awaitLog("ready ", Duration.ofSeconds(60));
    relay.goOffline();
    Fixture.ClientSetup client =
        Fixture.client(Api.as(node.port(), Fixture.adminKey(dir.resolve("api"))), "clinic");
    Api api = Api.as(node.port(), client.apiKey());
    api.put("/v1/files/in/a.csv", "id\n1\n2\n".getBytes(StandardCharsets.UTF_8));

    String jobId = Fixture.submit(api, List.of("in/a.csv"), "out/");
    JsonNode done = Fixture.awaitTerminal(api, jobId);

    assertThat(done.get("state").asText()).isEqualTo("FAILED");
    assertThat(done.get("attempts").asInt()).isEqualTo(3);
    assertThat(done.get("reason").asText())
        .contains("StorageUnavailableException", "gave up after 3 attempts");
    assertThat(node.jobStore().events(client.id(), jobId))
        .filteredOn(e -> e.to() == JobState.QUEUED && e.attempt() > 0)
        .hasSize(2)
        .allSatisfy(
            e -> assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("storage")));
    assertThat(api.get("/v1/files?prefix=out/").json().get("files")).isEmpty();
  }
}
