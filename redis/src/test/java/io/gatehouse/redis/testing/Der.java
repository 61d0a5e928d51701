package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A DER encoder for the few ASN.1 types an X.509 certificate needs, so that {@link CertificateAuthority} can build
 * certificates with the JDK alone: the JDK parses and verifies certificates but has no public API that writes one.
 *
 * <p>Each method returns one complete encoding (tag, length, content); constructed types take their elements'
 * encodings.
 */
final class Der {

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private Der() {}

  static byte[] sequence(byte[]... elements) {
    return tlv(0x30, concat(elements));
  }

  static byte[] set(byte[]... elements) {
    return tlv(0x31, concat(elements));
  }

  static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  /** A BIT STRING whose bits fill whole bytes, as a signature does. */
  static byte[] bitString(byte[] bytes) {
    return bitString(bytes, 0);
  }

  /** A BIT STRING whose last {@code unusedBits} bits (0 to 7) are padding, as key usage flags have. */
  static byte[] bitString(byte[] bytes, int unusedBits) {
    byte[] content = new byte[bytes.length + 1];
    content[0] = (byte) unusedBits;
    System.arraycopy(bytes, 0, content, 1, bytes.length);
    return tlv(0x03, content);
  }

  static byte[] octetString(byte[] bytes) {
    return tlv(0x04, bytes);
  }

  /** An OBJECT IDENTIFIER from its dotted form, such as {@code 2.5.4.3}. */
  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(out, Long.parseLong(arcs[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  static byte[] utf8String(String value) {
    return tlv(0x0C, value.getBytes(UTF_8));
  }

  /** A UTCTime, which X.509 requires for dates up to 2049. */
  static byte[] utcTime(Instant instant) {
    return tlv(0x17, UTC_TIME.format(instant).getBytes(US_ASCII));
  }

  /** An explicitly tagged element, {@code [number] EXPLICIT}, such as a certificate's version and extensions. */
  static byte[] explicit(int number, byte[] element) {
    return tlv(0xA0 | number, element);
  }

  /** An implicitly tagged primitive, {@code [number] IMPLICIT}, such as a dNSName or iPAddress in a SAN. */
  static byte[] implicit(int number, byte[] content) {
    return tlv(0x80 | number, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int group = groups - 1; group >= 0; group--) {
      int bits = (int) ((value >>> (group * 7)) & 0x7F);
      out.write(group == 0 ? bits : bits | 0x80);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
