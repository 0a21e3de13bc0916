package io.jetway.config;

import java.util.Objects;

/**
 * Traefik's {@code entryPoints.<name>.http.sanitizePath} and {@code .http.encodedCharacters}: how
 * an entry point treats request paths before routing. The path is always normalised (unreserved
 * escapes decoded, the others upper-cased); then, when {@code sanitizePath}, its {@code .} and
 * {@code ..} segments and duplicate slashes are removed; then a router's requests whose path still
 * holds a denied escape get 400.
 *
 * @param sanitizePath      remove dot segments and duplicate slashes (default true)
 * @param encodedCharacters which escapes a path may keep
 */
public record RequestPathConfig(boolean sanitizePath, EncodedCharacters encodedCharacters) {

    /** Traefik v3.7's defaults: sanitised, every escape allowed (since v3.6.7 the allow options default to true). */
    public static final RequestPathConfig DEFAULTS = new RequestPathConfig(true, EncodedCharacters.ALL_ALLOWED);

    public RequestPathConfig {
        Objects.requireNonNull(encodedCharacters, "encodedCharacters");
    }

    /** {@code http.encodedCharacters.allowEncoded*}: whether a path may contain each escape. */
    public record EncodedCharacters(boolean allowEncodedSlash, boolean allowEncodedBackSlash,
                                    boolean allowEncodedNullCharacter, boolean allowEncodedSemicolon,
                                    boolean allowEncodedPercent, boolean allowEncodedQuestionMark,
                                    boolean allowEncodedHash) {

        public static final EncodedCharacters ALL_ALLOWED = new EncodedCharacters(true, true, true, true, true, true, true);

        /** Whether the escape ({@code %XX}, any case) may stay in a path. */
        public boolean allows(String escape) {
            return switch (escape.toUpperCase(java.util.Locale.ROOT)) {
                case "%2F" -> allowEncodedSlash;
                case "%5C" -> allowEncodedBackSlash;
                case "%00" -> allowEncodedNullCharacter;
                case "%3B" -> allowEncodedSemicolon;
                case "%25" -> allowEncodedPercent;
                case "%3F" -> allowEncodedQuestionMark;
                case "%23" -> allowEncodedHash;
                default -> true;
            };
        }

        /** Whether every escape is allowed, so that paths need no look. */
        public boolean allowsAll() {
            return equals(ALL_ALLOWED);
        }
    }
}
