package io.janus.edge;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made at test time (no private key is ever committed): a CA and leaf certificates it signs. */
final class TestingCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestingCertificates(Path dir, String name) throws Exception {
        this.dir = dir;
        this.name = name;
        this.caKeys = keys();
        this.ca = sign(new X500Name("CN=" + name + " test CA"), caKeys, new X500Name("CN=" + name + " test CA"), caKeys.getPrivate(), true);
        write(dir.resolve(name + "-ca.pem"), ca);
    }

    /** A new CA whose files go to {@code dir/<name>-*.pem}. */
    static TestingCertificates authority(Path dir, String name) throws Exception {
        return new TestingCertificates(dir, name);
    }

    Path caFile() {
        return dir.resolve(name + "-ca.pem");
    }

    /** A leaf for {@code cn}, valid for localhost / 127.0.0.1, signed by this CA: cert and PKCS#8 key files. */
    Path[] issue(String cn) throws Exception {
        KeyPair leaf = keys();
        X509Certificate cert = sign(new X500Name("CN=" + cn), leaf, new X500Name("CN=" + name + " test CA"), caKeys.getPrivate(), false);
        Path certFile = dir.resolve(name + "-" + cn + ".pem");
        Path keyFile = dir.resolve(name + "-" + cn + "-key.pem");
        write(certFile, cert);
        try (Writer w = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(leaf.getPrivate(), null));
        }
        return new Path[] {certFile, keyFile};
    }

    /**
     * A leaf for {@code cn} written the way a Kubernetes Secret volume holds it: {@code secretDir/tls.crt},
     * {@code tls.key} and {@code ca.crt} are symlinks into {@code ..data}, itself a symlink to a timestamped folder;
     * a second call writes a new folder and swaps {@code ..data} atomically, as the kubelet does on a rotation.
     * The key is RSA in PKCS#1 ({@code RSA PRIVATE KEY}), as cert-manager writes it by default.
     *
     * @param trusted the CAs written to {@code ca.crt} (a bundle while a CA is being replaced)
     * @return the new certificate
     */
    X509Certificate issueSecret(Path secretDir, String cn, TestingCertificates... trusted) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair leaf = g.generateKeyPair();
        X509Certificate cert = sign(new X500Name("CN=" + cn), leaf, new X500Name("CN=" + name + " test CA"), caKeys.getPrivate(),
                false);
        Files.createDirectories(secretDir);
        Path version = Files.createDirectory(secretDir.resolve("..v" + SERIAL.incrementAndGet()));
        write(version.resolve("tls.crt"), cert);
        write(version.resolve("tls.key"), leaf.getPrivate()); // JcaPEMWriter: traditional OpenSSL form = PKCS#1 for RSA
        try (Writer w = Files.newBufferedWriter(version.resolve("ca.crt")); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (TestingCertificates t : trusted) {
                pem.writeObject(t.ca);
            }
        }
        Path next = secretDir.resolve("..data_tmp");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, version.getFileName());
        Files.move(next, secretDir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String f : new String[] {"tls.crt", "tls.key", "ca.crt"}) {
            if (!Files.exists(secretDir.resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(secretDir.resolve(f), Path.of("..data", f));
            }
        }
        return cert;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey, boolean isCa)
            throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (!isCa) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static void write(Path file, Object pemObject) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
    }
}
