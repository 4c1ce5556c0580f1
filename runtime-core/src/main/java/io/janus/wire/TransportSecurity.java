package io.janus.wire;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Edge ↔ cloud transport security: mutual TLS from PEM files (each side presents a certificate signed by the CA the
 * other trusts), or plaintext only when asked for explicitly.
 *
 * <p>The files are read again every {@code reloadPeriod} and new handshakes use what they hold then, so a rotated
 * Kubernetes Secret (cert-manager renews before expiry) takes effect without a restart ({@link ReloadingTlsFiles}).
 *
 * @param cert this side's certificate chain (PEM)
 * @param key  its private key (PEM: PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} or
 *             SEC1 {@code EC PRIVATE KEY}; see {@link PemFiles})
 * @param ca   the CA certificate(s) that must have signed the peer's certificate (PEM)
 * @param reloadPeriod how often the files are checked for new content (zero: never)
 */
public record TransportSecurity(Path cert, Path key, Path ca, Duration reloadPeriod) {

    /** The kubelet refreshes mounted Secrets about once a minute; checking more often costs three small reads. */
    public static final Duration DEFAULT_RELOAD_PERIOD = Duration.ofSeconds(10);
    private static final TransportSecurity PLAINTEXT = new TransportSecurity(null, null, null, Duration.ZERO);

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
        checkFlags(cert, key, ca, plaintext);
        if (plaintext) {
            return PLAINTEXT;
        }
        for (Path p : new Path[] {cert, key, ca}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(p + ": no such readable file");
            }
        }
        return new TransportSecurity(cert, key, ca, DEFAULT_RELOAD_PERIOD);
    }

    /** The same files, checked for new content every {@code period}. */
    public TransportSecurity withReloadPeriod(Duration period) {
        return isPlaintext() ? this : new TransportSecurity(cert, key, ca, period);
    }

    /**
     * The combination check of {@link #fromFlags} alone (the files are not read): all three files, or
     * {@code --plaintext} alone.
     */
    public static void checkFlags(Path cert, Path key, Path ca, boolean plaintext) {
        boolean anyTls = cert != null || key != null || ca != null;
        if (plaintext) {
            if (anyTls) {
                throw new IllegalArgumentException("--plaintext conflicts with --tls-cert/--tls-key/--tls-ca: choose one");
            }
            return;
        }
        if (cert == null || key == null || ca == null) {
            throw new IllegalArgumentException("mutual TLS needs --tls-cert, --tls-key and --tls-ca"
                    + " (missing " + (cert == null ? "--tls-cert " : "") + (key == null ? "--tls-key " : "")
                    + (ca == null ? "--tls-ca" : "").trim() + "); pass --plaintext to run without encryption");
        }
    }

    public boolean isPlaintext() {
        return cert == null;
    }

    /** Server side: presents {@link #cert} and requires a client certificate signed by {@link #ca}. */
    public ServerCredentials serverCredentials() {
        if (isPlaintext()) {
            return InsecureServerCredentials.create();
        }
        ReloadingTlsFiles.Managers m = ReloadingTlsFiles.watch(cert, key, ca, false, reloadPeriod);
        return TlsServerCredentials.newBuilder()
                .keyManager(m.keyManager())
                .trustManager(m.trustManager())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    /** Client side: presents {@link #cert} and trusts only servers whose certificate {@link #ca} signed. */
    public ChannelCredentials channelCredentials() {
        if (isPlaintext()) {
            return InsecureChannelCredentials.create();
        }
        ReloadingTlsFiles.Managers m = ReloadingTlsFiles.watch(cert, key, ca, true, reloadPeriod);
        return TlsChannelCredentials.newBuilder()
                .keyManager(m.keyManager())
                .trustManager(m.trustManager())
                .build();
    }

    @Override
    public String toString() {
        return isPlaintext() ? "plaintext" : "mutual TLS (cert " + cert + ", CA " + ca + ")";
    }
}
