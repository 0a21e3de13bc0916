package io.jetway.translate.crd;

/** Provider options with Traefik's names and defaults (all false). */
public record CrdOptions(boolean allowCrossNamespace, boolean allowEmptyServices,
                         boolean allowExternalNameServices, boolean nativeLBByDefault) {

    public static final CrdOptions DEFAULTS = new CrdOptions(false, false, false, false);
}
