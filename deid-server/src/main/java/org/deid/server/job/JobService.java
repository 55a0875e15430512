package org.deid.server.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deid.server.auth.ApiKeys;
import org.deid.server.storage.ClientFiles;
import org.deid.server.storage.InvalidKeyException;
import org.deid.server.storage.ObjectKeys;
import org.deid.server.storage.ObjectStorage;
import org.deid.server.tenant.TenantRepository;
import org.deid.server.tenant.VersionInfo;

/**
 * Validates job requests and queues them. Everything that can be checked before a worker starts is
 * checked here, so a bad request is a clear 4xx instead of a failed job. Thread-safe.
 */
public final class JobService {
  /** The most inputs one job may have. */
  public static final int MAX_INPUTS = 100;

  private final JobStore store;
  private final TenantRepository tenants;
  private final ObjectStorage storage;
  private final ApiKeys ids;
  private final Clock clock;
  private final int maxAttempts;

  /**
   * Creates the service.
   *
   * @param store the job queue
   * @param tenants the tenant tables (policy and key versions)
   * @param storage the object storage (inputs must exist)
   * @param ids creates job ids
   * @param clock the time source
   * @param maxAttempts attempts per job before it fails for good
   */
  public JobService(
      JobStore store,
      TenantRepository tenants,
      ObjectStorage storage,
      ApiKeys ids,
      Clock clock,
      int maxAttempts) {
    this.store = store;
    this.tenants = tenants;
    this.storage = storage;
    this.ids = ids;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Validates and queues a request.
   *
   * @param clientId the client submitting
   * @param request the request
   * @return the queued job (or the earlier job with the same idempotency key)
   * @throws JobRequestException if the request is not valid, or (409) if its idempotency key was
   *     used for a different request
   */
  public Job submit(String clientId, JobRequest request) {
    JobSpec spec = validate(clientId, request);
    Job job = store.submit(ids.newId("job_"), spec, clock.instant());
    JobSpec earlier = job.spec();
    boolean sameRequest =
        earlier.inputs().equals(spec.inputs())
            && earlier.outputPrefix().equals(spec.outputPrefix())
            && earlier.priority() == spec.priority()
            && (request.policyVersion() == null || earlier.policyVersion() == spec.policyVersion());
    if (!sameRequest) {
      throw new JobRequestException(
          409, "'idempotencyKey' was already used for a different request (job " + job.id() + ")");
    }
    return job;
  }

  private JobSpec validate(String clientId, JobRequest request) {
    List<String> inputs = request.inputs() == null ? List.of() : request.inputs();
    if (inputs.isEmpty()) {
      throw new JobRequestException(400, "'inputs' must name at least one file");
    }
    if (inputs.size() > MAX_INPUTS) {
      throw new JobRequestException(400, "'inputs' may name at most " + MAX_INPUTS + " files");
    }
    if (request.outputPrefix() == null) {
      throw new JobRequestException(400, "'outputPrefix' is required");
    }
    String folder = OutputNames.folder(checkPrefix(request.outputPrefix()));
    int priority = request.priority() == null ? 0 : request.priority();
    if (priority < 0 || priority > 9) {
      throw new JobRequestException(400, "'priority' must be between 0 and 9");
    }
    String idempotencyKey = request.idempotencyKey();
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
      throw new JobRequestException(400, "'idempotencyKey' must be 1-200 characters");
    }
    checkInputs(clientId, inputs, folder);
    int policyVersion = policyVersion(clientId, request.policyVersion());
    List<VersionInfo> keys = tenants.keyVersions(clientId);
    if (keys.isEmpty()) {
      throw new JobRequestException(409, "the client has no keys yet; ask the administrator");
    }
    return new JobSpec(
        clientId,
        inputs,
        folder,
        policyVersion,
        keys.get(keys.size() - 1).version(),
        priority,
        maxAttempts,
        Optional.ofNullable(idempotencyKey));
  }

  private static String checkPrefix(String prefix) {
    try {
      return ObjectKeys.checkPrefix(prefix);
    } catch (InvalidKeyException e) {
      throw new JobRequestException(400, "'outputPrefix': " + e.getMessage());
    }
  }

  private void checkInputs(String clientId, List<String> inputs, String folder) {
    ClientFiles files = new ClientFiles(storage, clientId);
    Set<String> outputs = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      String field = "'inputs[" + i + "]'";
      try {
        ObjectKeys.checkKey(input);
        if (files.stat(input).isEmpty()) {
          throw new JobRequestException(404, field + ": no such file");
        }
      } catch (InvalidKeyException e) {
        throw new JobRequestException(400, field + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String output = OutputNames.output(input, folder);
      if (!outputs.add(output) || !outputs.add(OutputNames.report(input, folder))) {
        throw new JobRequestException(400, field + ": two inputs would write the same output");
      }
      if (inputs.contains(output)) {
        throw new JobRequestException(400, field + ": the output would overwrite an input");
      }
    }
  }

  private int policyVersion(String clientId, Integer requested) {
    List<VersionInfo> versions = tenants.policyVersions(clientId);
    if (versions.isEmpty()) {
      throw new JobRequestException(409, "the client has no policy yet; ask the administrator");
    }
    if (requested == null) {
      return versions.get(versions.size() - 1).version();
    }
    boolean exists = versions.stream().anyMatch(v -> v.version() == requested);
    if (!exists) {
      throw new JobRequestException(404, "'policyVersion': no such policy version");
    }
    return requested;
  }

  /**
   * Finds a client's job.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the job
   * @throws JobRequestException (404) if it does not exist for this client
   */
  public Job get(String clientId, String jobId) {
    return store
        .find(clientId, jobId)
        .orElseThrow(() -> new JobRequestException(404, "no such job"));
  }

  /**
   * Lists a page of a client's jobs.
   *
   * @param clientId the client
   * @param query the state, position and size of the page
   * @return the jobs, newest first
   */
  public List<Job> list(String clientId, JobListQuery query) {
    return store.list(clientId, query);
  }

  /**
   * Cancels a client's job.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the job after the request
   * @throws JobRequestException 404 if absent, 409 if it already finished
   */
  public Job cancel(String clientId, String jobId) {
    Job job =
        store
            .requestCancel(clientId, jobId, clock.instant())
            .orElseThrow(() -> new JobRequestException(404, "no such job"));
    if (job.state().isTerminal() && job.state() != JobState.CANCELLED) {
      throw new JobRequestException(409, "the job already finished as " + job.state());
    }
    return job;
  }

  /**
   * Returns a client's job events.
   *
   * @param clientId the client
   * @param jobId the job
   * @return the events
   * @throws JobRequestException (404) if the job does not exist for this client
   */
  public List<JobEvent> events(String clientId, String jobId) {
    get(clientId, jobId);
    return store.events(clientId, jobId);
  }
}
