package io.jetway.server.proxy;

import io.jetway.service.Backend;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Traefik's responseHeaderTimeout: from the end of the request to the response's first byte. A
 * backend that takes longer is aborted with a timeout (a 504). Zero means no limit.
 */
final class ResponseHeaderTimeout {

    private ResponseHeaderTimeout() {
    }

    /** Arms the timeout of the backend's servers transport (or the proxy's default) on the request. */
    static void arm(Request proxyRequest, Backend backend, ProxyOptions defaults, Scheduler scheduler) {
        long timeout = (backend.transport() == null ? defaults.responseHeaderTimeout()
                : backend.transport().forwardingTimeouts().responseHeaderTimeout()).toMillis();
        if (timeout <= 0) {
            return;
        }
        Scheduler.Task[] task = new Scheduler.Task[1];
        proxyRequest.onRequestSuccess(r -> task[0] = scheduler.schedule(
                () -> r.abort(new TimeoutException("no response headers within " + timeout + "ms")),
                timeout, TimeUnit.MILLISECONDS));
        proxyRequest.onResponseBegin(r -> {
            if (task[0] != null) {
                task[0].cancel();
            }
        });
        proxyRequest.onComplete(r -> {
            if (task[0] != null) {
                task[0].cancel();
            }
        });
    }
}
