package io.janus.operator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Reads one edge pod's status endpoint; every failure becomes a readable observation, never an exception. */
public final class EdgeStatusClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient http;
    private final Duration timeout;

    public EdgeStatusClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public EdgeObservation read(EdgeEndpoint endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.statusUri()).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return EdgeObservation.failed(endpoint.pod(), endpoint.node(),
                        "GET " + endpoint.statusUri() + " returned HTTP " + response.statusCode());
            }
            return EdgeObservation.of(endpoint.pod(), endpoint.node(), JSON.readValue(response.body(), EdgeStatus.class));
        } catch (JsonProcessingException e) {
            return EdgeObservation.failed(endpoint.pod(), endpoint.node(),
                    "GET " + endpoint.statusUri() + " returned invalid JSON: " + e.getOriginalMessage());
        } catch (HttpTimeoutException e) {
            return EdgeObservation.failed(endpoint.pod(), endpoint.node(),
                    "GET " + endpoint.statusUri() + " timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return EdgeObservation.failed(endpoint.pod(), endpoint.node(), "cannot connect to " + endpoint.statusUri());
        } catch (IOException e) {
            return EdgeObservation.failed(endpoint.pod(), endpoint.node(), "GET " + endpoint.statusUri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EdgeObservation.failed(endpoint.pod(), endpoint.node(), "interrupted while reading " + endpoint.statusUri());
        }
    }
}
