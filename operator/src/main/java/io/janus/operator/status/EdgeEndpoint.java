package io.janus.operator.status;

import java.net.URI;

/** Where one edge pod serves its status. */
public record EdgeEndpoint(String pod, URI statusUri) {
}
