package io.jetway.check;

import io.jetway.kube.ObjectRef;
import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The conditions Gateway API objects would get on a cluster, one line each, for {@code jetway check}. */
final class GatewayConditionNotes {

    private GatewayConditionNotes() {
    }

    static List<String> of(GatewayApiStatus translation, Map<ObjectRef, String> sources) {
        List<String> lines = new ArrayList<>();
        translation.classes().forEach((ref, conditions) -> lines.add(prefix(ref, sources) + conditions(conditions)));
        translation.gateways().forEach((ref, status) -> {
            StringBuilder line = new StringBuilder(prefix(ref, sources)).append(conditions(status.conditions()));
            for (GatewayApiStatus.ListenerStatus listener : status.listeners()) {
                line.append("; listener ").append(listener.name()).append(": ").append(conditions(listener.conditions()))
                        .append(", attachedRoutes=").append(listener.attachedRoutes());
            }
            lines.add(line.toString());
        });
        translation.routes().forEach((ref, parents) -> {
            StringBuilder line = new StringBuilder(prefix(ref, sources));
            String separator = "";
            for (GatewayApiStatus.RouteParentStatus parent : parents) {
                Object section = parent.parentRef().get("sectionName");
                line.append(separator).append("parent ").append(parent.parentRef().get("name"))
                        .append(section == null ? "" : "/" + section).append(": ").append(conditions(parent.conditions()));
                separator = "; ";
            }
            lines.add(line.toString());
        });
        translation.policies().forEach((ref, ancestors) -> {
            StringBuilder line = new StringBuilder(prefix(ref, sources));
            String separator = "";
            for (GatewayApiStatus.PolicyAncestorStatus ancestor : ancestors) {
                Object section = ancestor.ancestorRef().get("sectionName");
                line.append(separator).append("ancestor ").append(ancestor.ancestorRef().get("name"))
                        .append(section == null ? "" : "/" + section).append(": ").append(conditions(ancestor.conditions()));
                separator = "; ";
            }
            lines.add(line.toString());
        });
        return lines;
    }

    private static String prefix(ObjectRef ref, Map<ObjectRef, String> sources) {
        String source = sources.get(ref);
        return (source == null ? "" : source + ": ") + ref.kind() + "/" + (ref.namespace() == null ? "" : ref.namespace() + "/")
                + ref.name() + ": status: ";
    }

    private static String conditions(List<GatewayCondition> conditions) {
        return conditions.stream().map(c -> c.type() + "=" + c.status() + " (" + c.reason()
                + (c.message().isEmpty() || c.holds() ? "" : ": " + c.message()) + ")").collect(Collectors.joining(", "));
    }
}
