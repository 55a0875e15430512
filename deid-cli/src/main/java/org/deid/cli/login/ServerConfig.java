package org.deid.cli.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deid.core.key.KeyMaterial;
import org.deid.core.policy.Policy;

/**
 * A client's current policy and keys as fetched from the server, held in memory only. {@link
 * #toString()} shows versions and key ids, never key bytes ({@link KeyMaterial} does not show them
 * either).
 *
 * @param clientId the client id
 * @param clientName the client name
 * @param policyVersion the server's policy version
 * @param policy the parsed policy
 * @param keysVersion the server's key version
 * @param keys the parsed keys
 * @param keyIds the ids of every key (linkage, site, PRF)
 */
public record ServerConfig(
    String clientId,
    String clientName,
    int policyVersion,
    Policy policy,
    int keysVersion,
    KeyMaterial keys,
    List<String> keyIds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String toString() {
    return "ServerConfig[client="
        + clientId
        + ", policyVersion="
        + policyVersion
        + ", keysVersion="
        + keysVersion
        + ", keyIds="
        + keyIds
        + "]";
  }

  /**
   * Adds a {@code server} section to a run report (after its {@code keys}): the server URL, client
   * id and the server's policy and key versions used, so the report says which managed
   * configuration produced the output. Key ids and fingerprints are already in {@code keys}.
   *
   * @param reportJson the report as the core wrote it
   * @param server the server URL
   * @return the report with the section, pretty-printed like the core's
   */
  public byte[] withServerSection(byte[] reportJson, String server) {
    try {
      JsonNode report = JSON.readTree(reportJson);
      ObjectNode section = JSON.createObjectNode();
      section.put("url", server);
      section.put("client_id", clientId);
      section.put("policy_version", policyVersion);
      section.put("keys_version", keysVersion);
      ObjectNode annotated = JSON.createObjectNode();
      report
          .fields()
          .forEachRemaining(
              field -> {
                annotated.set(field.getKey(), field.getValue());
                if (field.getKey().equals("keys")) {
                  annotated.set("server", section);
                }
              });
      if (!annotated.has("server")) {
        annotated.set("server", section);
      }
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(annotated) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the core wrote a report that is not JSON", e);
    }
  }

  /**
   * Zeroes the key bytes held by {@link #keys()} once a run is over. Best effort: ciphers built
   * from the keys hold their own copies until they are garbage collected. The keys are unusable
   * afterwards.
   */
  public void destroyKeys() {
    keys.linkage().key().destroy();
    keys.prf().key().destroy();
    keys.site().keys().forEach(key -> key.key().destroy());
  }
}
