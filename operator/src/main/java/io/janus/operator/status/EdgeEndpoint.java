package io.janus.operator.status;

import java.net.URI;

/** Where one edge pod serves its status, and the node it runs on (null when not known). */
public record EdgeEndpoint(String pod, String node, URI statusUri) {

    public EdgeEndpoint(String pod, URI statusUri) {
        this(pod, null, statusUri);
    }
}
