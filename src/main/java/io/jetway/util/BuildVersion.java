package io.jetway.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version (the Maven project's), written into the jar and the WAR at build time. */
public final class BuildVersion {

    private static final String VERSION = read();

    private BuildVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/io/jetway/version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version.trim();
                }
            }
        } catch (IOException unreadable) {
            // the classes were run without the build's resources
        }
        return "dev";
    }
}
