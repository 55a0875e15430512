package org.deid.core.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a policy file (YAML, UTF-8) into a validated, immutable {@link Policy}. Every problem in
 * the file is reported together in one {@link PolicyException}. Thread-safe; stateless.
 */
public final class PolicyLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PolicyLoader() {}

  /**
   * Reads and validates a policy file; the file name is the source named in errors.
   *
   * @param file the policy file
   * @return the policy
   * @throws PolicyException when the file cannot be read or the policy is invalid
   */
  public static Policy load(Path file) throws PolicyException {
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PolicyException(List.of(file + ": no such policy file"));
    } catch (IOException e) {
      throw new PolicyException(
          List.of(file + ": cannot read the policy file (" + e.getClass().getSimpleName() + ")"));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(List.of(source + ": the policy file is not valid UTF-8"));
    }
    return parse(text, bytes, source);
  }

  /**
   * Validates a policy given as text; {@link Policy#sha256()} is computed over its UTF-8 bytes.
   *
   * @param yaml the policy text
   * @param sourceName the name used in error messages, for example the file name
   * @return the policy
   * @throws PolicyException when the policy is invalid
   */
  public static Policy parse(String yaml, String sourceName) throws PolicyException {
    return parse(yaml, yaml.getBytes(StandardCharsets.UTF_8), sourceName);
  }

  private static Policy parse(String yaml, byte[] bytes, String source) throws PolicyException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new PolicyException(List.of(source + ": " + syntaxProblem(e)));
    }
    return new PolicyParser(new Problems(source)).parse(root, sha256(bytes));
  }

  /** Location and the first line of the parser's message, without the quoted source excerpt. */
  private static String syntaxProblem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    if (e.getLocation() == null) {
      return "not valid YAML: " + firstLine;
    }
    return "line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ": not valid YAML: "
        + firstLine;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
