package io.janus.operator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.janus.status.EdgeStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads one edge pod's status endpoint into the edge runtime's own record ({@code runtime-status}); every failure
 * becomes a readable observation, never an exception. Fields a newer edge adds are ignored, and a mode it adds reads
 * as unknown (null) rather than failing the whole status.
 */
public final class EdgeStatusClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true);

    private final HttpClient http;
    private final Duration timeout;

    public EdgeStatusClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    /**
     * The status with what the operator does not report and what moves on every frame without the decision
     * moving (the RTT estimate, the frame counters, the emulated link's rate, the predicted latency) cleared:
     * a busy but steady edge then yields equal observations, which raise no event and no status write.
     */
    static EdgeStatus reported(EdgeStatus s) {
        return new EdgeStatus(s.splitPoint(), s.decliningRate(), s.schedule(), s.mode(), s.codec(), s.bandwidthMbps(),
                0, s.latencyP50Ms(), s.latencyP95Ms(), s.slaMs(), s.slaViolationRatio(), s.throughputFps(), 0, 0,
                s.cloudReachable(), s.lastDecisionTime(), s.depth(), s.linkEmulated(), null, s.minLatencyMs(), null,
                s.decider(), s.cloudProblem());
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
            return EdgeObservation.of(endpoint.pod(), endpoint.node(), reported(JSON.readValue(response.body(), EdgeStatus.class)));
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
