package io.jetway.e2e;

/**
 * Which forwarding the tests' Jetway uses: the system property {@code jetway.proxy.directforwarding}
 * (true by default, as Jetway starts; pom.xml runs the end-to-end tests once more with false, so
 * that every request they send goes through the servlet proxy).
 */
public final class ForwardingUnderTest {

    public static final String PROPERTY = "jetway.proxy.directforwarding";

    private ForwardingUnderTest() {
    }

    /** Whether the tests' Jetway forwards the simplest requests directly. */
    public static boolean direct() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /** The {@code --proxy.directforwarding} flag for the forwarding under test. */
    public static String flag() {
        return "--proxy.directforwarding=" + System.getProperty(PROPERTY, "true");
    }
}
