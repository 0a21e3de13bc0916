package io.jetway.translate.gateway;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.GatewayApiStatus;
import io.jetway.dynamic.GatewayCondition;
import io.jetway.kube.ObjectRef;

import java.util.List;
import java.util.Map;

/** What the Gateway API objects become: the dynamic configuration, which carries the status each handled object would get. */
public record GatewayTranslation(DynamicConfig config) {

    public GatewayApiStatus status() {
        return config.gatewayStatus();
    }

    public Map<ObjectRef, List<GatewayCondition>> classes() {
        return status().classes();
    }

    public Map<ObjectRef, GatewayApiStatus.GatewayStatus> gateways() {
        return status().gateways();
    }

    public Map<ObjectRef, List<GatewayApiStatus.RouteParentStatus>> routes() {
        return status().routes();
    }
}
