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

    /** The snapshot of these objects with first definitions winning, the others reported after {@code problems}. */
    public static io.jetway.kube.ResourceSnapshot snapshotOf(List<KubeObject> objects, List<Problem> problems) {
        return io.jetway.kube.ResourceSnapshot.firstDefinitionsWin(objects, problems, DuplicateObjects::ignored);
    }

    private static Problem ignored(KubeObject later, KubeObject earlier) {
        return new Problem(new ObjectRef(later.kind(), later.namespace(), later.name()), null,
                "defined twice: the definition at " + later.source() + " is ignored, the one at "
                        + earlier.source() + " is used (the first in path order wins)");
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
                problems.add(ignored(o, earlier));
            }
        }
        return new Result(List.copyOf(kept), List.copyOf(problems));
    }
}
