package io.janus.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM key material as Kubernetes Secrets hold it ({@code tls.crt}, {@code tls.key}, {@code ca.crt}). Private keys are
 * read by BouncyCastle in every unencrypted form cert-manager and openssl write: PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, optionally after {@code EC PARAMETERS}).
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** The private key in {@code file}. */
    public static PrivateKey privateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return jdkKey(pair.getPrivateKeyInfo()); // PKCS#1 / SEC1 (which may omit the public key)
                }
                if (o instanceof PrivateKeyInfo info) {
                    return jdkKey(info);
                }
                if (!(o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters)) {
                    throw new IllegalArgumentException(file + ": " + o.getClass().getSimpleName() + " is no unencrypted private key"
                            + " (expected PEM 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY')");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read a PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": no private key in it (expected PEM 'PRIVATE KEY', 'RSA PRIVATE KEY'"
                + " or 'EC PRIVATE KEY')");
    }

    /** The key as the JDK's own providers represent it: what TLS uses. */
    private static PrivateKey jdkKey(PrivateKeyInfo info) throws IOException {
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    /** The certificates in {@code file}, leaf first for a chain; at least one. */
    public static X509Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate[] certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (certs.length == 0) {
                throw new IllegalArgumentException(file + ": no PEM certificate in it");
            }
            return certs;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(file + ": cannot read PEM certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless {@code key} belongs to {@code cert}: during a rotation the files are read one by one, and a new
     * certificate with the old key would break every handshake.
     */
    public static void requireMatch(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        PublicKey pub = cert.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException(keyFile + ": unsupported key algorithm " + key.getAlgorithm());
        };
        try {
            byte[] probe = "janus key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(pub);
            verify.update(probe);
            if (verify.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: a key of another type than the certificate's
        }
        throw new IllegalArgumentException(keyFile + " is not the private key of the certificate in " + certFile
                + " (" + cert.getSubjectX500Principal().getName() + ")");
    }
}
