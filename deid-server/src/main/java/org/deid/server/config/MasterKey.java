package org.deid.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's master key: seals client keys and webhook secrets at rest with AES-256-GCM. Read
 * from {@code DEID_MASTER_KEY_FILE} or {@code DEID_MASTER_KEY} (base64 of 32 bytes), never from a
 * command-line flag. Sealed values bind a context string (for example the client id) as associated
 * data, so a sealed value copied to another row does not open. Thread-safe.
 */
public final class MasterKey {
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final byte FORMAT = 1;

  private final SecretKeySpec key;
  private final SecureRandom random;

  private MasterKey(byte[] keyBytes, SecureRandom random) {
    if (keyBytes.length != KEY_BYTES) {
      throw new ConfigException("the master key must be 32 bytes (base64-encoded)");
    }
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.random = random;
    Arrays.fill(keyBytes, (byte) 0);
  }

  /**
   * Creates a master key from raw bytes (tests and tools).
   *
   * @param keyBytes 32 bytes; wiped after use
   * @return the key
   */
  public static MasterKey of(byte[] keyBytes) {
    return new MasterKey(keyBytes, new SecureRandom());
  }

  /**
   * Loads the key from the environment, or from {@code DIR/master.key}, creating that file (mode
   * 0600) on first start when neither variable is set.
   *
   * @param env the environment
   * @param dataDir the server's data folder
   * @return the key and a description of where it came from (no key material)
   */
  public static Loaded load(Map<String, String> env, Path dataDir) {
    try {
      String file = env.get("DEID_MASTER_KEY_FILE");
      if (file != null && !file.isBlank()) {
        return new Loaded(
            fromText(Files.readString(Path.of(file), StandardCharsets.US_ASCII)),
            "file " + file,
            false);
      }
      String text = env.get("DEID_MASTER_KEY");
      if (text != null && !text.isBlank()) {
        return new Loaded(fromText(text), "environment variable DEID_MASTER_KEY", false);
      }
      Path generated = dataDir.resolve("master.key");
      if (!Files.exists(generated)) {
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        SecretFiles.writeOwnerOnly(
            generated,
            Base64.getEncoder().encodeToString(fresh).getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(fresh, (byte) 0);
      }
      return new Loaded(
          fromText(Files.readString(generated, StandardCharsets.US_ASCII)),
          "file " + generated + " (generated; set DEID_MASTER_KEY_FILE to keep it elsewhere)",
          true);
    } catch (IOException e) {
      throw new ConfigException("cannot read the master key: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Loads the key from {@code DEID_MASTER_KEY_FILE} or {@code DEID_MASTER_KEY} only, for processes
   * that share a database (API nodes and workers): a key generated in one process's folder would
   * not open what the others sealed, so none is generated.
   *
   * @param env the environment
   * @return the key and where it came from
   * @throws ConfigException if neither variable is set or the key cannot be read
   */
  public static Loaded loadShared(Map<String, String> env) {
    String file = env.get("DEID_MASTER_KEY_FILE");
    String text = env.get("DEID_MASTER_KEY");
    if ((file == null || file.isBlank()) && (text == null || text.isBlank())) {
      throw new ConfigException(
          "with a shared database (--db) every process needs the same master key:"
              + " set DEID_MASTER_KEY_FILE (or DEID_MASTER_KEY)");
    }
    return load(env, Path.of("."));
  }

  private static MasterKey fromText(String text) {
    try {
      return of(Base64.getDecoder().decode(text.strip()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("the master key is not valid base64");
    }
  }

  /**
   * Encrypts a value for storage.
   *
   * @param plaintext the secret (not modified)
   * @param context what the value belongs to, bound as associated data
   * @return format byte, nonce and ciphertext with tag
   */
  public byte[] seal(byte[] plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
      out[0] = FORMAT;
      System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Decrypts a sealed value.
   *
   * @param sealed what {@link #seal} returned
   * @param context the same context as when sealing
   * @return the plaintext; the caller wipes it after use
   * @throws ConfigException if the value was sealed under another key or context
   */
  public byte[] open(byte[] sealed, String context) {
    if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != FORMAT) {
      throw new ConfigException("a sealed value has an unknown format");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "a sealed value does not open with this master key (wrong DEID_MASTER_KEY?)");
    }
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }

  /**
   * A loaded key and where it came from.
   *
   * @param key the key
   * @param source a description for the startup log (no key material)
   * @param generated whether it lives in the data folder (generated there on first start)
   */
  public record Loaded(MasterKey key, String source, boolean generated) {}

  /** Files that hold secrets: created with owner-only permissions before any byte is written. */
  public static final class SecretFiles {
    private SecretFiles() {}

    /**
     * Writes a new file readable only by its owner (mode 0600 where the file system has POSIX
     * permissions).
     *
     * @param file the file; must not exist
     * @param content the bytes
     * @throws IOException if it exists or cannot be written
     */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
