package io.jetway.dynamic;

/**
 * One status condition as the Gateway API writes it.
 *
 * @param status "True" or "False"
 */
public record GatewayCondition(String type, String status, String reason, String message) {

    public static GatewayCondition isTrue(String type, String reason, String message) {
        return new GatewayCondition(type, "True", reason, message);
    }

    public static GatewayCondition isFalse(String type, String reason, String message) {
        return new GatewayCondition(type, "False", reason, message);
    }

    public boolean holds() {
        return status.equals("True");
    }
}
