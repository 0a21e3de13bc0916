package io.jetway.server.proxy;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * {@code Expect: 100-continue} towards a backend as Go's transport does it (Traefik's
 * ExpectContinueTimeout is 1s): the Expect is passed on and the body waits for the backend's 100
 * or its answer, but no longer than {@link #WAIT}; then it goes anyway, since some backends never
 * send 100. A backend that answers before the body (417, 401) has its answer relayed. The body is
 * the proxy's continue action (reading the client's body, which sends the client its 100), run
 * once whichever comes first.
 */
final class ExpectContinueHandler extends ContinueProtocolHandler {

    static final Duration WAIT = Duration.ofSeconds(1);
    private static final String STATE = ExpectContinueHandler.class.getName() + ".state";

    /** The proxy servlet's continue action for a client request and its proxy request. */
    private final BiFunction<HttpServletRequest, Request, Runnable> continueAction;
    private final String clientRequestAttribute;

    /** One request's wait; created before the request is sent, read by the timer and the client's threads. */
    private static final class Waiting {
        final AtomicBoolean continued = new AtomicBoolean();
        volatile boolean sentWithout100;
        volatile Scheduler.Task timer;

        void cancel() {
            Scheduler.Task task = timer;
            if (task != null) {
                task.cancel();
            }
        }
    }

    ExpectContinueHandler(BiFunction<HttpServletRequest, Request, Runnable> continueAction, String clientRequestAttribute) {
        this.continueAction = continueAction;
        this.clientRequestAttribute = clientRequestAttribute;
    }

    @Override
    public boolean accept(Request request, Response response) {
        // Once the body went without a 100, the answer is an ordinary response: streamed, not
        // buffered as the 100-continue handling does with an answer that comes instead of a 100.
        return !(request.getAttributes().get(STATE) instanceof Waiting waiting && waiting.sentWithout100)
                && super.accept(request, response);
    }

    @Override
    protected Runnable onContinue(Request request) {
        return continueOnce(request);
    }

    /** For a proxy request that carries Expect: 100-continue, sends its body after {@link #WAIT} if nothing came back by then. */
    void arm(Request proxyRequest, Scheduler scheduler) {
        if (!proxyRequest.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            return;
        }
        Waiting waiting = new Waiting();
        proxyRequest.attribute(STATE, waiting);
        proxyRequest.onRequestHeaders(r -> waiting.timer = scheduler.schedule(
                () -> sendWithout100(r, waiting), WAIT.toMillis(), TimeUnit.MILLISECONDS));
        proxyRequest.onResponseBegin(r -> waiting.cancel());
        proxyRequest.onComplete(r -> waiting.cancel());
    }

    private void sendWithout100(Request request, Waiting waiting) {
        HttpExchange exchange = request instanceof HttpRequest http ? http.getConversation().getExchanges().peekLast() : null;
        if (exchange == null) {
            return;
        }
        waiting.sentWithout100 = true;
        Runnable action = continueOnce(request);
        if (action != null) {
            exchange.proceed(action, null);
        }
    }

    /** The continue action the first time it is asked for, then null: a late 100 must not read the body twice. */
    private Runnable continueOnce(Request request) {
        if (request.getAttributes().get(STATE) instanceof Waiting waiting && !waiting.continued.compareAndSet(false, true)) {
            return null;
        }
        HttpServletRequest client = (HttpServletRequest) request.getAttributes().get(clientRequestAttribute);
        return client == null ? null : continueAction.apply(client, request);
    }
}
