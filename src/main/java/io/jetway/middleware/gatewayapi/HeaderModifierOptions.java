package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTPHeaderFilter ({@code requestHeaderModifier} or {@code responseHeaderModifier}):
 * {@code set: [{name, value}]}, {@code add: [{name, value}]}, {@code remove: [name]}, applied in
 * that order. Names keep their spelling; they are compared without regard to case.
 *
 * @param set    headers whose values are replaced by one value, in the order written
 * @param add    values added to a header's existing ones, in the order written
 * @param remove header names removed after set and add
 */
public record HeaderModifierOptions(List<Header> set, List<Header> add, List<String> remove) {

    public HeaderModifierOptions {
        set = List.copyOf(set);
        add = List.copyOf(add);
        remove = List.copyOf(remove);
    }

    /** One {@code {name, value}} entry. */
    public record Header(String name, String value) {
    }

    /** @throws Node.InvalidFieldException naming an entry without a valid name or value, or a list of the wrong shape */
    public static HeaderModifierOptions from(Node options) {
        List<String> remove = new ArrayList<>();
        for (Node item : options.get("remove").list()) {
            remove.add(headerName(item));
        }
        return new HeaderModifierOptions(headers(options.get("set")), headers(options.get("add")), remove);
    }

    private static List<Header> headers(Node list) {
        List<Header> headers = new ArrayList<>();
        for (Node item : list.list()) {
            Node value = item.get("value");
            if (value.isMissing()) {
                throw new Node.InvalidFieldException(value.path(), value.requiredMessage());
            }
            String text = value.string("");
            if (!text.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f)) {
                throw new Node.InvalidFieldException(value.path(), "control characters are not allowed in a header value");
            }
            headers.add(new Header(headerName(item.get("name")), text));
        }
        return headers;
    }

    /** A header name is an HTTP token (RFC 9110), as the Gateway API's HTTPHeaderName pattern says. */
    private static String headerName(Node node) {
        String name = node.requiredString();
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new Node.InvalidFieldException(node.path(), "invalid header name \"" + name + "\"");
        }
        return name;
    }
}
