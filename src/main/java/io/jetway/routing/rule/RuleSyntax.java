package io.jetway.routing.rule;

/** Which of Traefik's rule languages a router uses (IngressRoute `syntax`, Ingress `router.rulesyntax`). */
public enum RuleSyntax {
    V3,
    V2;

    /** null, "" and "v3" mean V3 (Traefik v3's default); "v2" means V2; anything else is refused. */
    public static RuleSyntax parse(String s) {
        if (s == null || s.isEmpty() || s.equals("v3")) {
            return V3;
        }
        if (s.equals("v2")) {
            return V2;
        }
        throw new IllegalArgumentException("unknown rule syntax \"" + s + "\" (expected v3 or v2)");
    }
}
