package io.jetway.service;

import jakarta.servlet.ServletRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * One copy of a request that a mirroring service picked: the server it goes to and how much of
 * the body it may carry. The copies of a request travel to the proxy as a request attribute.
 *
 * @param mirrorBody  false: the copy goes without a body
 * @param maxBodySize the largest body the copy may carry, or -1 for no limit
 */
public record MirrorTarget(Backend backend, boolean mirrorBody, long maxBodySize) {

    static final String ATTRIBUTE = MirrorTarget.class.getName() + ".targets";

    /** The copies picked for this request; empty when no mirroring service took part. */
    @SuppressWarnings("unchecked")
    public static List<MirrorTarget> of(ServletRequest request) {
        Object targets = request.getAttribute(ATTRIBUTE);
        return targets == null ? List.of() : (List<MirrorTarget>) targets;
    }

    @SuppressWarnings("unchecked")
    static List<MirrorTarget> mutableOf(ServletRequest request) {
        Object targets = request.getAttribute(ATTRIBUTE);
        if (targets == null) {
            targets = new ArrayList<MirrorTarget>(2);
            request.setAttribute(ATTRIBUTE, targets);
        }
        return (List<MirrorTarget>) targets;
    }

    /**
     * This copy as made from a copy that an outer mirroring service limits: a copy of a copy has
     * no more body than its source.
     */
    MirrorTarget within(boolean outerMirrorBody, long outerMaxBodySize) {
        long max = maxBodySize < 0 ? outerMaxBodySize
                : outerMaxBodySize < 0 ? maxBodySize : Math.min(maxBodySize, outerMaxBodySize);
        return new MirrorTarget(backend, mirrorBody && outerMirrorBody, max);
    }
}
