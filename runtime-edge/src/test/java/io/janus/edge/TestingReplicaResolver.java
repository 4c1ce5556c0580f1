package io.janus.edge;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the DNS of a headless Service: {@code replicas:///cloud} resolves to the loopback ports of the cloud
 * replicas that are "ready" now, as {@code dns:///<name>-cloud.<ns>.svc:50051} resolves to the Ready pods' IPs.
 * Like gRPC's DNS resolver it answers again only when the channel asks (on a GOAWAY or a broken connection).
 */
final class TestingReplicaResolver extends NameResolverProvider {

    static final String SCHEME = "replicas";

    private final List<Integer> ports = new CopyOnWriteArrayList<>();
    private final AtomicInteger resolutions = new AtomicInteger();

    /** A replica becomes ready (its endpoint is published). */
    void add(int port) {
        ports.add(port);
    }

    /** Times a channel resolved the name. */
    int resolutions() {
        return resolutions.get();
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        return new NameResolver() {
            private Listener2 listener;

            @Override
            public String getServiceAuthority() {
                return "cloud";
            }

            @Override
            public void start(Listener2 l) {
                listener = l;
                resolve();
            }

            @Override
            public void refresh() {
                resolve();
            }

            private void resolve() {
                resolutions.incrementAndGet();
                List<EquivalentAddressGroup> groups = ports.stream()
                        .map(p -> new EquivalentAddressGroup(List.<SocketAddress>of(new InetSocketAddress("127.0.0.1", p)))).toList();
                if (groups.isEmpty()) {
                    listener.onError(Status.UNAVAILABLE.withDescription("no cloud replica is ready"));
                } else {
                    listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(io.grpc.StatusOr.fromValue(groups)).build());
                }
            }

            @Override
            public void shutdown() {
            }
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }
}
