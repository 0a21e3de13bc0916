package io.jetway.exchange;

import io.jetway.service.ServiceHandler;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the proxy needs of an errors middleware to replace a response: which statuses it catches,
 * the service that serves the pages, and which page for which status.
 */
public interface ErrorPages {

    boolean catches(int status);

    /** The status the client gets for a caught one: the same, unless statusRewrites maps it. */
    int answerStatus(int status);

    ServiceHandler service();

    /** The page's path and query (still escaped) for a caught status of this request. */
    String pageTarget(HttpServletRequest request, int status);
}
