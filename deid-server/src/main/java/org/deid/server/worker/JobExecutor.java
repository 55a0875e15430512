package org.deid.server.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deid.server.config.ConfigException;
import org.deid.server.job.Job;
import org.deid.server.job.JobOutput;
import org.deid.server.job.OutputNames;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.NoSuchObjectException;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.storage.ObjectStorage.PendingObject;
import org.deid.server.tenant.TenantException;
import org.deid.server.tenant.TenantService;

/**
 * Runs one attempt of a job: every input through the engine into pending outputs and reports, which
 * are committed only once all inputs succeeded. A failed attempt leaves nothing visible. Failure
 * reasons name files and classes, never data values.
 */
final class JobExecutor {
  private final DeidEngine engine;
  private final TenantService tenants;
  private final ObjectStorage storage;

  JobExecutor(DeidEngine engine, TenantService tenants, ObjectStorage storage) {
    this.engine = engine;
    this.tenants = tenants;
    this.storage = storage;
  }

  AttemptOutcome run(Job job, AttemptControl control) {
    DeidEngine.PreparedRun prepared;
    byte[] keys = new byte[0];
    try {
      keys = tenants.openKeys(job.clientId(), job.spec().keysVersion());
      prepared = engine.prepare(tenants.policy(job.clientId(), job.spec().policyVersion()), keys);
    } catch (EngineConfigException e) {
      return new AttemptOutcome.Rejected(
          "the stored policy or keys cannot be used: " + e.getMessage());
    } catch (TenantException | ConfigException e) {
      // a missing version or a master key that does not open the keys: no retry will help
      return new AttemptOutcome.Rejected(
          "the stored policy or keys cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (RuntimeException e) {
      // the database is away (restart, fail-over) or another passing failure: retried, up to the
      // job's maximum attempts
      return new AttemptOutcome.Transient(
          "the stored policy or keys cannot be read now (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(keys, (byte) 0);
    }
    ClientFiles files = new ClientFiles(storage, job.clientId());
    List<PendingObject> pending = new ArrayList<>();
    try {
      List<JobOutput> outputs = new ArrayList<>();
      for (String input : job.spec().inputs()) {
        outputs.add(runOne(prepared, files, input, job.spec().outputPrefix(), pending, control));
      }
      control.check();
      for (PendingObject object : pending) {
        object.commit();
      }
      return new AttemptOutcome.Succeeded(outputs);
    } catch (InputRejectedException | IOException | RuntimeException e) {
      return failed(e, control);
    } finally {
      pending.forEach(PendingObject::close);
    }
  }

  /** A stop from outside wins over whatever the stop made the engine throw. */
  private static AttemptOutcome failed(Exception error, AttemptControl control) {
    if (control.stopReason().isPresent()) {
      return new AttemptOutcome.Stopped(control.stopReason().get());
    }
    if (error instanceof InputRejectedException) {
      return new AttemptOutcome.Rejected(error.getMessage());
    }
    if (error instanceof NoSuchObjectException) {
      return new AttemptOutcome.Rejected("an input file was deleted before the job ran");
    }
    if (error instanceof IOException) {
      return new AttemptOutcome.Transient(
          "storage or I/O error (" + error.getClass().getSimpleName() + ")");
    }
    return new AttemptOutcome.Transient(
        "internal error (" + error.getClass().getSimpleName() + ")");
  }

  /** An output the storage cannot hold (a folder in its key is a file) fails the job at once. */
  private static PendingObject create(ClientFiles files, String key)
      throws IOException, InputRejectedException {
    try {
      return files.create(key);
    } catch (InvalidKeyException e) {
      throw new InputRejectedException("output " + key + ": " + e.getMessage());
    }
  }

  private JobOutput runOne(
      DeidEngine.PreparedRun prepared,
      ClientFiles files,
      String input,
      String folder,
      List<PendingObject> pending,
      AttemptControl control)
      throws IOException, InputRejectedException {
    String outputKey = OutputNames.output(input, folder);
    String reportKey = OutputNames.report(input, folder);
    PendingObject output = create(files, outputKey);
    pending.add(output);
    String name = input.substring(input.lastIndexOf('/') + 1);
    DeidEngine.RunResult result;
    try {
      result =
          prepared.run(
              name,
              () -> control.guard(files.open(input)),
              control.guard(output.stream()),
              control::progress);
    } catch (InputRejectedException e) {
      // the core's messages usually name the input already
      String reason = e.getMessage();
      throw new InputRejectedException(
          reason.startsWith(name + ":") ? reason : name + ": " + reason);
    }
    PendingObject report = create(files, reportKey);
    pending.add(report);
    report.stream().write(result.reportJson());
    control.inputDone(result.rowsRead());
    return new JobOutput(
        input,
        outputKey,
        reportKey,
        result.rowsRead(),
        result.rowsWritten(),
        result.rowsRejected());
  }
}
