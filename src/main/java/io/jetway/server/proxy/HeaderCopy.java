package io.jetway.server.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import java.util.Enumeration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The one way headers are copied between the client's exchange and a backend's: the headers
 * whose lower-case name a filter lets through, as Jetty's parsed fields in one pass when running
 * on Jetty, else name by name through the servlet API.
 */
final class HeaderCopy {

    private HeaderCopy() {
    }

    /** The client request's headers whose lower-case name {@code passes}. */
    static HttpFields.Mutable fromRequest(HttpServletRequest request, Predicate<String> passes) {
        HttpFields.Mutable copied = HttpFields.build();
        HttpFields received = ContainerLookups.request(request);
        if (received != null) {
            // On Jetty: one pass over the parsed fields, no per-name lookups.
            for (HttpField field : received) {
                if (passes.test(field.getLowerCaseName())) {
                    copied.add(field);
                }
            }
            return copied;
        }
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (passes.test(name.toLowerCase(Locale.ENGLISH))) {
                for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                    copied.add(name, values.nextElement());
                }
            }
        }
        return copied;
    }

    /** Adds the fields whose lower-case name {@code passes} to fields a response holds. */
    static void into(HttpFields.Mutable target, HttpFields fields, Predicate<String> passes) {
        for (HttpField field : fields) {
            if (passes.test(field.getLowerCaseName())) {
                target.add(field);
            }
        }
    }

    /**
     * Adds the fields whose lower-case name {@code passes} to the response: as they are to the
     * container's fields on Jetty, else one by one.
     */
    static void toResponse(HttpServletResponse response, HttpFields fields, Predicate<String> passes) {
        HttpFields.Mutable target = ContainerLookups.response(response);
        if (target != null) {
            into(target, fields, passes);
            return;
        }
        for (HttpField field : fields) {
            if (passes.test(field.getLowerCaseName())) {
                response.addHeader(field.getName(), field.getValue());
            }
        }
    }
}
