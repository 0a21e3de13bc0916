package io.jetway;

import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.bootstrap.LocaleWarmUp;
import io.jetway.check.CheckCommand;
import io.jetway.config.ConfigException;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.explain.ExplainCommand;
import io.jetway.observability.LogPipeline;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.whoami.WhoamiServer;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code java -jar jetway.jar [flags]} runs the gateway; {@code java -jar jetway.jar whoami ...}
 * runs the demo echo backend; {@code java -jar jetway.jar check DIR} checks a manifests directory. Bad static flags exit with 2 and one line naming the flag.
 */
public final class Jetway {

    private Jetway() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("whoami")) {
            WhoamiServer.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("explain")) {
            configureLogging("ERROR");
            System.exit(ExplainCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && args[0].equals("check")) {
            configureLogging("ERROR");
            System.exit(CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println(StaticConfigParser.helpText());
            return;
        }
        LocaleWarmUp.start(); // while the flags are read
        StaticConfig config;
        try {
            config = StaticConfigParser.parse(args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(config.log().level());
        EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config));
        // SIGTERM (and Ctrl-C) stop gracefully and exit 0, as Traefik does; a JVM shutdown hook
        // alone would exit 143 and cannot keep accepting requests during the grace period.
        for (String signal : new String[]{"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> stop(server), "jetway-stop").start());
        }
        if (config.accessLog().enabled() && config.accessLog().filePath() != null) {
            try {
                // As Traefik: log rotation tools send SIGUSR1 after moving the file away.
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> server.reopenAccessLog());
            } catch (IllegalArgumentException unavailable) {
                System.err.println("access log: SIGUSR1 is not available here, the file will not be reopened on it");
            }
        }
        server.join();
    }

    private static void stop(EmbeddedServer server) {
        try {
            server.stopGracefully();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("shutdown failed: " + e);
            System.exit(1);
        }
    }

    /** Must run before the first logger is created: jetty-slf4j-impl reads these once. */
    static void configureLogging(String traefikLevel) {
        String level = switch (traefikLevel.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> "TRACE";
            case "DEBUG" -> "DEBUG";
            case "WARN" -> "WARN";
            case "ERROR", "FATAL", "PANIC" -> "ERROR";
            default -> "INFO";
        };
        LogPipeline.configureProcess(level);
    }
}
