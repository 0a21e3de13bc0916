package io.jetway.provider.file;

import io.jetway.kube.KubeObject;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One object defined twice (same kind, namespace and name, in two files or twice in one): the
 * first definition in reading order wins (files in sorted path order, documents top to bottom),
 * and each later one is a problem naming both places. So a stray copy, say {@code backup/app.yaml}
 * beside {@code routes/app.yaml}, never silently replaces the route.
 */
public final class DuplicateObjects {

    /** @param kept the objects, each identity once; @param problems one per definition left out */
    public record Result(List<KubeObject> kept, List<Problem> problems) {
    }

    private DuplicateObjects() {
    }

    public static Result firstWins(List<KubeObject> objects) {
        Map<ObjectRef, KubeObject> first = new HashMap<>(objects.size() * 4 / 3 + 16);
        List<KubeObject> kept = new ArrayList<>(objects.size());
        List<Problem> problems = new ArrayList<>();
        for (KubeObject o : objects) {
            // As the snapshot indexes objects: by kind, namespace and name, whatever the API group.
            KubeObject earlier = first.putIfAbsent(new ObjectRef(o.kind(), o.namespace(), o.name()), o);
            if (earlier == null) {
                kept.add(o);
            } else {
                problems.add(new Problem(new ObjectRef(o.kind(), o.namespace(), o.name()), null,
                        "defined twice: the definition at " + o.source() + " is ignored, the one at "
                                + earlier.source() + " is used (the first in path order wins)"));
            }
        }
        return new Result(List.copyOf(kept), List.copyOf(problems));
    }
}
