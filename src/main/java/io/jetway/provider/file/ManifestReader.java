package io.jetway.provider.file;

import io.jetway.kube.KubeObject;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one manifest file (YAML, multi-document, or JSON) into Kubernetes objects, exactly as
 * {@code kubectl apply -f} would read it. {@code kind: List} documents are expanded.
 * <p>
 * Whatever the file holds, reading it ends in a result or a {@link ManifestException} naming the
 * file: limits far above any real manifest ({@link #MAX_FILE_BYTES}, {@link #MAX_SCALAR_CHARS},
 * {@link #MAX_DEPTH}) keep a hostile or broken file from exhausting the stack, the heap or the CPU.
 */
public final class ManifestReader {

    /** A manifests file larger than this is refused whole (a Kubernetes object is at most ~1.5 MiB). */
    public static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
    /** One string value: room for a Secret holding a large CA bundle (the API server caps a Secret at 1 MiB). */
    public static final int MAX_SCALAR_CHARS = 3 * 1024 * 1024;
    /** Maps and lists nested deeper than this are refused (Traefik's CRDs nest less than 15 levels). */
    public static final int MAX_DEPTH = 100;

    /** The file as a whole could not be read; {@code line} is 1-based, or 0 when unknown. */
    public static final class ManifestException extends Exception {
        private final int line;

        public ManifestException(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** Parsed objects plus documents that were well-formed YAML but not usable objects. */
    public record Result(List<KubeObject> objects, List<String> skipped) {
    }

    private ManifestReader() {
    }

    /** Reads a file: too large, not UTF-8 text, unreadable or invalid, it is a {@link ManifestException} naming it. */
    public static Result readFile(String label, Path file) throws ManifestException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ManifestException(label + ": file too large (" + size + " bytes, the limit is "
                        + MAX_FILE_BYTES + " bytes)", 0);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ManifestException(label + ": cannot be read (" + e.getClass().getSimpleName() + ")", 0);
        }
        if (bytes.length > MAX_FILE_BYTES) { // it grew since it was measured
            throw new ManifestException(label + ": file too large (the limit is " + MAX_FILE_BYTES + " bytes)", 0);
        }
        return read(label, utf8(label, bytes));
    }

    /** Strict UTF-8: a binary or Latin-1 file is named and refused, not read as replacement characters. */
    private static String utf8(String label, byte[] bytes) throws ManifestException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(label + ": not UTF-8 text (invalid byte at offset " + in.position()
                    + "): a manifest must be YAML or JSON in UTF-8", 0);
        }
    }

    public static Result read(String label, String text) throws ManifestException {
        if (text.length() > MAX_FILE_BYTES) {
            throw new ManifestException(label + ": file too large (the limit is " + MAX_FILE_BYTES + " bytes)", 0);
        }
        // One buffer for the whole text: with the default 1 KiB window the scanner copies its window
        // again for each KiB of a long scalar, and a 20 MB string took minutes.
        LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false)
                .setBufferSize(text.length() + 1).setCodePointLimit(MAX_FILE_BYTES + 1).build();
        StandardConstructor constructor = new StandardConstructor(settings);
        List<KubeObject> objects = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Budget budget = new Budget(text.length());
        try {
            // Composed first so each document's object knows the line it starts on (file:line).
            Composer composer = new Composer(settings,
                    new BoundedParser(new ParserImpl(settings, new StreamReader(settings, text)), label));
            while (composer.hasNext()) {
                Node node = composer.next();
                int line = node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                Object doc = node == null ? null : constructor.constructSingleDocument(Optional.of(node));
                collect(label + ":" + line, doc, objects, skipped, budget);
            }
        } catch (BoundedParser.LimitExceeded e) {
            throw new ManifestException(e.getMessage(), e.line());
        } catch (Budget.Exceeded e) {
            throw new ManifestException(e.source + ": " + e.getMessage(), 0);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            throw new ManifestException(label + ":" + line + ": " + firstLine(problem), line);
        } catch (YamlEngineException e) {
            throw new ManifestException(label + ": " + firstLine(e.getMessage()), 0);
        } catch (RuntimeException | StackOverflowError e) {
            // Beyond the limits above this is not expected; still, one file must never stop a reload.
            throw new ManifestException(label + ": cannot be read as YAML (" + e.getClass().getSimpleName() + ")", 0);
        }
        return new Result(List.copyOf(objects), List.copyOf(skipped));
    }

    /**
     * Aliases let a small file describe a huge tree ({@code [*a, *a, ...]} of {@code [*b, *b, ...]}):
     * copying it is bounded by the size of the text, as if every value had been written out, and
     * by {@link #MAX_DEPTH} (a recursive alias is infinitely deep).
     */
    private static final class Budget {
        private long values;

        Budget(int textLength) {
            this.values = textLength + 10_000L;
        }

        void take(String source, int depth) {
            if (depth > MAX_DEPTH) {
                throw new Exceeded(source, "nested deeper than " + MAX_DEPTH + " levels (through aliases)");
            }
            if (--values < 0) {
                throw new Exceeded(source, "aliases expand to more values than the file could hold written out");
            }
        }

        static final class Exceeded extends RuntimeException {
            private final String source;

            Exceeded(String source, String message) {
                super(message, null, false, false);
                this.source = source;
            }
        }
    }

    /** Longest string value the frozen copy shares through {@link String#intern()}. */
    private static final int MAX_SHARED_VALUE = 64;

    private static void collect(String source, Object doc, List<KubeObject> out, List<String> skipped, Budget budget) {
        if (doc == null) {
            return; // an empty document between "---" separators
        }
        if (!(doc instanceof Map<?, ?> map)) {
            skipped.add(source + ": not an object");
            return;
        }
        Object kind = map.get("kind");
        Object apiVersion = map.get("apiVersion");
        if ("List".equals(kind) && map.get("items") instanceof List<?> items) {
            int i = 0;
            for (Object item : items) {
                collect(source + ".items[" + i++ + "]", item, out, skipped, budget);
            }
            return;
        }
        if (!(kind instanceof String k) || !(apiVersion instanceof String v)) {
            skipped.add(source + ": missing apiVersion or kind");
            return;
        }
        Object metadata = map.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String n) || n.isEmpty()) {
            skipped.add(source + ": " + k + " without metadata.name");
            return;
        }
        Object namespace = ((Map<?, ?>) metadata).get("namespace");
        String ns = namespace instanceof String s && !s.isEmpty() ? s : "default";
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) deepFreeze(map, source, 0, budget);
        out.add(new KubeObject(v, k, ns, n, document, source));
    }

    /**
     * Snapshots are shared across threads: make the parsed tree immutable. The snapshot keeps every
     * tree for as long as its objects exist, so the copy is compact: keys (a small vocabulary:
     * apiVersion, metadata, name, ...) and short values are interned instead of one String per occurrence, and each
     * map's table is sized for its entries (a default LinkedHashMap has 16 slots).
     */
    private static Object deepFreeze(Object value, String source, int depth, Budget budget) {
        budget.take(source, depth);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
            map.forEach((k, v) -> copy.put(String.valueOf(k).intern(), deepFreeze(v, source, depth + 1, budget)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepFreeze(v, source, depth + 1, budget)));
            return Collections.unmodifiableList(copy);
        }
        // Short values repeat across objects (namespaces, kinds, ports' names, addresses); long ones rarely do.
        if (value instanceof String text && text.length() <= MAX_SHARED_VALUE) {
            return text.intern();
        }
        return value;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
