package io.jetway.server.entry;

import io.jetway.exchange.Exchange;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The requests being handled now, so that a stop whose grace time runs out can name each request
 * it cuts. Only what identifies a request is logged: never its query, headers or body, which may
 * carry credentials.
 */
public final class InFlightRequests extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightRequests.class);

    private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

    private final Set<Request> running = ConcurrentHashMap.newKeySet();

    public InFlightRequests(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        running.add(request);
        Request.addCompletionListener(request, failure -> running.remove(request));
        return super.handle(request, response, callback);
    }

    /** One WARN line for each request still running, which the stop is about to cut. */
    public void logCut(Duration graceTimeout) {
        for (String line : describeRunning()) {
            LOG.warn("event=request-cut {} graceTimeout={}s msg=\"still running when graceTimeout expired\"",
                    line, graceTimeout.toMillis() / 1000.0);
        }
    }

    /** method, host, path, entry point, router (- before routing) and how long each request has run. */
    private List<String> describeRunning() {
        return running.stream().map(InFlightRequests::describe).toList();
    }

    private static String describe(Request request) {
        HttpURI uri = request.getHttpURI();
        String host = uri.getHost() == null || uri.getHost().isEmpty() ? "-" : uri.getHost();
        // Path parameters (;jsessionid=...) may carry a session: left out like the query.
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : PATH_PARAMETER.matcher(uri.getPath()).replaceAll("");
        Exchange exchange = request.getAttribute(Exchange.attributeName()) instanceof Exchange e ? e : null;
        String router = exchange == null || exchange.router() == null ? "-" : exchange.router();
        double seconds = NanoTime.millisSince(request.getBeginNanoTime()) / 1000.0;
        return "method=" + request.getMethod() + " host=" + host + " path=" + path
                + " entrypoint=" + request.getConnectionMetaData().getConnector().getName()
                + " router=" + router + " duration=" + seconds + "s";
    }
}
