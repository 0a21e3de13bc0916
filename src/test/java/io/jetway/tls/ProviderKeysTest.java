package io.jetway.tls;

import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderKeysTest {

    private static Provider conscrypt() {
        ConscryptProvider.Loaded loaded = ConscryptProvider.load();
        assertNotNull(loaded.provider(), "Conscrypt loads on this machine: " + loaded.failure());
        return loaded.provider();
    }

    private static PrivateKey jdkKey(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair().getPrivate();
    }

    @Test
    void aJdkKeyBecomesTheEnginesOwnOnceWithTheSameKeyMaterial() throws Exception {
        Provider provider = conscrypt();
        ProviderKeys keys = new ProviderKeys(provider);
        for (String algorithm : new String[]{"EC", "RSA"}) {
            PrivateKey jdk = jdkKey(algorithm);
            PrivateKey converted = keys.of(jdk);
            assertNotSame(jdk, converted, algorithm);
            assertTrue(converted.getClass().getName().startsWith("org.conscrypt."), algorithm + ": " + converted.getClass());
            assertEquals(jdk.getAlgorithm(), converted.getAlgorithm());
            assertArrayEquals(jdk.getEncoded(), converted.getEncoded(), algorithm + ": the same key");
            assertSame(converted, keys.of(jdk), algorithm + ": converted once");
        }
    }

    @Test
    void aKeyWithoutAnEncodingIsHandedOnAsItIs() throws Exception {
        PrivateKey opaque = new PrivateKey() {
            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        assertSame(opaque, new ProviderKeys(conscrypt()).of(opaque));
    }
}
