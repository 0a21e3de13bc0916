package io.jetway.bootstrap;

import java.util.Locale;

/**
 * Jetty's MIME types ask the JDK for its available locales when the server is built, which loads
 * every locale provider (0.1-0.5 s of a start, docs/performance.md "Start-up"). The JDK computes
 * that list once per process, so a second core can compute it while the main thread reads the
 * flags; the main thread then finds it ready. Touches nothing else: no logger, no configuration.
 */
public final class LocaleWarmUp {

    private LocaleWarmUp() {
    }

    /** Starts computing the list on a daemon thread and returns at once. */
    public static void start() {
        Thread thread = new Thread(Locale::getAvailableLocales, "jetway-start-locales");
        thread.setDaemon(true);
        thread.start();
    }
}
