package io.jetway.server.tcp;

/**
 * What the TCP data plane tells metrics about its tunnels. A tunnel opens when a router's
 * middlewares admitted a connection and its service picked a server (before the dial), and closes
 * once both sides are closed, so a dial that fails opens and closes one.
 */
public interface Layer4Metrics {

    /** For when metrics are off. */
    Layer4Metrics NONE = new Layer4Metrics() {
        @Override
        public void tunnelOpened(TunnelLabels labels) {
        }

        @Override
        public void tunnelClosed(TunnelLabels labels) {
        }
    };

    /**
     * Names one tunnel's meters.
     *
     * @param service      the router's service (weighted or load balancer)
     * @param loadBalancer the load balancer that picked the server: {@code service} itself, or one of its children
     */
    record TunnelLabels(String entryPoint, String router, String service, String loadBalancer) {
    }

    void tunnelOpened(TunnelLabels labels);

    void tunnelClosed(TunnelLabels labels);
}
