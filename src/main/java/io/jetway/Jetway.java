package io.jetway;

import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.bootstrap.LocaleWarmUp;
import io.jetway.check.CheckCommand;
import io.jetway.config.ConfigException;
import io.jetway.config.LogConfig;
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
            LogPipeline.configureProcess(new LogPipeline.Settings("ERROR", "common", null, false));
            System.exit(ExplainCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && args[0].equals("check")) {
            LogPipeline.configureProcess(new LogPipeline.Settings("ERROR", "common", null, false));
            System.exit(CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && (args[0].equals("version") || args[0].equals("--version"))) {
            // As `traefik version`: the version first, then what it runs on.
            System.out.println("Version:      " + io.jetway.util.BuildVersion.get());
            System.out.println("Java version: " + System.getProperty("java.version"));
            System.out.println("OS/Arch:      " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"));
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
        LogConfig log = config.log();
        LogPipeline.configureProcess(new LogPipeline.Settings(log.level(), log.format(), log.filePath(), log.noColor()));
        EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config));
        io.jetway.bootstrap.StartLine.log(config, server::port);
        // SIGTERM (and Ctrl-C) stop gracefully and exit 0, as Traefik does; a JVM shutdown hook
        // alone would exit 143 and cannot keep accepting requests during the grace period.
        for (String signal : new String[]{"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> stop(server), "jetway-stop").start());
        }
        boolean accessLogFile = config.accessLog().enabled() && config.accessLog().filePath() != null;
        if (accessLogFile || log.filePath() != null) {
            try {
                // As Traefik: log rotation tools send SIGUSR1 after moving the files away.
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> reopenLogs(server, accessLogFile));
            } catch (IllegalArgumentException unavailable) {
                System.err.println("log files: SIGUSR1 is not available here, the files will not be reopened on it");
            }
        }
        server.join();
    }

    private static void reopenLogs(EmbeddedServer server, boolean accessLogFile) {
        if (accessLogFile) {
            server.reopenAccessLog();
        }
        try {
            LogPipeline.reopen();
        } catch (java.io.IOException e) {
            System.err.println("log file: cannot reopen: " + e.getMessage());
        }
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
}
