package io.jetway.whoami;

/**
 * Arguments of the {@code whoami} subcommand: {@code --port N --name NAME --host H}, each also as
 * {@code --flag=value}.
 */
record WhoamiOptions(String host, int port, String name) {

    static final String USAGE = "usage: jetway whoami [--port N (default 8080)] [--name NAME] [--host H (default 127.0.0.1)]";

    /** @throws IllegalArgumentException with a one-line reason */
    static WhoamiOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = 8080;
        String name = "";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            if (!flag.equals("--port") && !flag.equals("--name") && !flag.equals("--host")) {
                throw new IllegalArgumentException(arg + ": unknown argument; " + USAGE);
            }
            if (value == null) {
                throw new IllegalArgumentException(flag + ": missing value");
            }
            switch (flag) {
                case "--port" -> port = parsePort(value);
                case "--name" -> name = value;
                default -> host = value;
            }
        }
        return new WhoamiOptions(host, port, name);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("--port: invalid port \"" + text + "\"");
    }
}
