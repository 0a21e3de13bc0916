package io.jetway.middleware.inflightreq;

import io.jetway.kube.Node;
import io.jetway.middleware.SourceCriterion;

/**
 * inFlightReq's options: at most {@code amount} requests in flight at once per
 * {@code sourceCriterion} (the remote address by default). Traefik requires a positive amount.
 */
public record InFlightReqOptions(int amount, SourceCriterion sourceCriterion) {

    /**
     * @param options what the manifest says under {@code inFlightReq}
     * @throws Node.InvalidFieldException naming a bad field
     */
    public static InFlightReqOptions from(Node options) {
        Node amountNode = options.get("amount");
        int amount = amountNode.integer(0);
        if (amount <= 0) {
            throw new Node.InvalidFieldException(amountNode.path(), "must be a positive number of requests");
        }
        return new InFlightReqOptions(amount, SourceCriterion.parse(options.get("sourceCriterion")));
    }
}
