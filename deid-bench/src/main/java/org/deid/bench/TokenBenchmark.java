package org.deid.bench;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.deid.core.key.KeyMaterial;
import org.deid.core.key.KeyMaterialFunctions;
import org.deid.core.key.SecretBytes;
import org.deid.core.key.SiteCipher;
import org.deid.core.key.SiteKey;
import org.deid.core.token.BuiltInRules;
import org.deid.core.token.DeidV1TokenScheme;
import org.deid.core.token.OpenTokenEncryptedScheme;
import org.deid.core.token.OpenTokenHashScheme;
import org.deid.core.token.TokenRule;
import org.deid.core.token.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one token (per rule and row) under each scheme, and of its parts. Also compares the
 * alternatives behind the design choices: deid's {@code AesSivCipher} versus Tink's subtle {@code
 * AesSiv} and keyset API, {@code HmacSha256} versus a reused JDK {@link Mac}, and a per-thread MAC
 * versus {@code Mac.getInstance} per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TokenBenchmark {
  private static final TokenRule T1 = BuiltInRules.byId("T1").orElseThrow();
  private static final String SIGNATURE = "SMITH|J|M|1980-01-15";
  private static final byte[] AD = "T1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SIGNATURE_BYTES = SIGNATURE.getBytes(StandardCharsets.UTF_8);

  private Tokenizer deidV1;
  private Tokenizer openTokenHash;
  private Tokenizer openTokenEncrypted;
  private SiteCipher siteCipher;
  private DeterministicAead tinkKeyset;
  private com.google.crypto.tink.subtle.AesSiv tinkSubtle;
  private Mac jdkLinkMac;
  private org.deid.core.key.HmacSha256 linkMac;
  private KeyMaterialFunctions functions;
  private SecretKeySpec prfKey;
  private byte[] digest;
  private final byte[] personKey = new byte[32];

  /** Builds keys and tokenizers once per thread. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    KeyMaterial keys = KeyMaterial.generate(random);
    deidV1 = new DeidV1TokenScheme(keys).newTokenizer();
    SecretBytes hashing = SecretBytes.copyOf("HashingKey".getBytes(StandardCharsets.UTF_8));
    SecretBytes encryption =
        SecretBytes.copyOf("Secret-Encryption-Key-Goes-Here.".getBytes(StandardCharsets.UTF_8));
    openTokenHash = new OpenTokenHashScheme(hashing).newTokenizer();
    openTokenEncrypted = new OpenTokenEncryptedScheme(hashing, encryption, random).newTokenizer();
    siteCipher = new SiteCipher(keys.site());
    tinkKeyset = tinkKeysetPrimitive(keys.site().primary());
    tinkSubtle = new com.google.crypto.tink.subtle.AesSiv(keys.site().primary().key().copy());
    jdkLinkMac = Mac.getInstance("HmacSHA256");
    jdkLinkMac.init(new SecretKeySpec(keys.linkage().key().copy(), "HmacSHA256"));
    linkMac = new org.deid.core.key.HmacSha256(keys.linkage().key().copy());
    functions = new KeyMaterialFunctions(keys);
    prfKey = new SecretKeySpec(keys.prf().key().copy(), "HmacSHA256");
    digest = deidV1.digest(T1, SIGNATURE);
  }

  /** Linkage digest D = HMAC-SHA256(K_link, rule id || 0 || signature). */
  @Benchmark
  public byte[] hmacDigest() {
    return deidV1.digest(T1, SIGNATURE);
  }

  /** AES-SIV of a 32-byte digest with deid's header and base64url (AesSivCipher). */
  @Benchmark
  public String aesSivSiteToken() {
    return siteCipher.sealText(digest, AD);
  }

  /** The same encryption through Tink's keyset API (TINK prefix): the alternative not chosen. */
  @Benchmark
  public byte[] aesSivTinkKeysetApi() throws GeneralSecurityException {
    return tinkKeyset.encryptDeterministically(digest, AD);
  }

  /** The same encryption through AesSivCipher without base64: compare with the line above. */
  @Benchmark
  public byte[] aesSivSubtleBytes() {
    return siteCipher.seal(digest, AD);
  }

  /** Tink's subtle AesSiv, which deid used before AesSivCipher: the alternative not chosen. */
  @Benchmark
  public byte[] aesSivTinkSubtle() throws GeneralSecurityException {
    return tinkSubtle.encryptDeterministically(digest, AD);
  }

  /** HMAC-SHA256 of a signature-sized message with HmacSha256 (saved pad-block states). */
  @Benchmark
  public byte[] hmacSavedPadStates() {
    linkMac.update(AD);
    linkMac.update((byte) 0);
    linkMac.update(SIGNATURE_BYTES);
    return linkMac.doFinal();
  }

  /** The same HMAC with a reused JDK Mac: the alternative not chosen. */
  @Benchmark
  public byte[] hmacJdkMac() {
    jdkLinkMac.update(AD);
    jdkLinkMac.update((byte) 0);
    jdkLinkMac.update(SIGNATURE_BYTES);
    return jdkLinkMac.doFinal();
  }

  /** A full deid-v1 site token from a signature. */
  @Benchmark
  public String deidV1Token() {
    return deidV1.token(T1, SIGNATURE);
  }

  /** An OpenToken hash-only token from a signature. */
  @Benchmark
  public String openTokenHashToken() {
    return openTokenHash.token(T1, SIGNATURE);
  }

  /** An OpenToken encrypted token (hash + AES-GCM with a random IV). */
  @Benchmark
  public String openTokenEncryptedToken() {
    return openTokenEncrypted.token(T1, SIGNATURE);
  }

  /** KeyedFunctions.prf with the per-thread Mac that KeyMaterialFunctions uses. */
  @Benchmark
  public byte[] prfThreadLocalMac() {
    return functions.prf("date-shift", personKey);
  }

  /** The same PRF with a new Mac per call: the alternative not chosen. */
  @Benchmark
  public byte[] prfNewMacPerCall() throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(prfKey);
    mac.update("date-shift".getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update(personKey);
    return mac.doFinal();
  }

  @AccessesPartialKey // the benchmark hands Tink the raw key bytes to compare implementations
  private static DeterministicAead tinkKeysetPrimitive(SiteKey key)
      throws GeneralSecurityException {
    DeterministicAeadConfig.register();
    AesSivKey tinkKey =
        AesSivKey.builder()
            .setParameters(
                AesSivParameters.builder()
                    .setKeySizeBytes(SiteKey.KEY_BYTES)
                    .setVariant(AesSivParameters.Variant.TINK)
                    .build())
            .setKeyBytes(
                com.google.crypto.tink.util.SecretBytes.copyFrom(
                    key.key().copy(), InsecureSecretKeyAccess.get()))
            .setIdRequirement(key.id())
            .build();
    KeysetHandle handle =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(tinkKey).withFixedId(key.id()).makePrimary())
            .build();
    return handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
  }
}
