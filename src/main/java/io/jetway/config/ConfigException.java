package io.jetway.config;

/**
 * A static configuration error. The message is one line that starts with the flag at fault, e.g.
 * {@code --entrypoints.web.address: invalid port "abc"}, so it can be printed as is before exiting.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String flag;

    public ConfigException(String flag, String reason) {
        super(flag + ": " + reason);
        this.flag = flag;
    }

    public ConfigException(String flag, String reason, Throwable cause) {
        super(flag + ": " + reason, cause);
        this.flag = flag;
    }

    /** The flag at fault as written (with its leading dashes), or the stray argument. */
    public String flag() {
        return flag;
    }
}
