package io.jetway.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings the compress middleware can produce. Each opens a stream whose
 * {@code flush()} makes everything written so far decodable (gzip's sync flush, brotli's and
 * zstd's flush), which keeps compressed streams streaming. br and zstd need native libraries:
 * an encoding whose library does not load here is not available.
 */
enum ContentEncoder {
    GZIP("gzip") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new GZIPOutputStream(sink, 8192, true);
        }
    },
    BROTLI("br") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            // Quality 5: close to gzip's speed with a better ratio, a common choice for on-the-fly brotli.
            return new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(5));
        }
    },
    ZSTD("zstd") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new ZstdOutputStreamNoFinalizer(sink);
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(ContentEncoder.class);

    /** Available encoders by Content-Encoding token, checked once per process. */
    static final Map<String, ContentEncoder> AVAILABLE = available();

    final String token;

    ContentEncoder(String token) {
        this.token = token;
    }

    abstract OutputStream open(OutputStream sink) throws IOException;

    static ContentEncoder byToken(String token) {
        for (ContentEncoder e : values()) {
            if (e.token.equals(token)) {
                return e;
            }
        }
        return null;
    }

    private static Map<String, ContentEncoder> available() {
        Map<String, ContentEncoder> available = new LinkedHashMap<>();
        for (ContentEncoder e : values()) {
            try {
                // Round trip a few bytes: loads the native library and proves the encoder works.
                if (e == BROTLI) {
                    Brotli4jLoader.ensureAvailability();
                }
                try (OutputStream out = e.open(OutputStream.nullOutputStream())) {
                    out.write(new byte[]{'o', 'k'});
                }
                available.put(e.token, e);
            } catch (IOException | RuntimeException | LinkageError unavailable) {
                LOG.warn("event=compression-unavailable encoding={} msg=\"{}\"", e.token, unavailable.toString());
            }
        }
        return Map.copyOf(available);
    }
}
