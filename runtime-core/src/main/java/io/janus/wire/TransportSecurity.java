package io.janus.wire;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Edge ↔ cloud transport security: mutual TLS from PEM files (each side presents a certificate signed by the CA the
 * other trusts), or plaintext only when asked for explicitly.
 *
 * @param cert this side's certificate chain (PEM)
 * @param key  its private key (PEM, PKCS#8: {@code -----BEGIN PRIVATE KEY-----})
 * @param ca   the CA certificate(s) that must have signed the peer's certificate (PEM)
 */
public record TransportSecurity(Path cert, Path key, Path ca) {

    private static final TransportSecurity PLAINTEXT = new TransportSecurity(null, null, null);

    public static TransportSecurity plaintext() {
        return PLAINTEXT;
    }

    /**
     * Resolves the {@code --tls-cert/--tls-key/--tls-ca/--plaintext} flags: all three files for mutual TLS, or
     * {@code --plaintext} alone.
     *
     * @throws IllegalArgumentException for any other combination or a missing file
     */
    public static TransportSecurity fromFlags(Path cert, Path key, Path ca, boolean plaintext) {
        boolean anyTls = cert != null || key != null || ca != null;
        if (plaintext) {
            if (anyTls) {
                throw new IllegalArgumentException("--plaintext conflicts with --tls-cert/--tls-key/--tls-ca: choose one");
            }
            return PLAINTEXT;
        }
        if (cert == null || key == null || ca == null) {
            throw new IllegalArgumentException("mutual TLS needs --tls-cert, --tls-key and --tls-ca"
                    + " (missing " + (cert == null ? "--tls-cert " : "") + (key == null ? "--tls-key " : "")
                    + (ca == null ? "--tls-ca" : "").trim() + "); pass --plaintext to run without encryption");
        }
        for (Path p : new Path[] {cert, key, ca}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(p + ": no such readable file");
            }
        }
        return new TransportSecurity(cert, key, ca);
    }

    public boolean isPlaintext() {
        return cert == null;
    }

    /** Server side: presents {@link #cert} and requires a client certificate signed by {@link #ca}. */
    public ServerCredentials serverCredentials() {
        if (isPlaintext()) {
            return InsecureServerCredentials.create();
        }
        try {
            return TlsServerCredentials.newBuilder()
                    .keyManager(cert.toFile(), key.toFile())
                    .trustManager(ca.toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("TLS files " + cert + ", " + key + ", " + ca + ": " + e.getMessage(), e);
        }
    }

    /** Client side: presents {@link #cert} and trusts only servers whose certificate {@link #ca} signed. */
    public ChannelCredentials channelCredentials() {
        if (isPlaintext()) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder()
                    .keyManager(cert.toFile(), key.toFile())
                    .trustManager(ca.toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("TLS files " + cert + ", " + key + ", " + ca + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return isPlaintext() ? "plaintext" : "mutual TLS (cert " + cert + ", CA " + ca + ")";
    }
}
