package io.jetway.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each record as one {@link LogLine} to the standard error (looked up on each write, so that
 * a replaced {@code System.err} is honoured) or to a file, appended to and reopened on demand
 * ({@link #reopen()}: SIGUSR1 after a rotation tool moved the file away, as with Traefik).
 */
final class TraefikLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final LogLine.Format format;
    private final boolean color;
    private final boolean stacks;
    private final Path file;
    private Writer fileWriter;

    TraefikLogAppender(LogLine.Format format, boolean color, boolean stacks, Path file) {
        this.format = format;
        this.color = color;
        this.stacks = stacks;
        this.file = file;
        setName("jetway");
    }

    @Override
    public void start() {
        if (file != null) {
            try {
                openFile();
            } catch (IOException e) {
                addError("cannot open the log file " + file, e);
                return;
            }
        }
        super.start();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeFile();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = LogLine.format(event, format, color, stacks);
        synchronized (this) {
            if (fileWriter != null) {
                try {
                    fileWriter.write(line);
                    fileWriter.write('\n');
                    fileWriter.flush();
                    return;
                } catch (IOException e) {
                    // The file went bad (disk full, removed mount): the record still goes somewhere.
                    System.err.println(line);
                    return;
                }
            }
            System.err.println(line);
        }
    }

    /** Closes and opens the log file again (it may have been moved away); a no-op on the standard error. */
    synchronized void reopen() throws IOException {
        if (file == null) {
            return;
        }
        closeFile();
        openFile();
    }

    private void openFile() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        fileWriter = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
    }

    private void closeFile() {
        if (fileWriter != null) {
            try {
                fileWriter.close();
            } catch (IOException ignored) {
                // Closing a file being replaced: nothing left to save.
            }
            fileWriter = null;
        }
    }
}
