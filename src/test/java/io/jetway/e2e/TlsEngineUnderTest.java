package io.jetway.e2e;

/**
 * The TLS engine the tests' Jetway starts with: the system property {@code jetway.tls.engine}
 * (auto, conscrypt or jdk; pom.xml runs the TLS tests once more with the JDK's engine).
 */
public final class TlsEngineUnderTest {

    public static final String PROPERTY = "jetway.tls.engine";

    private TlsEngineUnderTest() {
    }

    /** The {@code --tls.engine} flag for the engine under test. */
    public static String flag() {
        return "--tls.engine=" + System.getProperty(PROPERTY, "auto");
    }
}
