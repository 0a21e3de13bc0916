package io.jetway.config;

import java.nio.file.Path;

/**
 * The file provider: manifests read from a directory or one file.
 *
 * @param directory directory of manifests, may be null
 * @param filename  one manifest file, may be null (at least one of the two is set)
 * @param watch     reload when the files change
 */
public record FileProviderConfig(Path directory, Path filename, boolean watch) {
}
