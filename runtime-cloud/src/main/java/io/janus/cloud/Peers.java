package io.janus.cloud;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Names each call's peer for fairness: the client connection's remote address. An edge keeps one connection per
 * cloud replica, so a peer is one edge (a client that opens many connections gets one share per connection; the
 * queue bound still holds).
 */
final class Peers implements ServerInterceptor {

    static final Context.Key<String> PEER = Context.key("janus-peer");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return Contexts.interceptCall(Context.current().withValue(PEER, String.valueOf(address)), call, headers, next);
    }
}
