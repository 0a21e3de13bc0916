package io.jetway.provider.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * What the cluster holds of an object's status: its generation and its Ready condition (null
 * when it has none), an Ingress's load-balancer entries, and the whole status (Gateway API objects). The status writer compares against
 * it so an unchanged status is not written again, also after a restart or a change of leader.
 */
public record ObservedStatus(long generation, Map<String, Object> readyCondition, List<Object> loadBalancerIngress,
                             Map<String, Object> status) {

    public ObservedStatus(long generation, Map<String, Object> readyCondition, List<Object> loadBalancerIngress) {
        this(generation, readyCondition, loadBalancerIngress, Map.of());
    }

    @SuppressWarnings("unchecked")
    static ObservedStatus of(Map<String, Object> document) {
        long generation = document.get("metadata") instanceof Map<?, ?> meta && meta.get("generation") instanceof Number n
                ? n.longValue() : 0;
        Map<String, Object> ready = null;
        List<Object> lb = List.of();
        Map<String, Object> whole = Map.of();
        if (document.get("status") instanceof Map<?, ?> status) {
            whole = (Map<String, Object>) status;
            if (status.get("conditions") instanceof List<?> conditions) {
                for (Object c : conditions) {
                    if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
                        ready = (Map<String, Object>) condition;
                    }
                }
            }
            if (status.get("loadBalancer") instanceof Map<?, ?> loadBalancer
                    && loadBalancer.get("ingress") instanceof List<?> ingress) {
                lb = (List<Object>) ingress;
            }
        }
        return new ObservedStatus(generation, ready, lb, whole);
    }
}
