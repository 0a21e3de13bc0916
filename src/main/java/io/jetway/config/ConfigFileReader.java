package io.jetway.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a static configuration file (YAML, or JSON which is YAML too) into flat settings such as
 * {@code entryPoints.web.address = ":8000"}, so that the file and the flags go through the same
 * flag table.
 */
final class ConfigFileReader {

    private static final String FLAG = "--" + StaticFlags.CONFIG_FILE;
    /** Far above any real static configuration; keeps a wrong path (a log, an image) from being parsed. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Maps and lists nested deeper than this are refused before they are built (they would overflow the stack). */
    static final int MAX_DEPTH = 100;

    private ConfigFileReader() {
    }

    /**
     * One leaf of the file.
     *
     * @param path  dotted keys as written in the file
     * @param value the scalar as text, lists joined with commas, null for an empty value or empty map
     */
    record Setting(String path, String value, int line) {
        Setting(String path, String value) {
            this(path, value, 0);
        }
    }

    static List<Setting> read(Path file) throws ConfigException {
        boolean toml = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml");
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(FLAG, file + " is too large (" + size + " bytes, the limit is " + MAX_FILE_BYTES + ")");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            throw new ConfigException(FLAG, "file not found: " + file, missing);
        } catch (MalformedInputException | UnmappableCharacterException binary) {
            throw new ConfigException(FLAG, "cannot read " + file + ": not UTF-8 text (YAML or JSON in UTF-8 expected)", binary);
        } catch (IOException | RuntimeException unreadable) {
            throw new ConfigException(FLAG, "cannot read " + file + ": " + oneLine(String.valueOf(unreadable.getMessage())),
                    unreadable);
        }
        if (toml) {
            return readToml(file, text);
        }
        // One buffer for the whole text: the default small window makes long strings parse in quadratic time.
        LoadSettings load = LoadSettings.builder().setLabel(file.toString()).setBufferSize(text.length() + 1).build();
        Object document;
        Map<String, Integer> lines;
        try {
            lines = linesOfKeys(file, load, text);
            document = new Load(load).loadFromString(text);
        } catch (YamlEngineException invalid) {
            throw new ConfigException(FLAG, "invalid YAML in " + file + ": " + describe(invalid), invalid);
        } catch (RuntimeException | StackOverflowError invalid) {
            throw new ConfigException(FLAG, "invalid YAML in " + file + ": cannot be read (" + invalid.getClass().getSimpleName() + ")");
        }
        if (document == null) {
            return List.of();
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new ConfigException(FLAG, "invalid configuration in " + file + ": expected a mapping at the top level");
        }
        List<Setting> settings = new ArrayList<>();
        flatten(file, "", root, settings, 0, text.length());
        return settings.stream().map(setting -> new Setting(setting.path(), setting.value(),
                lines.getOrDefault(setting.path(), 0))).toList();
    }

    /** Traefik's TOML form: the same tree as the YAML form, so the same settings and checks. */
    private static List<Setting> readToml(Path file, String text) throws ConfigException {
        Map<?, ?> root;
        try {
            root = new com.fasterxml.jackson.dataformat.toml.TomlMapper().readValue(text, Map.class);
        } catch (StackOverflowError tooDeep) {
            // As for YAML: a hostile nesting is a refused file, never a crashed start.
            throw new ConfigException(FLAG, "invalid TOML in " + file + ": nested too deeply");
        } catch (java.io.IOException | RuntimeException invalid) {
            String message = oneLine(String.valueOf(invalid.getMessage()));
            int cut = message.indexOf(" at [Source");
            throw new ConfigException(FLAG, "invalid TOML in " + file + ": " + (cut > 0 ? message.substring(0, cut) : message)
                    + lineOf(invalid));
        }
        if (root == null) {
            return List.of();
        }
        List<Setting> settings = new ArrayList<>();
        flatten(file, "", root, settings, 0, text.length());
        Map<String, Integer> lines = TomlKeyLines.of(text);
        return settings.stream().map(setting -> new Setting(setting.path(), setting.value(),
                lines.getOrDefault(setting.path(), 0))).toList();
    }

    private static String lineOf(Throwable invalid) {
        if (invalid instanceof com.fasterxml.jackson.core.JsonProcessingException processing && processing.getLocation() != null
                && processing.getLocation().getLineNr() > 0) {
            return " (line " + processing.getLocation().getLineNr() + ")";
        }
        return "";
    }

    /**
     * Walks the parser's events, which needs no recursion, before the recursive loader builds
     * anything: refuses a nesting deeper than {@link #MAX_DEPTH}, and notes the line of each key
     * under its dotted path as {@link #flatten} writes it ({@code a.b}, {@code list[0].c}).
     */
    private static Map<String, Integer> linesOfKeys(Path file, LoadSettings settings, String text) throws ConfigException {
        Map<String, Integer> lines = new java.util.HashMap<>();
        java.util.ArrayDeque<Frame> frames = new java.util.ArrayDeque<>();
        for (Event event : new Parse(settings).parseString(text)) {
            int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            Frame top = frames.peek();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (frames.size() + 1 > MAX_DEPTH) {
                        throw new ConfigException(FLAG, "invalid configuration in " + file + " (line " + line
                                + "): nested deeper than " + MAX_DEPTH + " levels");
                    }
                    String prefix = top == null ? "" : top.childPrefix();
                    frames.push(new Frame(event.getEventId() == Event.ID.MappingStart, prefix));
                }
                case SequenceEnd, MappingEnd -> {
                    frames.pop();
                    if (frames.peek() != null) {
                        frames.peek().valueDone();
                    }
                }
                case Scalar, Alias -> {
                    if (top != null && top.mapping && top.key == null) {
                        top.key = event instanceof org.snakeyaml.engine.v2.events.ScalarEvent scalar ? scalar.getValue() : "*";
                        lines.putIfAbsent(top.prefix + top.key, line);
                    } else if (top != null) {
                        top.valueDone();
                    }
                }
                default -> {
                }
            }
        }
        return lines;
    }

    /** A mapping or sequence being walked: its path so far, the key whose value comes next, the list index. */
    private static final class Frame {
        final boolean mapping;
        final String prefix;
        String key;
        int index;

        Frame(boolean mapping, String prefix) {
            this.mapping = mapping;
            this.prefix = prefix;
        }

        /** The prefix of what this frame's next value holds. */
        String childPrefix() {
            if (mapping) {
                return prefix + key + ".";
            }
            // A list item: flatten writes list[0]. for maps in a list; the list's own path is prefix without its dot.
            String list = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
            return list + "[" + index + "].";
        }

        void valueDone() {
            if (mapping) {
                key = null;
            } else {
                index++;
            }
        }
    }

    /**
     * The leaves under {@code map}. Aliases can make a small file a huge or endless tree: it is
     * refused past {@link #MAX_DEPTH} or more settings than the file has characters.
     */
    private static void flatten(Path file, String prefix, Map<?, ?> map, List<Setting> out, int depth, int maxSettings)
            throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(FLAG, "invalid configuration in " + file + ": " + prefix
                    + ": nested deeper than " + MAX_DEPTH + " levels (through aliases)");
        }
        if (out.size() + map.size() > maxSettings) {
            throw new ConfigException(FLAG, "invalid configuration in " + file + ": " + prefix
                    + ": aliases expand to more settings than the file could hold written out");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String path = prefix + String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(file, path + ".", child, out, depth + 1, maxSettings);
            } else if (value instanceof Map<?, ?>) {
                // `kubernetesCRD: {}` is how Traefik files switch a section on.
                out.add(new Setting(path, null));
            } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
                // A list of sections, as `domains: [{main: ..., sans: [...]}]`: the flags' `domains[0].main`.
                for (int i = 0; i < list.size(); i++) {
                    flatten(file, path + "[" + i + "].", (Map<?, ?>) list.get(i), out, depth + 1, maxSettings);
                }
            } else if (value instanceof List<?> list) {
                out.add(new Setting(path, joinScalars(path, list)));
            } else {
                out.add(new Setting(path, value == null ? null : String.valueOf(value)));
            }
        }
    }

    private static String joinScalars(String path, List<?> list) throws ConfigException {
        for (Object item : list) {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                throw new ConfigException(FLAG, path + ": expected a list of plain values");
            }
        }
        return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String describe(YamlEngineException invalid) {
        if (invalid instanceof MarkedYamlEngineException marked) {
            String where = marked.getProblemMark()
                    .map(mark -> " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")")
                    .orElse("");
            return oneLine(marked.getProblem()) + where;
        }
        return oneLine(String.valueOf(invalid.getMessage()));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
