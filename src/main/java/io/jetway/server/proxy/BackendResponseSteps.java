package io.jetway.server.proxy;

import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.exchange.Observations;
import io.jetway.exchange.ResponseBodyLimit;
import io.jetway.exchange.ResponseBodyTransformer;
import io.jetway.http.ContentSniffer;
import io.jetway.http.HopByHopHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * What a backend's response goes through on its way to the client, in a fixed order, as the
 * request's {@link Exchange} asks: the observers learn of it; the buffering limit may refuse it;
 * the errors middleware may answer instead; its headers pass (less the hop-by-hop ones) with the
 * middlewares' response edits and its trailers; a body transform (compress, gRPC-Web) may take
 * the body; an untyped body is named from its first bytes (contentType); and at its end the
 * transform's last bytes go out before the response completes.
 */
final class BackendResponseSteps {

    private final ErrorAnswers errors;

    BackendResponseSteps(ErrorAnswers errors) {
        this.errors = errors;
    }

    /**
     * The backend's status line and headers arrived.
     *
     * @param containerCopy copies the headers the servlet API's way, where Jetty's fields are out of reach
     */
    static void headers(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                        Runnable containerCopy) {
        Exchange exchange = Exchange.of(clientRequest);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originResponded(serverResponse.getStatus(), serverResponse.getHeaders());
        }
        ResponseBodyLimit limit = exchange.responseBodyLimit();
        if (limit != null) {
            if (limit.exceeds(serverResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH))) {
                serverResponse.abort(new ResponseBodyLimit.TooLarge(limit.maxBytes()));
                return;
            }
            proxyResponse.setBufferSize(limit.holdBytes()); // nothing goes out before the limit is known to hold
        }
        ErrorPages pages = exchange.errorPagesFor(serverResponse.getStatus());
        if (pages != null) {
            // The errors middleware answers instead: the backend's headers and body are dropped.
            exchange.answerWithErrorPage(pages);
            return;
        }
        ForwardEdits edits = exchange.editsIfAny();
        TrailerForwarding.forwardResponseTrailers(clientRequest, proxyResponse, serverResponse);
        HttpFields.Mutable target = ContainerLookups.response(proxyResponse);
        if (target == null) {
            containerCopy.run();
            if (edits != null) {
                edits.applyToResponse(proxyResponse);
            }
        } else {
            // On Jetty: the backend's parsed fields as they are. Trailer announces the trailers,
            // which are passed on: end-to-end despite the hop-by-hop list.
            HeaderCopy.into(target, serverResponse.getHeaders(), name -> !HopByHopHeaders.is(name) || name.equals("trailer"));
            if (edits != null) {
                edits.applyToResponse(target);
            }
        }
        ResponseBodyTransformer transformer = exchange.responseBodyTransformer();
        if (transformer != null && !clientRequest.getMethod().equals("HEAD")) {
            ResponseBodyTransformer.Transform transform = transformer.begin(clientRequest, proxyResponse, serverResponse.getStatus());
            if (transform != null) {
                exchange.transformBodyWith(transform);
            }
        }
    }

    /**
     * A chunk of the backend's body arrived.
     *
     * @return true when the proxy writes it to the client; false when it was dealt with here
     */
    static boolean content(HttpServletRequest request, HttpServletResponse response, Response serverResponse,
                           byte[] buffer, int offset, int length, Callback callback) {
        Exchange exchange = Exchange.of(request);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originContent(length);
        }
        ResponseBodyLimit limit = exchange.responseBodyLimit();
        if (limit != null && limit.exceededAfter(length)) {
            ResponseBodyLimit.TooLarge failure = new ResponseBodyLimit.TooLarge(limit.maxBytes());
            callback.failed(failure);
            serverResponse.abort(failure);
            return false;
        }
        if (exchange.answeringErrorPages() != null) {
            callback.succeeded(); // the backend's error body, replaced by the error page
            return false;
        }
        if (exchange.detectsContentType() && !response.isCommitted() && response.getHeader("Content-Type") == null) {
            response.setContentType(ContentSniffer.detect(buffer, offset, length)); // as Go's servers do
        }
        return true;
    }

    /**
     * The backend's response ended well.
     *
     * @param complete completes the client's response the proxy's way
     */
    void succeeded(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                   Runnable complete) {
        originEnded(clientRequest);
        Exchange exchange = Exchange.of(clientRequest);
        ErrorPages pages = exchange.answeringErrorPages();
        if (pages != null) {
            errors.sendPage(clientRequest, proxyResponse, pages, serverResponse.getStatus());
            return;
        }
        ProxyExchangeState state = ProxyExchangeState.find(clientRequest);
        FlushingWriter writer = state == null ? null : state.flushingWriter();
        if (writer != null && writer.transforms()) {
            // The transform's last bytes (a compressed stream's end) go out before the response completes.
            writer.end(serverResponse.getTrailers(), complete);
            return;
        }
        ResponseBodyTransformer.Transform transform = exchange.bodyTransform();
        if (transform != null) {
            // No content came, so no writer: its end still goes out, with a blocking write (see ErrorAnswers#offSelector).
            errors.offSelector(clientRequest, () -> {
                FlushingWriter.endEmptyBody(transform, proxyResponse, serverResponse.getTrailers());
                ProxyExchangeState.finishFlushing(clientRequest);
                complete.run();
            });
            return;
        }
        ProxyExchangeState.finishFlushing(clientRequest);
        complete.run();
    }

    /** The exchange with the backend is over, well or not: the observers' clock stops. */
    static void originEnded(HttpServletRequest request) {
        Observations seen = Exchange.of(request).observations();
        if (seen != null) {
            seen.originEnded(System.nanoTime());
        }
    }
}
