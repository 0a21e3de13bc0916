package io.jetway.service.health;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;

/**
 * The few bytes of the gRPC health-checking protocol (grpc.health.v1) a health check needs: the
 * request is an empty HealthCheckRequest; the answer's field 1 is the serving status.
 */
final class GrpcHealth {

    static final String PATH = "/grpc.health.v1.Health/Check";
    /** gRPC framing (not compressed, length 0) around an empty message: the whole server. */
    static final byte[] REQUEST = {0, 0, 0, 0, 0};
    static final String SERVING = "SERVING";
    private static final String[] STATUS_NAMES = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};

    private GrpcHealth() {
    }

    /** SERVING, another status name, or why the answer is not a health answer. */
    static String verdict(Response response, byte[] body) {
        if (response.getStatus() != 200) {
            return "HTTP status " + response.getStatus();
        }
        String grpcStatus = grpcStatus(response);
        if (!"0".equals(grpcStatus)) {
            return "grpc-status " + grpcStatus;
        }
        if (body.length < 5 || body[0] != 0) {
            return "no uncompressed gRPC message in the answer";
        }
        int length = ((body[1] & 0xff) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
        if (length < 0 || body.length < 5 + length) {
            return "truncated gRPC message";
        }
        int status;
        if (length == 0) {
            status = 0; // proto3: an absent field is its default, UNKNOWN
        } else if (length >= 2 && body[5] == 0x08) {
            status = body[6] & 0x7f; // field 1, varint; the enum's values fit in one byte
        } else {
            return "unexpected HealthCheckResponse";
        }
        return status < STATUS_NAMES.length ? STATUS_NAMES[status] : "status " + status;
    }

    /** From the trailers, or from the headers of a trailers-only answer. */
    private static String grpcStatus(Response response) {
        HttpFields trailers = response.getTrailers();
        String status = trailers == null ? null : trailers.get("grpc-status");
        return status != null ? status : response.getHeaders().get("grpc-status");
    }
}
