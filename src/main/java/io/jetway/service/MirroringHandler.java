package io.jetway.service;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.util.List;

/**
 * TraefikService mirroring: the main service answers; the mirrors whose percentage is due get a
 * copy of the request, recorded as {@link MirrorTarget}s for the proxy to send and forget.
 */
public final class MirroringHandler implements ServiceHandler {

    public record Mirror(ServiceHandler handler, int percent) {
    }

    private final String name;
    private final ServiceHandler main;
    private final Mirror[] mirrors;
    private final boolean mirrorBody;
    private final long maxBodySize;
    private final MirrorCounters counters;

    /** @param counters shared with the previous table's service of the same name and definition */
    public MirroringHandler(String name, ServiceHandler main, List<Mirror> mirrors, boolean mirrorBody,
                            long maxBodySize, MirrorCounters counters) {
        this.name = name;
        this.main = main;
        this.mirrors = mirrors.toArray(Mirror[]::new);
        this.mirrorBody = mirrorBody;
        this.maxBodySize = maxBodySize;
        this.counters = counters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        // As in Traefik, every request counts and the due mirrors are decided before the main
        // service answers, whatever it answers.
        long total = counters.nextRequest();
        int[] due = null;
        int dueCount = 0;
        for (int i = 0; i < mirrors.length; i++) {
            if (counters.take(i, total, mirrors[i].percent())) {
                if (due == null) {
                    due = new int[mirrors.length];
                }
                due[dueCount++] = i;
            }
        }
        Backend backend = main.select(request, response);
        if (backend != null && dueCount > 0) {
            addTargets(request, response, due, dueCount);
        }
        return backend;
    }

    private void addTargets(HttpServletRequest request, HttpServletResponse response, int[] due, int dueCount) {
        List<MirrorTarget> targets = MirrorTarget.mutableOf(request);
        // A mirror's answer is discarded, so must be its cookies (a sticky mirror sets one).
        HttpServletResponse discarded = response == null ? null : new HeadersDiscarded(response);
        for (int k = 0; k < dueCount; k++) {
            int before = targets.size();
            Backend backend = mirrors[due[k]].handler().select(request, discarded);
            // A mirror that mirrors again added copies of this copy: they carry no more body than it.
            for (int j = before; j < targets.size(); j++) {
                targets.set(j, targets.get(j).within(mirrorBody, maxBodySize));
            }
            if (backend != null) {
                targets.add(new MirrorTarget(backend, mirrorBody, maxBodySize));
            }
        }
    }

    private static final class HeadersDiscarded extends HttpServletResponseWrapper {
        HeadersDiscarded(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            // discarded with the mirror's response
        }

        @Override
        public void setHeader(String name, String value) {
            // discarded with the mirror's response
        }

        @Override
        public void addCookie(Cookie cookie) {
            // discarded with the mirror's response
        }
    }
}
