package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority for tests: an EC P-256 key with a self-signed CA certificate, which issues server
 * and client certificates signed with ECDSA-SHA256.
 *
 * <p>Why EC and not RSA? An EC key is generated in about a millisecond where RSA 2048 takes tens to hundreds, and
 * OpenSSL (redis-server), the JDK and Netty (Lettuce) all accept P-256. Certificates are valid from an hour ago, for
 * clock skew, to a day from now; they carry only what verification needs: basic constraints, and for a server the
 * subject alternative names {@code IP:127.0.0.1} and {@code DNS:localhost} that hostname verification checks. They also
 * carry key usage and key identifiers, so they pass {@code openssl verify -x509_strict} too.
 */
final class CertificateAuthority {

  /** A certificate with its private key. */
  record Credential(X509Certificate certificate, PrivateKey key) {}

  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  /** keyCertSign and cRLSign, bits 5 and 6 of the key usage BIT STRING; bit 7 is padding. */
  private static final byte[] CA_KEY_USAGE = Der.bitString(new byte[] {0x06}, 1);
  /** digitalSignature, bit 0, which ECDHE needs of a certificate's key; bits 1 to 7 are padding. */
  private static final byte[] END_ENTITY_KEY_USAGE = Der.bitString(new byte[] {(byte) 0x80}, 7);
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final Duration VALID_BEFORE = Duration.ofHours(1);
  private static final Duration VALID_AFTER = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final Credential credential;
  private final KeyPair keys;

  private CertificateAuthority(String name, Credential credential, KeyPair keys) {
    this.name = name;
    this.credential = credential;
    this.keys = keys;
  }

  /** Creates an authority whose self-signed certificate has the common name {@code name}. */
  static CertificateAuthority create(String name) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate = sign(name, keys, name, keys.getPublic(),
        extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))),
        extension(KEY_USAGE, true, CA_KEY_USAGE));
    return new CertificateAuthority(name, new Credential(certificate, keys.getPrivate()), keys);
  }

  /** Returns the authority's own certificate and key. */
  Credential credential() {
    return credential;
  }

  /** Issues a certificate for a server on {@code 127.0.0.1} or {@code localhost}. */
  Credential issueServer(String commonName) {
    byte[] names = Der.sequence(Der.implicit(2, "localhost".getBytes(US_ASCII)),
        Der.implicit(7, InetAddress.getLoopbackAddress().getAddress()));
    return issue(commonName, extension(SUBJECT_ALT_NAME, false, names));
  }

  /** Issues a certificate for a client, for servers that require one ({@code tls-auth-clients yes}). */
  Credential issueClient(String commonName) {
    return issue(commonName);
  }

  private Credential issue(String commonName, byte[]... extraExtensions) {
    KeyPair subjectKeys = newKeyPair();
    List<byte[]> extensions = new ArrayList<>(List.of(extension(BASIC_CONSTRAINTS, true, Der.sequence()),
        extension(KEY_USAGE, true, END_ENTITY_KEY_USAGE)));
    extensions.addAll(List.of(extraExtensions));
    X509Certificate certificate = sign(name, keys, commonName, subjectKeys.getPublic(),
        extensions.toArray(byte[][]::new));
    return new Credential(certificate, subjectKeys.getPrivate());
  }

  private static X509Certificate sign(String issuer, KeyPair issuerKeys, String subject, PublicKey subjectKey,
      byte[]... extensions) {
    List<byte[]> allExtensions = new ArrayList<>(List.of(extensions));
    allExtensions.add(extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(subjectKey))));
    allExtensions.add(extension(AUTHORITY_KEY_IDENTIFIER, false,
        Der.sequence(Der.implicit(0, keyIdentifier(issuerKeys.getPublic())))));
    Instant now = Instant.now();
    byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
    byte[] tbs = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)),
        Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
        algorithm,
        distinguishedName(issuer),
        Der.sequence(Der.utcTime(now.minus(VALID_BEFORE)), Der.utcTime(now.plus(VALID_AFTER))),
        distinguishedName(subject),
        subjectKey.getEncoded(),
        Der.explicit(3, Der.sequence(allExtensions.toArray(byte[][]::new))));
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(issuerKeys.getPrivate());
      signer.update(tbs);
      byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      certificate.checkValidity();
      return certificate;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate for CN=" + subject + ": " + e, e);
    }
  }

  /** Returns the SHA-1 of the encoded public key, a key identifier as RFC 5280 suggests. */
  private static byte[] keyIdentifier(PublicKey key) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(key.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-1 for key identifiers", e);
    }
  }

  private static byte[] distinguishedName(String commonName) {
    return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate an EC P-256 key: " + e, e);
    }
  }
}
