package io.jetway.middleware.basicauth;

import io.jetway.util.HtpasswdLine;
import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A password hash as htpasswd writes it, in one of the formats {@link HtpasswdLine} reads: apr1 or
 * MD5-crypt, {@code {SHA}}, or bcrypt. Checks compare in constant time.
 */
public abstract sealed class PasswordHash {

    final String encoded;

    private PasswordHash(String encoded) {
        this.encoded = encoded;
    }

    /** @throws IllegalArgumentException for a hash of another kind (plain text included) */
    public static PasswordHash parse(String encoded) {
        return switch (HtpasswdLine.formatOf(encoded)) {
            case MD5_CRYPT -> new Md5CryptHash(encoded);
            case SHA -> new ShaHash(encoded);
            case BCRYPT -> new BcryptHash(encoded, HtpasswdLine.bcryptCost(encoded));
        };
    }

    public abstract boolean matches(byte[] password);

    /** A rough cost, to check unknown users against the dearest hash in use. */
    abstract int cost();

    static boolean sameBytes(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Md5CryptHash extends PasswordHash {
        Md5CryptHash(String encoded) {
            super(encoded);
        }

        @Override
        public boolean matches(byte[] password) {
            String computed = encoded.startsWith("$apr1$") ? Md5Crypt.apr1Crypt(password, encoded)
                    : Md5Crypt.md5Crypt(password, encoded);
            return sameBytes(computed, encoded);
        }

        @Override
        int cost() {
            return 1;
        }
    }

    private static final class ShaHash extends PasswordHash {
        ShaHash(String encoded) {
            super(encoded);
        }

        @Override
        public boolean matches(byte[] password) {
            try {
                byte[] sum = MessageDigest.getInstance("SHA-1").digest(password);
                return sameBytes("{SHA}" + Base64.getEncoder().encodeToString(sum), encoded);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        int cost() {
            return 0;
        }
    }

    private static final class BcryptHash extends PasswordHash {
        private final int cost;

        BcryptHash(String encoded, int cost) {
            super(encoded);
            this.cost = cost;
        }

        @Override
        public boolean matches(byte[] password) {
            // bcrypt reads at most 72 bytes, as Go's and OpenBSD's do; BouncyCastle refuses longer input.
            byte[] key = password.length > 72 ? java.util.Arrays.copyOf(password, 72) : password;
            return OpenBSDBCrypt.checkPassword(encoded, key);
        }

        @Override
        int cost() {
            return 100 + cost;
        }
    }
}
