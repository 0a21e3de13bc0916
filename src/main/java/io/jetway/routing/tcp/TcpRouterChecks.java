package io.jetway.routing.tcp;

import io.jetway.routing.rule.RuleException;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors that disable a TCP router, checked in the order of Traefik's router manager
 * (`pkg/server/router/tcp/manager.go`), which stops at the first of the first five.
 */
public final class TcpRouterChecks {

    private TcpRouterChecks() {
    }

    /**
     * @param priority the configured priority (0 = computed, which is never too high)
     * @return the router's errors; empty when it can be built
     */
    public static List<String> errors(String rule, String syntax, boolean hasTls, boolean hasService, long priority) {
        if (!hasService) {
            return List.of("the service is missing on the router");
        }
        if (rule == null || rule.isBlank()) {
            return List.of("router has no rule");
        }
        TcpRuleShape shape;
        try {
            shape = TcpRuleShape.parse(rule);
        } catch (RuleException e) {
            return List.of(invalid(rule, e.getMessage()));
        }
        List<String> hostSnis = shape.hostSniValues();
        // Traefik looks at the first HostSNI value only: HostSNI(`*`) || HostSNI(`a.com`) passes,
        // and HostSNIRegexp or ALPN without tls are allowed (they then see an empty SNI and no ALPN).
        if (!hasTls && !hostSnis.isEmpty() && !hostSnis.get(0).equals("*")) {
            return List.of(invalid(rule, "HostSNI(`" + hostSnis.get(0) + "`) needs tls on the router:"
                    + " a connection without TLS has no SNI, so only HostSNI(`*`) is allowed there"));
        }
        var tooHigh = TcpPriority.checkMax(priority);
        if (tooHigh.isPresent()) {
            return List.of(tooHigh.get());
        }
        List<String> errors = new ArrayList<>();
        if (hasTls) {
            // Traefik reports these for TLS-terminating routers and goes on to the rule's own checks,
            // which refuse the same names again.
            for (String domain : hostSnis) {
                if (!domain.chars().allMatch(c -> c < 0x80)) {
                    errors.add("invalid domain name \"" + domain + "\" in HostSNI: non-ASCII characters are not allowed"
                            + " (use punycode)");
                }
            }
        }
        try {
            TcpRule.parse(rule, syntax);
        } catch (TcpRuleException e) {
            errors.add(invalid(rule, e.getMessage()));
        }
        return List.copyOf(errors);
    }

    private static String invalid(String rule, String why) {
        return TcpRuleException.oneLine("invalid rule " + rule + ": " + why);
    }
}
