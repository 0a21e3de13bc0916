package io.jetway.observability;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records from slf4j and from java.util.logging come out of the one pipeline redacted, one line
 * each, in Traefik's common format (logfmt pairs) or its JSON, at the level asked for.
 */
class LogPipelineTest {

    @AfterEach
    void backToTheDefaults() {
        LogPipeline.configure(LogPipeline.Settings.DEFAULTS);
    }

    /** What the pipeline writes to the standard error while {@code logging} runs. */
    static List<String> captured(LogPipeline.Settings settings, Runnable logging) {
        LogPipeline.configure(settings);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A logfmt reader: bare or quoted values, {@code \"} and {@code \\} escapes; words without {@code =} keyed by position. */
    static Map<String, String> logfmt(String line) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        int word = 0;
        while (i < line.length()) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != '=' && line.charAt(i) != ' ') {
                i++;
            }
            String key = line.substring(start, i);
            if (i >= line.length() || line.charAt(i) == ' ') {
                pairs.put("#" + word++, key);
                continue;
            }
            i++; // '='
            StringBuilder value = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        value.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    } else {
                        value.append(c);
                    }
                }
                if (i >= line.length()) {
                    throw new AssertionError("unterminated quoted value in: " + line);
                }
                i++;
            } else {
                while (i < line.length() && line.charAt(i) != ' ') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new AssertionError("a quote inside a bare value in: " + line);
                    }
                    value.append(c);
                }
            }
            pairs.put(key, value.toString());
        }
        return pairs;
    }

    @Test
    void slf4jAndJulRecordsAreRedacted() {
        List<String> lines = captured(LogPipeline.Settings.DEFAULTS, () -> {
            LoggerFactory.getLogger("io.jetway.test").warn("sent {}", "Authorization: Bearer slf4j-s3cret");
            LogRecord record = new LogRecord(Level.WARNING, "request headers {0}");
            record.setParameters(new Object[]{"Cookie: sid=jul-s3cret"});
            record.setLoggerName("org.glassfish.jersey.test");
            new JulToSlf4j().publish(record);
            LoggerFactory.getLogger("io.jetway.test").warn("failed", new IllegalStateException("to http://u:trace-s3cret@host/"));
        });
        String text = String.join("\n", lines);
        assertEquals(3, lines.size(), text);
        assertTrue(text.contains("Authorization: REDACTED") && text.contains("Cookie: REDACTED"), text);
        assertTrue(text.contains("http://REDACTED@host/"), text);
        assertFalse(text.contains("s3cret"), text);
    }

    @Test
    void commonLinesParseAsLogfmtWhateverTheValuesHold() {
        List<String> lines = captured(new LogPipeline.Settings("INFO", "common", null, true), () -> {
            LoggerFactory.getLogger("io.jetway.test").warn("event=router-disabled router={} errors=\"{}\" count={}",
                    "web-app@kubernetescrd", "middleware \"default-broken@kubernetescrd\" does not exist\\", "two words");
            LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("Started oejs.Server@{}", "1a2b");
            LoggerFactory.getLogger("io.jetway.test").error("event=failed", new IllegalStateException("bad \"input\""));
            LoggerFactory.getLogger("io.jetway.test").warn("event=war-unavailable {}", "entrypoint=traefik msg=\"served by the container\"");
        });
        assertEquals(4, lines.size(), String.join("\n", lines));
        Map<String, String> pairsArgument = logfmt(lines.get(3));
        assertEquals("traefik", pairsArgument.get("entrypoint"), "an argument made of pairs gives its pairs");
        assertEquals("served by the container", pairsArgument.get("msg"));
        assertTrue(lines.get(3).contains("event=war-unavailable entrypoint=traefik"), lines.get(3));

        Map<String, String> first = logfmt(lines.get(0));
        assertTrue(first.get("#0").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(0));
        assertEquals("WRN", first.get("#1"));
        assertEquals("router-disabled", first.get("event"));
        assertEquals("web-app@kubernetescrd", first.get("router"));
        assertEquals("middleware \"default-broken@kubernetescrd\" does not exist\\", first.get("errors"));
        assertEquals("two words", first.get("count"));

        Map<String, String> library = logfmt(lines.get(1));
        assertEquals("INF", library.get("#1"));
        assertEquals("Started oejs.Server@1a2b", library.get("msg"));
        assertEquals("org.eclipse.jetty.server.Server", library.get("logger"));

        Map<String, String> failure = logfmt(lines.get(2));
        assertEquals("ERR", failure.get("#1"));
        assertEquals("java.lang.IllegalStateException: bad \"input\"", failure.get("error"));
        assertFalse(failure.containsKey("stack"), "stack traces only at DEBUG and TRACE");
    }

    @Test
    void jsonLinesCarryTraefiksKeys() {
        List<String> lines = captured(new LogPipeline.Settings("DEBUG", "json", null, false), () -> {
            LoggerFactory.getLogger("io.jetway.test").info("event=reload provider={} routers={} msg=\"{}\"", "file", 3,
                    "line\nbreak");
            LoggerFactory.getLogger("org.jboss.weld.Bootstrap").info("WELD-000900: 5.1.0 (Final)");
            LoggerFactory.getLogger("io.jetway.test").debug("event=probe", new IllegalArgumentException("x"));
        });
        assertEquals(2, lines.size(), "Weld's INFO stays out below WARN: " + String.join("\n", lines));
        JsonObject reload = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertEquals("info", reload.getString("level"));
        assertTrue(reload.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(0));
        assertEquals("line\nbreak", reload.getString("message"));
        assertEquals("reload", reload.getString("event"));
        assertEquals("file", reload.getString("provider"));
        assertEquals("3", reload.getString("routers"));

        JsonObject probe = Json.createReader(new StringReader(lines.get(1))).readObject();
        assertEquals("debug", probe.getString("level"));
        assertEquals("probe", probe.getString("message"));
        assertEquals("java.lang.IllegalArgumentException: x", probe.getString("error"));
        assertTrue(probe.getString("stack").contains("LogPipelineTest"), "at DEBUG the stack comes along");
    }

    @Test
    void theLevelGovernsEveryLibrary() {
        List<String> lines = captured(new LogPipeline.Settings("ERROR", "common", null, true), () -> {
            LoggerFactory.getLogger("io.jetway.test").warn("event=warned");
            LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("Started");
            LoggerFactory.getLogger("org.jboss.weld.environment.servlet.Listener").warn("WELD-ENV-001001: not initialized");
            LogRecord jul = new LogRecord(Level.WARNING, "jersey warning");
            jul.setLoggerName("org.glassfish.jersey.test");
            new JulToSlf4j().publish(jul);
            LoggerFactory.getLogger("io.jetway.test").error("event=failed-once");
        });
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertEquals("failed-once", logfmt(lines.get(0)).get("event"));
    }
}
