package io.jetway.observability;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The stream Jetty's log appender writes each record to (one {@code println} per record, stack
 * trace included): each record goes through {@link SecretRedactor} before it reaches the target.
 * The target is looked up on each write, so that the standard error can still be replaced.
 */
final class RedactingPrintStream extends PrintStream {

    private final Supplier<PrintStream> target;
    private final PrintStream initial;

    RedactingPrintStream(Supplier<PrintStream> target) {
        super(OutputStream.nullOutputStream(), true);
        this.target = target;
        this.initial = target.get();
    }

    @Override
    public void println(Object record) {
        println(String.valueOf(record));
    }

    @Override
    public void println(String record) {
        out().println(SecretRedactor.redact(record));
    }

    @Override
    public void print(String text) {
        out().print(SecretRedactor.redact(text));
    }

    @Override
    public void print(Object text) {
        print(String.valueOf(text));
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        // Raw bytes cannot be redacted line by line; decoded, they go the same way as a record.
        print(new String(buf, off, len, java.nio.charset.Charset.defaultCharset()));
    }

    @Override
    public void flush() {
        out().flush();
    }

    private PrintStream out() {
        PrintStream stream = target.get();
        return stream == this ? initial : stream; // never write to ourselves if installed as System.err
    }
}
