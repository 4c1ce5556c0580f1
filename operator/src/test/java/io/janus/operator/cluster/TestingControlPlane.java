package io.janus.operator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.OSInfo;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Kubernetes control plane for the {@code *IT} tests, one per test JVM: etcd and kube-apiserver
 * through fabric8's kube-api-test (offline, pointed at the binaries scripts/k8s-binaries builds from
 * source), plus what kube-api-test does not run — kube-controller-manager (garbage collection,
 * Deployments → ReplicaSets → Pods), kube-scheduler and KWOK (nodes without kubelets, pods reported
 * running) — started here from the same directory. The API server writes an audit log of every request
 * so tests can count what the operator wrote.
 *
 * <p>Nodes: {@value #JETSON} (arm64, {@code janus.io/role=edge}, tainted {@code janus.io/edge}),
 * {@value #GPU} (32 {@code nvidia.com/gpu}, tainted {@code nvidia.com/gpu}) and {@value #PLAIN}.
 */
public final class TestingControlPlane {

    public static final String JETSON = "jetson-0";
    public static final String GPU = "gpu-0";
    public static final String PLAIN = "plain-0";
    public static final String EDGE_TAINT = "janus.io/edge";
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** GPUs on the GPU node: room for the tests' cloud pods, autoscaled ones included. */
    public static final int GPU_CAPACITY = 32;
    static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kubectl", "kube-controller-manager",
            "kube-scheduler", "kwok");
    /** The committed CRD, as users install it. */
    public static final Path CRD = Path.of("..", "crds", "janusdeployments.janus.io-v1.yml");
    /** Field manager of what the tests themselves apply. */
    public static final String TEST_MANAGER = "janus-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestingControlPlane shared;

    private final Path bin;
    private final Path work;
    private final KubeAPIServer apiServer;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private TestingControlPlane(Path bin, Path work, KubeAPIServer apiServer, Path kubeconfig) {
        this.bin = bin;
        this.work = work;
        this.apiServer = apiServer;
        this.kubeconfig = kubeconfig;
        this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
    }

    /** The control plane of this JVM, started on first use; skips the calling test when the binaries are absent. */
    public static synchronized TestingControlPlane shared() {
        Path bin = binaries();
        List<String> missing = BINARIES.stream().filter(b -> !Files.isExecutable(bin.resolve(b))).toList();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: no Kubernetes control-plane binaries " + missing
                + " in " + bin + "; build them with scripts/k8s-binaries (needs Go) or point K8S_BIN at them");
        if (shared == null) {
            shared = start(bin);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "control-plane-stop"));
        }
        return shared;
    }

    /** K8S_BIN (or -Djanus.k8s.bin), else the cache scripts/k8s-binaries fills for the version in scripts/k8s.env. */
    static Path binaries() {
        String explicit = Optional.ofNullable(System.getProperty("janus.k8s.bin")).orElse(System.getenv("K8S_BIN"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String cache = Optional.ofNullable(System.getenv("JANUS_K8S_CACHE"))
                .orElse(System.getProperty("user.home") + "/.cache/janus-k8s");
        return Path.of(cache, kubernetesVersion(), "bin");
    }

    /** KUBERNETES_VERSION from scripts/k8s.env, e.g. v1.34.4; "unknown" when the file is absent. */
    static String kubernetesVersion() {
        Path env = Path.of("..", "scripts", "k8s.env");
        if (!Files.exists(env)) {
            return "unknown-version (no scripts/k8s.env)";
        }
        return read(env).lines().map(String::trim).filter(l -> l.startsWith("KUBERNETES_VERSION="))
                .map(l -> l.substring("KUBERNETES_VERSION=".length()).trim()).findFirst()
                .orElse("unknown-version (no KUBERNETES_VERSION in scripts/k8s.env)");
    }

    /** How long kube-api-test may take to start etcd and the API server. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private static TestingControlPlane start(Path bin) {
        try {
            sleep(untilSafeToStart(LocalTime.now(), STARTUP_TIMEOUT));
            Path work = Path.of("target", "control-plane").toAbsolutePath();
            deleteRecursively(work);
            // kube-api-test looks for <dir>/k8s/<version><platform>/{etcd,kube-apiserver,kubectl}.
            String version = apiServerVersion(bin);
            Path layout = Files.createDirectories(work.resolve("k8s").resolve(version + Utils.platformSuffix(new OSInfo())));
            for (String b : List.of("etcd", "kube-apiserver", "kubectl")) {
                Files.createSymbolicLink(layout.resolve(b), bin.resolve(b).toRealPath());
            }
            Path policy = Files.writeString(work.resolve("audit-policy.yaml"), AUDIT_POLICY);
            KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withTestDir(work.toString())
                    .withApiServerVersion(version)
                    .withOfflineMode(true)
                    .withUpdateKubeConfig(false)
                    .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
                    .withApiServerFlag("--bind-address", "127.0.0.1")
                    .withApiServerFlag("--audit-policy-file", policy.toString())
                    .withApiServerFlag("--audit-log-path", work.resolve("audit.log").toString())
                    .withApiServerFlag("--audit-log-maxsize", "0")
                    .build());
            server.start();
            Path kubeconfig = Files.writeString(work.resolve("admin.kubeconfig"), server.getKubeConfigYaml());
            TestingControlPlane cp = new TestingControlPlane(bin, work, server, kubeconfig);
            cp.startComponents();
            cp.createNodes();
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kube-api-test 7.5.2 checks its startup deadline as a {@link LocalTime} ({@code now.isAfter(start + timeout)}),
     * which wraps at midnight: a start less than the timeout before local midnight fails at once with "Kube API
     * Server did not start properly" (it failed CI at 23:57). The wait until that window has passed; zero elsewhere.
     */
    static Duration untilSafeToStart(LocalTime now, Duration timeout) {
        if (!now.plus(timeout).isBefore(now)) {
            return Duration.ZERO;
        }
        // A second past midnight, so that the start is on the new day.
        return Duration.between(now, LocalTime.MAX).plusNanos(1).plusSeconds(1);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        System.err.println("control plane: waiting " + d.toSeconds() + " s for local midnight to pass (kube-api-test's"
                + " startup deadline wraps at midnight)");
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for midnight", e);
        }
    }

    private static String apiServerVersion(Path bin) throws IOException {
        // "Kubernetes v1.34.4" -> "1.34.4"
        String out = run(List.of(bin.resolve("kube-apiserver").toString(), "--version"), Duration.ofSeconds(30)).trim();
        return out.substring(out.lastIndexOf('v') + 1);
    }

    private void startComponents() {
        String kc = kubeconfig.toString();
        spawn("kube-controller-manager", List.of("--kubeconfig=" + kc, "--leader-elect=false",
                "--bind-address=127.0.0.1", "--secure-port=0", "--controllers=*",
                "--concurrent-gc-syncs=5", "--node-monitor-grace-period=60s"));
        spawn("kube-scheduler", List.of("--kubeconfig=" + kc, "--leader-elect=false", "--bind-address=127.0.0.1",
                "--secure-port=0"));
        spawn("kwok", List.of("--kubeconfig=" + kc, "--manage-all-nodes=false",
                "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                // Heartbeats through node Leases, as kubelets do; without them the node lifecycle controller
                // marks the nodes unreachable after the grace period and evicts the pods.
                "--node-lease-duration-seconds=40",
                // Pod and node addresses on loopback: whatever dials a pod (the operator reading an edge's
                // status) stays on this machine, and a test can serve on an edge pod's address.
                "--cidr=127.1.0.1/16", "--node-ip=127.0.0.1"));
    }

    private void spawn(String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(name).toString()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".log").toFile()).start();
            processes.add(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void createNodes() {
        addNode(JETSON, Map.of("kubernetes.io/arch", "arm64", "janus.io/role", "edge"), EDGE_TAINT, Map.of(), "arm64");
        addNode(GPU, Map.of("kubernetes.io/arch", "amd64", "nvidia.com/gpu.present", "true"), GPU_RESOURCE,
                Map.of(GPU_RESOURCE, String.valueOf(GPU_CAPACITY)), "amd64");
        addNode(PLAIN, Map.of("kubernetes.io/arch", "amd64"), null, Map.of(), "amd64");
    }

    /**
     * A KWOK node: Ready once KWOK picks it up, with the given labels, one NoSchedule taint and extra capacity. Its
     * capacity names every resource a kubelet reports (ephemeral-storage included: the runtime pods request it).
     */
    public void addNode(String name, Map<String, String> labels, String taint, Map<String, String> extra, String arch) {
        Map<String, Quantity> capacity = new java.util.HashMap<>(Map.of("cpu", new Quantity("8"),
                "memory", new Quantity("16Gi"), "ephemeral-storage", new Quantity("100Gi"), "pods", new Quantity("110")));
        extra.forEach((k, v) -> capacity.put(k, new Quantity(v)));
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(labels).addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("type", "kwok")
                .addToAnnotations("kwok.x-k8s.io/node", "fake").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .withNewNodeInfo().withArchitecture(arch).withOperatingSystem("linux").endNodeInfo().endStatus();
        if (taint != null) {
            node.editSpec().addNewTaint().withKey(taint).withValue("true").withEffect("NoSchedule").endTaint().endSpec();
        }
        admin.nodes().resource(node.build()).create();
    }

    /**
     * Applies crds/ with server-side apply, as {@code kubectl apply --server-side} would, and waits until the
     * API server reports it Established. Idempotent.
     */
    public CustomResourceDefinition applyCrd() {
        CustomResourceDefinition crd;
        try (var in = Files.newInputStream(CRD)) {
            crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).fieldManager(TEST_MANAGER).forceConflicts()
                .serverSideApply();
        return admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
    }

    public KubernetesClient admin() {
        return admin;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path work() {
        return work;
    }

    /** A client authenticated as a ServiceAccount, with a token from the TokenRequest API as a pod would get. */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        String token = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
        Config c = new ConfigBuilder(Config.fromKubeconfig(read(kubeconfig)))
                .withClientCertFile(null).withClientKeyFile(null).withClientCertData(null).withClientKeyData(null)
                .withOauthToken(token).build();
        return new KubernetesClientBuilder().withConfig(c).build();
    }

    /** Runs kubectl from the binaries directory against this control plane; fails with its output on a non-zero exit. */
    public String kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("kubectl").toString(), "--kubeconfig=" + kubeconfig));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(60));
    }

    /** Write requests (create, update, patch, delete) recorded by the API server at or after {@code since}. */
    public List<AuditEvent> writesSince(Instant since) {
        return audit().filter(e -> !e.time().isBefore(since))
                .filter(e -> List.of("create", "update", "patch", "delete").contains(e.verb())).toList();
    }

    /** Every request recorded by the API server at or after {@code since}. */
    public List<AuditEvent> requestsSince(Instant since) {
        return audit().filter(e -> !e.time().isBefore(since)).toList();
    }

    private Stream<AuditEvent> audit() {
        Path log = work.resolve("audit.log");
        if (!Files.exists(log)) {
            return Stream.empty();
        }
        return read(log).lines().filter(l -> !l.isBlank()).map(TestingControlPlane::event);
    }

    private static AuditEvent event(String line) {
        try {
            JsonNode e = JSON.readTree(line);
            JsonNode ref = e.path("objectRef");
            JsonNode extra = e.path("user").path("extra").path("authentication.kubernetes.io/credential-id");
            return new AuditEvent(Instant.parse(e.path("requestReceivedTimestamp").asText()), e.path("verb").asText(),
                    e.path("user").path("username").asText(), extra.isArray() && !extra.isEmpty() ? extra.get(0).asText() : "",
                    ref.path("resource").asText(), ref.path("subresource").asText(), ref.path("namespace").asText(),
                    ref.path("name").asText(), e.path("responseStatus").path("code").asInt(),
                    e.path("annotations").path("authorization.k8s.io/decision").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One audited request: who did what to which object, the HTTP status it got, and the authorizer's decision
     * ({@code allow} or {@code forbid}): a 403 with {@code allow} is an admission refusal, not RBAC (e.g. a write into
     * a namespace being deleted).
     */
    public record AuditEvent(Instant time, String verb, String user, String credential, String resource,
                             String subresource, String namespace, String name, int code, String decision) {

        /** RBAC refused it. */
        public boolean forbidden() {
            return "forbid".equals(decision);
        }

        @Override
        public String toString() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource) + " " + namespace + "/" + name
                    + " by " + user + " -> " + code;
        }
    }

    private void stop() {
        processes.forEach(p -> {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        admin.close();
        apiServer.stop();
    }

    static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Metadata of every request, except the lease heartbeats of the control plane's own components (KWOK's nodes). */
    private static final String AUDIT_POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: None
                resources:
                  - group: "coordination.k8s.io"
                    resources: ["leases"]
                verbs: ["get", "update"]
                userGroups: ["system:masters", "system:nodes"]
              - level: Metadata
            """;
}
