package io.jetway.observability;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records from slf4j and from java.util.logging come out of the one pipeline redacted. */
class LogPipelineTest {

    @Test
    void slf4jAndJulRecordsAreRedacted() {
        LogPipeline.installRedaction();
        LogPipeline.installRedaction(); // twice: still one redacting stream, not a chain
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LoggerFactory.getLogger("io.jetway.test").warn("sent {}", "Authorization: Bearer slf4j-s3cret");
            LogRecord record = new LogRecord(Level.WARNING, "request headers {0}");
            record.setParameters(new Object[]{"Cookie: sid=jul-s3cret"});
            record.setLoggerName("org.glassfish.jersey.test");
            new JulToSlf4j().publish(record);
            LoggerFactory.getLogger("io.jetway.test").warn("failed", new IllegalStateException("to http://u:trace-s3cret@host/"));
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Authorization: REDACTED") && text.contains("Cookie: REDACTED"), text);
        assertTrue(text.contains("http://REDACTED@host/"), text);
        assertFalse(text.contains("s3cret"), text);
    }
}
