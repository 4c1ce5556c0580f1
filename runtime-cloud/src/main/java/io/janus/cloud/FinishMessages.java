package io.janus.cloud;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.janus.wire.v1.FinishRequest;
import io.janus.wire.v1.SplitInferenceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Finish method's request marshaller: bytes that do not parse as a FinishRequest become a {@link Parsed} with
 * the parser's reason, so that the service answers INVALID_ARGUMENT (gRPC's own marshaller throws, and the server
 * then answers UNKNOWN). Messages are bounded by the server's max inbound size before they get here.
 */
final class FinishMessages {

    private FinishMessages() {
    }

    /** A request and its size on the wire, or why the bytes are not one. */
    record Parsed(FinishRequest request, int bytes, String error) {}

    static final MethodDescriptor.Marshaller<Parsed> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Parsed value) {
            return new ByteArrayInputStream(value.request().toByteArray());
        }

        @Override
        public Parsed parse(InputStream stream) {
            byte[] bytes;
            try {
                bytes = stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return new Parsed(FinishRequest.parseFrom(bytes), bytes.length, null);
            } catch (InvalidProtocolBufferException e) {
                return new Parsed(null, bytes.length, "the " + bytes.length + " request bytes are not a janus.v1.FinishRequest: "
                        + e.getMessage());
            }
        }
    };

    /** janus.v1 SplitInference/Finish with this marshaller for its request. */
    static MethodDescriptor<Parsed, io.janus.wire.v1.FinishReply> finishMethod() {
        var generated = SplitInferenceGrpc.getFinishMethod();
        return generated.toBuilder(MARSHALLER, generated.getResponseMarshaller()).build();
    }
}
