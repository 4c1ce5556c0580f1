package io.janus.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.janus.cloud.CloudConfig;
import io.janus.cloud.CloudServer;
import io.janus.model.VitModel;
import io.janus.plan.Decider;
import io.janus.plan.Decision;
import io.janus.plan.Mode;
import io.janus.schedule.Schedule;
import io.janus.testing.Digits;
import io.janus.testing.ProjectFiles;
import io.janus.wire.PemFiles;
import io.janus.wire.TensorCodec;
import io.janus.wire.TransportSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA of a running edge/cloud pair is replaced and their certificates renewed, the way cert-manager and the kubelet
 * do it: each step rewrites the Secret volumes ({@code ..data} symlink swap) and the runtimes pick the files up
 * without a restart. Each step, once the runtimes had time to reload, opens a new connection (a new handshake with
 * what each side has loaded) and no frame may fail: trust the new CA too, then switch both certificates to it, then
 * drop the old CA, after which a half that had not reloaded could not complete a handshake. Keys are RSA PKCS#1, as
 * cert-manager writes them.
 */
class CertificateRotationIT {

    private static final Duration RELOAD = Duration.ofMillis(200);
    /** Frames run at least this long between two steps (many reload periods), and at least {@link #STEP_FRAMES}. */
    private static final Duration STEP = Duration.ofMillis(1500);
    private static final int STEP_FRAMES = 3;

    @TempDir
    Path dir;

    @Test
    void framesKeepFlowingWhileTheCaAndBothCertificatesAreReplaced() throws Exception {
        TestingCertificates oldCa = TestingCertificates.authority(dir, "old");
        TestingCertificates newCa = TestingCertificates.authority(dir, "new");
        Path cloudSecret = dir.resolve("cloud-tls");
        Path edgeSecret = dir.resolve("edge-tls");
        oldCa.issueSecret(cloudSecret, "cloud", oldCa);
        oldCa.issueSecret(edgeSecret, "edge", oldCa);
        Decision collaborative = new Decision(Schedule.parse("exp:0.1"), 4, TensorCodec.FP16);

        try (CloudServer cloud = CloudServer.start(CloudConfig.local(ProjectFiles.model(), secret(cloudSecret)));
             VitModel model = VitModel.load(ProjectFiles.model())) {
            String target = "localhost:" + cloud.port();
            ManagedChannel channel = Grpc.newChannelBuilder(target, secret(edgeSecret).channelCredentials()).build();
            List<String> failed = new ArrayList<>();
            X509Certificate renewedCloud;
            int[] frames = {0};
            try (EdgeRuntime edge = new EdgeRuntime(model, new CloudClient(target, channel), Decider.fixed(collaborative),
                    EdgeOptions.defaults(10_000), new PrometheusRegistry())) {
                Runnable run = () -> runFrames(edge, channel, frames, failed);
                run.run();
                oldCa.issueSecret(cloudSecret, "cloud", oldCa, newCa);     // 1. trust the new CA as well
                oldCa.issueSecret(edgeSecret, "edge", oldCa, newCa);
                run.run();
                newCa.issueSecret(cloudSecret, "cloud", oldCa, newCa);     // 2. certificates from the new CA
                newCa.issueSecret(edgeSecret, "edge", oldCa, newCa);
                run.run();
                renewedCloud = newCa.issueSecret(cloudSecret, "cloud", newCa); // 3. the old CA is gone
                newCa.issueSecret(edgeSecret, "edge", newCa);
                int before = frames[0];
                run.run();
                assertThat(frames[0] - before).as("frames after the old CA was dropped").isGreaterThanOrEqualTo(STEP_FRAMES);
            }
            assertThat(failed).as("frames that did not complete on the cloud").isEmpty();
            assertThat(servedSerial(cloud.port(), edgeSecret)).isEqualTo(renewedCloud.getSerialNumber());
        }
    }

    /** Frames for one step over a new connection; records those that did not finish on the cloud. */
    private static void runFrames(EdgeRuntime edge, ManagedChannel channel, int[] frames, List<String> failed) {
        try {
            Thread.sleep(RELOAD.multipliedBy(5).toMillis()); // both halves reload the files just written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        channel.enterIdle(); // the next call connects again: a new handshake with the certificates loaded now
        long until = System.nanoTime() + STEP.toNanos();
        int first = frames[0];
        do {
            FrameResult r = edge.process(Digits.get(frames[0] % 10));
            if (r.mode() != Mode.COLLABORATIVE || r.fallbackReason() != null) {
                failed.add("frame " + frames[0] + ": " + r.mode() + " " + r.fallbackReason());
            }
            frames[0]++;
        } while (System.nanoTime() < until || frames[0] - first < STEP_FRAMES);
    }

    private static TransportSecurity secret(Path dir) {
        return TransportSecurity.fromFlags(dir.resolve("tls.crt"), dir.resolve("tls.key"), dir.resolve("ca.crt"), false)
                .withReloadPeriod(RELOAD);
    }

    /** The serial number of the certificate the cloud presents on a new handshake. */
    private static BigInteger servedSerial(int port, Path clientSecret) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("edge", PemFiles.privateKey(clientSecret.resolve("tls.key")), new char[0],
                PemFiles.certificates(clientSecret.resolve("tls.crt")));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        AtomicReference<X509Certificate> served = new AtomicReference<>();
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                served.set(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), new TrustManager[] {recording}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            javax.net.ssl.SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(params);
            socket.startHandshake();
        }
        return served.get().getSerialNumber();
    }
}
