package io.jetway.middleware.contenttype;

import io.jetway.kube.Node;

/**
 * {@code contentType}'s options.
 *
 * @param autoDetect        detect a missing Content-Type (true unless written false)
 * @param autoDetectWritten whether the manifest wrote the deprecated autoDetect at all (it earns a warning)
 */
public record ContentTypeOptions(boolean autoDetect, boolean autoDetectWritten) {

    /** @throws Node.InvalidFieldException when autoDetect is not a boolean */
    public static ContentTypeOptions from(Node options) {
        Node autoDetect = options.get("autoDetect");
        return new ContentTypeOptions(autoDetect.bool(true), !autoDetect.isMissing());
    }
}
