package io.jetway.e2e;

/**
 * The README's modules plus {@code ee10-annotations,ee10-cdi-decorate}, which users add for
 * annotations: the server's CDI integration is there (it logs that it cannot decorate), the WAR's
 * own Weld still boots and Jetway serves.
 */
class JettyCdiDecorateStandaloneIT extends JettyStandaloneIT {

    @Override
    String modules() {
        return MODULES + ",ee10-annotations,ee10-cdi-decorate";
    }
}
