package io.jetway.config;

/**
 * {@code entryPoints.<name>.http.redirections.entryPoint}: requests on this entry point are
 * redirected to another one.
 *
 * @param to        the target entry point (its port goes in the Location), or {@code :port}
 * @param scheme    the Location's scheme (https by default)
 * @param permanent 301/308 when true (default), 302/307 otherwise
 * @param priority  routers with a higher priority are served instead of redirected
 */
public record RedirectionConfig(String to, String scheme, boolean permanent, int priority) {

    public static final String DEFAULT_SCHEME = "https";
    /** Traefik's default: above every router that does not ask for more. */
    public static final int DEFAULT_PRIORITY = Integer.MAX_VALUE - 1;
}
