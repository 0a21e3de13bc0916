package io.jetway.bootstrap;

import io.jetway.config.ApiConfig;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.StaticConfig;
import io.jetway.util.BuildVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The one INFO line a start writes once it serves: the version, each entry point with the address
 * it listens on and its protocol, the providers, and where the API and dashboard answer.
 */
public final class StartLine {

    private StartLine() {
    }

    private static int port(ToIntFunction<String> boundPort, String entryPoint, int configured) {
        try {
            return boundPort.applyAsInt(entryPoint);
        } catch (IllegalArgumentException notListening) {
            return configured;
        }
    }

    /** {@code boundPort}: the port an entry point listens on (the configured one may be 0). */
    public static void log(StaticConfig config, ToIntFunction<String> boundPort) {
        List<String> entryPoints = new ArrayList<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            String host = ep.host() == null || ep.host().isEmpty() ? "" : ep.host();
            boolean udp = ep.layer4() != null && ep.layer4().udp();
            entryPoints.add(ep.name() + "=" + host + ":" + port(boundPort, ep.name(), ep.port()) + "/" + (udp ? "udp" : "tcp"));
        }
        List<String> providers = config.providerNames().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toList();
        String api = "off";
        ApiConfig a = config.api();
        if (a.enabled()) {
            String where = a.insecure() ? ApiConfig.MANAGEMENT_ENTRY_POINT + "@:" + port(boundPort, ApiConfig.MANAGEMENT_ENTRY_POINT, ApiConfig.MANAGEMENT_PORT)
                    : "api@internal (routed)";
            api = where + "/api/" + (a.dashboard() ? " dashboard=/dashboard/" : "");
        }
        for (String option : config.withoutEffect()) {
            org.slf4j.LoggerFactory.getLogger(StartLine.class).info(
                    "event=option-without-effect option={} msg=\"Traefik's option is accepted; it changes nothing in Jetway\"",
                    option);
        }
        org.slf4j.LoggerFactory.getLogger(StartLine.class).info(
                "event=start version={} java={} entrypoints=\"{}\" providers=\"{}\" api=\"{}\"",
                BuildVersion.get(), System.getProperty("java.version"), String.join(" ", entryPoints),
                String.join(" ", providers), api);
    }
}
