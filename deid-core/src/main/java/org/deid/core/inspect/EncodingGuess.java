package org.deid.core.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Guesses the charset of a sample: UTF-8 if it decodes strictly; otherwise windows-1252 when bytes
 * 0x80-0x9F occur (they are printable there: curly quotes, dashes, euro sign, but control codes in
 * ISO-8859-1), else ISO-8859-1.
 */
final class EncodingGuess {
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private EncodingGuess() {}

  static boolean isValidUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static Charset guess(byte[] bytes, boolean validUtf8) {
    if (validUtf8) {
      return StandardCharsets.UTF_8;
    }
    for (byte b : bytes) {
      int u = b & 0xff;
      if (u >= 0x80 && u <= 0x9f) {
        return WINDOWS_1252;
      }
    }
    return StandardCharsets.ISO_8859_1;
  }
}
