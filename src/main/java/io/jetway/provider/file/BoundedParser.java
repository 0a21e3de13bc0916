package io.jetway.provider.file;

import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * The YAML parser's events, refused past {@link ManifestReader#MAX_DEPTH} nested maps and lists or
 * a string longer than {@link ManifestReader#MAX_SCALAR_CHARS}. The composer builds nodes
 * recursively: without the depth bound a 6 KB {@code [[[[...]]]]} overflows the stack.
 */
final class BoundedParser implements Parser {

    /** A limit was passed; the message names the file and line. */
    static final class LimitExceeded extends RuntimeException {
        private final int line;

        LimitExceeded(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final Parser parser;
    private final String label;
    private int depth;

    BoundedParser(Parser parser, String label) {
        this.parser = parser;
        this.label = label;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return parser.hasNext();
    }

    @Override
    public Event next() {
        Event event = parser.next();
        switch (event.getEventId()) {
            case SequenceStart, MappingStart -> {
                if (++depth > ManifestReader.MAX_DEPTH) {
                    throw exceeded(event, "nested deeper than " + ManifestReader.MAX_DEPTH + " levels");
                }
            }
            case SequenceEnd, MappingEnd -> depth--;
            case Scalar -> {
                int length = ((ScalarEvent) event).getValue().length();
                if (length > ManifestReader.MAX_SCALAR_CHARS) {
                    throw exceeded(event, "a value of " + length + " characters is longer than the limit of "
                            + ManifestReader.MAX_SCALAR_CHARS);
                }
            }
            default -> {
            }
        }
        return event;
    }

    private LimitExceeded exceeded(Event event, String problem) {
        int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new LimitExceeded(label + ":" + line + ": " + problem, line);
    }
}
