package io.jetway.middleware.errors;

import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.Exchange;
import io.jetway.http.GoQueryEscape;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code errors}: when the response's status is one of {@code status}, the client gets the page
 * that {@code service} serves at {@code query} instead of the backend's body, with the original
 * status (or the one {@code statusRewrites} maps it to). {@code {status}}, {@code {originalStatus}}
 * and {@code {url}} (the request's URL, query-escaped) are filled into the query. The proxy
 * catches the status before anything is committed and fetches the page.
 */
public final class ErrorsMiddleware extends HttpMiddleware implements ErrorPages {

    private final ErrorsOptions options;
    private final ServiceHandler service;

    public ErrorsMiddleware(ErrorsOptions options, ServiceHandler service) {
        this.options = options;
        this.service = service;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        ErrorsOptions parsed = ErrorsOptions.from(options);
        return new ErrorsMiddleware(parsed, context.service(parsed.service(), options.get("service").path()));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange.of(request).replaceErrorPages(this);
        next.doFilter(request, response);
    }

    @Override
    public boolean catches(int status) {
        for (ErrorsOptions.StatusRange range : options.status()) {
            if (range.contains(status)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int answerStatus(int status) {
        for (ErrorsOptions.StatusRewrite rewrite : options.statusRewrites()) {
            if (rewrite.from().contains(status)) {
                return rewrite.status();
            }
        }
        return status;
    }

    @Override
    public ServiceHandler service() {
        return service;
    }

    @Override
    public String pageTarget(HttpServletRequest request, int status) {
        String url = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        return options.query().replace("{status}", Integer.toString(answerStatus(status)))
                .replace("{originalStatus}", Integer.toString(status))
                .replace("{url}", GoQueryEscape.escape(url));
    }

}
