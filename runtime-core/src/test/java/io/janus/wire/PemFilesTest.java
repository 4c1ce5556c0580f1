package io.janus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Private keys in the forms cert-manager and openssl write; certificates must match their key. */
class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsRsaKeysInPkcs1AsCertManagerWritesThem() throws Exception {
        KeyPair rsa = keys("RSA", 2048);
        Path key = write("rsa.key", rsa.getPrivate()); // traditional OpenSSL form: BEGIN RSA PRIVATE KEY
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(key)).isEqualTo(rsa.getPrivate());
    }

    @Test
    void readsPkcs8AndSec1Keys() throws Exception {
        KeyPair ec = keys("EC", 256);
        Path pkcs8 = write("ec8.key", new JcaPKCS8Generator(ec.getPrivate(), null));
        // SEC1 as openssl writes it (`openssl ecparam -genkey`): the curve inside the key's own parameters.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        Path sec1 = write("ec1.key", new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(), info.getPrivateKeyAlgorithm().getParameters())
                .getEncoded()));
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(pkcs8).getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
        assertThat(((java.security.interfaces.ECPrivateKey) PemFiles.privateKey(sec1)).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
    }

    @Test
    void aCertificateWithAnotherKeyIsRejectedNamingBothFiles() throws Exception {
        KeyPair mine = keys("RSA", 2048);
        KeyPair other = keys("RSA", 2048);
        Path cert = write("tls.crt", selfSigned(mine));
        Path key = write("tls.key", other.getPrivate());
        X509Certificate c = PemFiles.certificates(cert)[0];
        PrivateKey k = PemFiles.privateKey(key);
        assertThatThrownBy(() -> PemFiles.requireMatch(c, k, cert, key))
                .hasMessageContaining("tls.key is not the private key of the certificate in").hasMessageContaining("tls.crt");
        PemFiles.requireMatch(c, PemFiles.privateKey(write("mine.key", mine.getPrivate())), cert, key);
    }

    @Test
    void aFileWithoutAKeyOrCertificateGetsAClearError() throws Exception {
        Path cert = write("tls.crt", selfSigned(keys("EC", 256)));
        assertThatThrownBy(() -> PemFiles.privateKey(cert)).hasMessageContaining("tls.crt").hasMessageContaining("no unencrypted private key");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> PemFiles.privateKey(empty)).hasMessageContaining("no private key");
        assertThatThrownBy(() -> PemFiles.certificates(empty)).hasMessageContaining("empty.pem");
    }

    private static KeyPair keys(String algorithm, int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=test");
        Instant now = Instant.now();
        String alg = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())));
    }

    private Path write(String name, Object pemObject) throws Exception {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
        return file;
    }
}
