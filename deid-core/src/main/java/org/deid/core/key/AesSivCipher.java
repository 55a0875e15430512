package org.deid.core.key;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297) with one associated-data string, in deterministic mode (no nonce):
 *
 * <pre>
 * key       = K1 (S2V / AES-CMAC half) || K2 (AES-CTR half); 32, 48 or 64 bytes
 * V         = S2V(K1, associated data, plaintext)                    16 bytes
 * output    = V || AES-CTR(K2, IV = V with bits 31 and 63 cleared, plaintext)
 * </pre>
 *
 * <p>The output is byte-identical to Tink's {@code subtle.AesSiv.encryptDeterministically}; Tink
 * stays the reference in the tests. Why not Tink itself: its AES-SIV creates and initializes new
 * JDK {@code Cipher} objects for the CMAC on every call, which made up most of a deid-v1 token's
 * cost. Here each thread initializes two {@code AES/ECB/NoPadding} ciphers once (one per key half),
 * the CMAC subkeys and the CMAC of the zero block are computed once per key, each thread remembers
 * the S2V step of its last few short associated data strings (token rule ids), and CTR mode is ECB
 * over counter blocks XORed into the text. A {@code null} associated data counts as empty (as in
 * Tink).
 *
 * <p>Deterministic: equal key, plaintext and associated data give equal output. Thread-safe (the
 * ciphers and scratch buffers are per thread). Decryption compares the synthetic IV in constant
 * time ({@link MessageDigest#isEqual}). The instance keeps key material for its lifetime and never
 * shows it.
 */
public final class AesSivCipher {
  /** Length of the synthetic IV that starts every output. */
  public static final int SIV_BYTES = 16;

  private static final int BLOCK = 16;
  private static final byte[] EMPTY = new byte[0];

  /** Associated data strings whose first S2V step each thread remembers (token rule ids). */
  private static final int REMEMBERED_AD = 8;

  private static final int MAX_REMEMBERED_AD_BYTES = 64;

  /** Counter blocks encrypted per ECB call in CTR mode; bounds the per-thread scratch buffer. */
  private static final int CTR_BATCH_BLOCKS = 32;

  private final SecretKeySpec macKey;
  private final SecretKeySpec ctrKey;

  /** CMAC subkey for a message whose last block is complete. */
  private final byte[] subkey1;

  /** CMAC subkey for a message whose last block is padded. */
  private final byte[] subkey2;

  /** dbl(CMAC(K1, 0^128)): the first S2V step, the same for every message. */
  private final byte[] doubledZeroMac;

  private final ThreadLocal<Ciphers> ciphers;

  /**
   * Prepares AES-SIV under a key. The caller keeps (and wipes) its array; this copies it.
   *
   * @param key 32, 48 or 64 bytes (two AES keys of 16, 24 or 32 bytes)
   * @throws IllegalArgumentException when the key length is not 32, 48 or 64 (the message shows the
   *     length only)
   */
  public AesSivCipher(byte[] key) {
    if (key.length != 32 && key.length != 48 && key.length != 64) {
      throw new IllegalArgumentException(
          "AES-SIV key must be 32, 48 or 64 bytes, not " + key.length);
    }
    int half = key.length / 2;
    this.macKey = new SecretKeySpec(key, 0, half, "AES");
    this.ctrKey = new SecretKeySpec(key, half, half, "AES");
    this.ciphers = ThreadLocal.withInitial(() -> new Ciphers(macKey, ctrKey));
    Ciphers own = ciphers.get();
    byte[] l = new byte[BLOCK];
    own.encryptMacBlock(l);
    this.subkey1 = doubled(l);
    this.subkey2 = doubled(subkey1);
    Arrays.fill(l, (byte) 0);
    byte[] zeroMac = new byte[BLOCK];
    cmac(own, zeroMac, 0, BLOCK, zeroMac);
    this.doubledZeroMac = doubled(zeroMac);
  }

  /**
   * Encrypts deterministically.
   *
   * @param plaintext bytes to encrypt (any length, including none)
   * @param associatedData bytes bound to the output; {@code null} counts as empty
   * @return {@code 16 + plaintext.length} bytes: synthetic IV, then ciphertext
   */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    byte[] out = new byte[SIV_BYTES + plaintext.length];
    encrypt(plaintext, associatedData, out, 0);
    return out;
  }

  /**
   * Encrypts deterministically into {@code out} from {@code outOffset}: the same bytes as {@link
   * #encrypt(byte[], byte[])} returns, without an intermediate array.
   *
   * @param plaintext bytes to encrypt (any length, including none)
   * @param associatedData bytes bound to the output; {@code null} counts as empty
   * @param out receives {@code 16 + plaintext.length} bytes
   * @param outOffset where the synthetic IV starts in {@code out}
   * @throws IndexOutOfBoundsException when {@code out} has too little room from {@code outOffset}
   */
  public void encrypt(byte[] plaintext, byte[] associatedData, byte[] out, int outOffset) {
    Objects.checkFromIndexSize(outOffset, SIV_BYTES + plaintext.length, out.length);
    Ciphers own = ciphers.get();
    byte[] siv = own.siv;
    s2v(own, associatedData, plaintext, 0, plaintext.length, siv);
    System.arraycopy(siv, 0, out, outOffset, SIV_BYTES);
    ctr(own, siv, plaintext, 0, out, outOffset + SIV_BYTES, plaintext.length);
  }

  /**
   * Decrypts and authenticates output of {@link #encrypt(byte[], byte[])}.
   *
   * @param ciphertext synthetic IV followed by ciphertext
   * @param associatedData the same associated data as at encryption; {@code null} counts as empty
   * @return the plaintext
   * @throws GeneralSecurityException when the input is shorter than the IV or fails authentication
   *     (altered, other key or associated data); the message names no input
   */
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return decrypt(ciphertext, 0, ciphertext.length, associatedData);
  }

  /**
   * Decrypts and authenticates {@code length} bytes of {@code input} from {@code offset}.
   *
   * @param input holds the synthetic IV followed by ciphertext
   * @param offset where the IV starts
   * @param length IV plus ciphertext length
   * @param associatedData the same associated data as at encryption; {@code null} counts as empty
   * @return the plaintext
   * @throws GeneralSecurityException as for {@link #decrypt(byte[], byte[])}
   */
  public byte[] decrypt(byte[] input, int offset, int length, byte[] associatedData)
      throws GeneralSecurityException {
    if (length < SIV_BYTES) {
      throw new GeneralSecurityException("AES-SIV ciphertext too short");
    }
    Ciphers own = ciphers.get();
    byte[] iv = Arrays.copyOfRange(input, offset, offset + SIV_BYTES);
    byte[] plain = new byte[length - SIV_BYTES];
    ctr(own, iv, input, offset + SIV_BYTES, plain, 0, plain.length);
    byte[] expected = new byte[SIV_BYTES];
    s2v(own, associatedData, plain, 0, plain.length, expected);
    if (!MessageDigest.isEqual(expected, iv)) {
      Arrays.fill(plain, (byte) 0);
      throw new AEADBadTagException("AES-SIV authentication failed");
    }
    return plain;
  }

  /** S2V over (associated data, plaintext) into {@code out[0..16)}. */
  private void s2v(Ciphers own, byte[] associatedData, byte[] text, int off, int len, byte[] out) {
    byte[] ad = associatedData == null ? EMPTY : associatedData;
    byte[] d = own.d;
    System.arraycopy(own.firstStep(this, ad), 0, d, 0, BLOCK);
    if (len >= BLOCK) {
      // T = plaintext xorend D
      byte[] t = len <= own.scratch.length ? own.scratch : new byte[len];
      System.arraycopy(text, off, t, 0, len);
      int end = len - BLOCK;
      for (int i = 0; i < BLOCK; i++) {
        t[end + i] ^= d[i];
      }
      cmac(own, t, 0, len, out);
      Arrays.fill(t, 0, len, (byte) 0);
    } else {
      // T = dbl(D) xor pad(plaintext)
      doubleInPlace(d);
      for (int i = 0; i < len; i++) {
        d[i] ^= text[off + i];
      }
      d[len] ^= (byte) 0x80;
      cmac(own, d, 0, BLOCK, out);
    }
    Arrays.fill(d, (byte) 0);
  }

  /** dbl(CMAC(0^128)) xor CMAC(associated data): S2V's state before the plaintext. */
  private byte[] firstStep(Ciphers own, byte[] ad) {
    byte[] step = new byte[BLOCK];
    cmac(own, ad, 0, ad.length, step);
    for (int i = 0; i < BLOCK; i++) {
      step[i] ^= doubledZeroMac[i];
    }
    return step;
  }

  /** AES-CMAC (RFC 4493) under K1 of {@code msg[off, off+len)} into {@code out[0..16)}. */
  private void cmac(Ciphers own, byte[] msg, int off, int len, byte[] out) {
    byte[] x = own.x;
    Arrays.fill(x, (byte) 0);
    int blocks = len == 0 ? 1 : (len + BLOCK - 1) / BLOCK;
    int pos = off;
    for (int b = 0; b < blocks - 1; b++, pos += BLOCK) {
      for (int i = 0; i < BLOCK; i++) {
        x[i] ^= msg[pos + i];
      }
      own.encryptMacBlock(x);
    }
    int rest = off + len - pos;
    if (rest == BLOCK) {
      for (int i = 0; i < BLOCK; i++) {
        x[i] ^= (byte) (msg[pos + i] ^ subkey1[i]);
      }
    } else {
      for (int i = 0; i < rest; i++) {
        x[i] ^= msg[pos + i];
      }
      x[rest] ^= (byte) 0x80;
      for (int i = 0; i < BLOCK; i++) {
        x[i] ^= subkey2[i];
      }
    }
    own.encryptMacBlock(x);
    System.arraycopy(x, 0, out, 0, BLOCK);
  }

  /** AES-CTR under K2 with the SIV-masked counter: {@code out = in xor keystream}. */
  private static void ctr(
      Ciphers own, byte[] siv, byte[] in, int inOff, byte[] out, int outOff, int len) {
    byte[] counter = own.counter;
    System.arraycopy(siv, 0, counter, 0, BLOCK);
    counter[8] &= 0x7f;
    counter[12] &= 0x7f;
    byte[] stream = own.stream;
    int done = 0;
    while (done < len) {
      int chunk = Math.min(len - done, stream.length);
      int blocks = (chunk + BLOCK - 1) / BLOCK;
      for (int b = 0; b < blocks; b++) {
        System.arraycopy(counter, 0, stream, b * BLOCK, BLOCK);
        increment(counter);
      }
      own.encryptCtrBlocks(stream, blocks * BLOCK);
      for (int i = 0; i < chunk; i++) {
        out[outOff + done + i] = (byte) (in[inOff + done + i] ^ stream[i]);
      }
      done += chunk;
    }
    Arrays.fill(stream, 0, Math.min(len + BLOCK, stream.length), (byte) 0);
  }

  /** Adds one to a 128-bit big-endian counter (as the JDK's AES/CTR does). */
  private static void increment(byte[] counter) {
    for (int i = BLOCK - 1; i >= 0; i--) {
      if (++counter[i] != 0) {
        return;
      }
    }
  }

  private static byte[] doubled(byte[] block) {
    byte[] copy = block.clone();
    doubleInPlace(copy);
    return copy;
  }

  /** Multiplication by x in GF(2^128) (RFC 5297 "dbl"). */
  private static void doubleInPlace(byte[] block) {
    int carry = (block[0] & 0x80) != 0 ? 0x87 : 0;
    for (int i = 0; i < BLOCK - 1; i++) {
      block[i] = (byte) ((block[i] << 1) | ((block[i + 1] & 0xff) >>> 7));
    }
    block[BLOCK - 1] = (byte) ((block[BLOCK - 1] << 1) ^ carry);
  }

  /** One thread's initialized ciphers and scratch blocks. */
  private static final class Ciphers {
    private final Cipher macAes;
    private final Cipher ctrAes;
    private final byte[] x = new byte[BLOCK];
    private final byte[] d = new byte[BLOCK];
    private final byte[] counter = new byte[BLOCK];
    private final byte[] siv = new byte[BLOCK];
    private final byte[] stream = new byte[CTR_BATCH_BLOCKS * BLOCK];

    /** S2V's last input for short plaintexts (tokens are 32 bytes). */
    private final byte[] scratch = new byte[256];

    // A few associated data strings (copies, compared by content) and their first S2V step: a
    // run uses one per token rule, so this saves one of the three CMAC blocks of a token.
    private final byte[][] rememberedAd = new byte[REMEMBERED_AD][];
    private final byte[][] rememberedStep = new byte[REMEMBERED_AD][];
    private int nextSlot;

    Ciphers(SecretKeySpec macKey, SecretKeySpec ctrKey) {
      this.macAes = ecb(macKey);
      this.ctrAes = ecb(ctrKey);
    }

    byte[] firstStep(AesSivCipher owner, byte[] ad) {
      if (ad.length > MAX_REMEMBERED_AD_BYTES) {
        return owner.firstStep(this, ad);
      }
      for (int i = 0; i < REMEMBERED_AD; i++) {
        byte[] known = rememberedAd[i];
        if (known != null && Arrays.equals(known, ad)) {
          return rememberedStep[i];
        }
      }
      byte[] step = owner.firstStep(this, ad);
      rememberedAd[nextSlot] = ad.clone();
      rememberedStep[nextSlot] = step;
      nextSlot = (nextSlot + 1) % REMEMBERED_AD;
      return step;
    }

    void encryptMacBlock(byte[] block) {
      run(macAes, block, BLOCK);
    }

    void encryptCtrBlocks(byte[] blocks, int length) {
      run(ctrAes, blocks, length);
    }

    private static void run(Cipher cipher, byte[] data, int length) {
      try {
        cipher.update(data, 0, length, data, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES block encryption failed", e);
      }
    }

    private static Cipher ecb(SecretKeySpec key) {
      try {
        Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/ECB/NoPadding is unavailable", e);
      }
    }
  }
}
