package io.jetway.middleware.grpcweb;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GrpcWebBodyTest {

    @Test
    void theTrailersBecomeAFrameFlagged0x80WithItsLength() {
        byte[] frame = GrpcWebBody.trailerFrame(HttpFields.build().add("Grpc-Status", "0").add("grpc-message", "ok"));

        byte[] lines = "grpc-status: 0\r\ngrpc-message: ok\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] expected = new byte[5 + lines.length];
        expected[0] = (byte) 0x80;
        expected[4] = (byte) lines.length;
        System.arraycopy(lines, 0, expected, 5, lines.length);
        assertArrayEquals(expected, frame);
    }

    @Test
    void noTrailersMakeAnEmptyFrame() {
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0, 0}, GrpcWebBody.trailerFrame(null));
    }

    @Test
    void aTextBodyIsPaddedBase64ChunksOneAfterAnother() {
        assertArrayEquals("hi!".getBytes(StandardCharsets.UTF_8), GrpcWebBody.decodeText(bytes("aGk=\r\nIQ==")));
        assertArrayEquals("hi!!".getBytes(StandardCharsets.UTF_8), GrpcWebBody.decodeText(bytes("aGkhIQ")));
        assertArrayEquals(new byte[0], GrpcWebBody.decodeText(new byte[0]));
        assertNull(GrpcWebBody.decodeText(bytes("a*b=")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
