package io.jetway.e2e;

/**
 * Which forwarding the tests' Jetway uses: the system property {@code jetway.proxy.directforwarding}
 * (false by default, as Jetway starts: every request through the servlet proxy; pom.xml runs the
 * end-to-end tests once more with true, so that the simplest requests take the direct forwarding).
 */
public final class ForwardingUnderTest {

    public static final String PROPERTY = "jetway.proxy.directforwarding";

    private ForwardingUnderTest() {
    }

    /** Whether the tests' Jetway forwards the simplest requests directly. */
    public static boolean direct() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY, "false"));
    }

    /** The {@code --proxy.directforwarding} flag for the forwarding under test. */
    public static String flag() {
        return "--proxy.directforwarding=" + System.getProperty(PROPERTY, "false");
    }
}
