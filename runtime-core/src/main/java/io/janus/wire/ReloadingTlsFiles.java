package io.janus.wire;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key and trust managers fed from PEM files and refreshed when the files' content changes. The kubelet updates a
 * mounted Secret by writing a new directory and swapping the {@code ..data} symlink, so the paths stay and only what
 * they resolve to changes: the files are read again every poll period and compared by digest (mtimes of symlinked
 * files are not reliable). New handshakes use the new material; established connections keep theirs. A half-written
 * rotation (a certificate without its key) is skipped until the next poll, with a warning.
 *
 * <p>The poller holds the managers weakly: once no server or channel uses them, the poll stops by itself.
 */
final class ReloadingTlsFiles {

    /** The managers to build credentials from; whoever uses them keeps them (and so their reloading) alive. */
    record Managers(AdvancedTlsX509KeyManager keyManager, AdvancedTlsX509TrustManager trustManager) {
    }


    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsFiles.class);
    /** One daemon thread polls for every credential of the process; a poll stops once its managers are unused. */
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "janus-tls-reload");
        t.setDaemon(true);
        return t;
    });

    private final Path cert;
    private final Path key;
    private final Path ca;
    private final WeakReference<Managers> managers;
    private byte[] loaded;

    private ReloadingTlsFiles(Path cert, Path key, Path ca, Managers managers) {
        this.cert = cert;
        this.key = key;
        this.ca = ca;
        this.managers = new WeakReference<>(managers);
    }

    /**
     * Loads the files now (a bad file is an {@link IllegalArgumentException} naming it) and, for a positive period,
     * polls them for changes until the returned object is no longer referenced by a server or channel.
     *
     * @param verifyHostName true on the client: the server's certificate must name the host dialled
     */
    static Managers watch(Path cert, Path key, Path ca, boolean verifyHostName, Duration period) {
        Managers managers;
        try {
            managers = new Managers(new AdvancedTlsX509KeyManager(), AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(verifyHostName
                            ? AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION
                            : AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                    .build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS trust manager: " + e.getMessage(), e);
        }
        ReloadingTlsFiles files = new ReloadingTlsFiles(cert, key, ca, managers);
        files.reload();
        if (!period.isZero() && !period.isNegative()) {
            files.schedule(period);
        }
        return managers;
    }

    /**
     * Installs the files' content if it changed since the last load.
     *
     * @return true when new key material was installed
     * @throws IllegalArgumentException when a file cannot be read or parsed, or key and certificate do not match
     */
    synchronized boolean reload() {
        Managers m = managers.get();
        if (m == null) {
            return false;
        }
        byte[] digest = digest(cert, key, ca);
        if (Arrays.equals(digest, loaded)) {
            return false;
        }
        X509Certificate[] chain = PemFiles.certificates(cert);
        PrivateKey privateKey = PemFiles.privateKey(key);
        PemFiles.requireMatch(chain[0], privateKey, cert, key);
        X509Certificate[] trusted = PemFiles.certificates(ca);
        try {
            m.trustManager().updateTrustCredentials(trusted);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(ca + ": cannot trust these certificates: " + e.getMessage(), e);
        }
        m.keyManager().updateIdentityCredentials(chain, privateKey);
        boolean first = loaded == null;
        loaded = digest;
        if (!first) {
            LOG.info("TLS: reloaded {} (serial {}, valid until {}), {} and {}", cert, chain[0].getSerialNumber().toString(16),
                    chain[0].getNotAfter().toInstant(), key, ca);
        }
        return true;
    }

    private void schedule(Duration period) {
        long ms = Math.max(1, period.toMillis());
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = POLLER.scheduleWithFixedDelay(() -> {
            if (managers.get() == null) {
                if (self[0] != null) {
                    self[0].cancel(false);
                }
                return;
            }
            try {
                reload();
            } catch (IllegalArgumentException e) {
                LOG.warn("TLS: keeping the current certificates, the files do not load yet: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("TLS: reload failed, keeping the current certificates", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    private static byte[] digest(Path... files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return sha.digest();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read TLS file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
