package io.jetway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Traefik-style arguments ({@code --entrypoints.web.address=:8000}) and an optional
 * configuration file into a {@link StaticConfig}. Flag names are case-insensitive; values from
 * {@code --configfile} apply first and flags override them. {@code --help} is left to the caller.
 */
public final class StaticConfigParser {

    private StaticConfigParser() {
    }

    /** A flag from the command line, matched against the table but not yet applied. */
    private record CommandLineSetting(String flag, StaticFlags.Match match, String value) {
    }

    public static StaticConfig parse(String[] args) throws ConfigException {
        List<CommandLineSetting> settings = tokenize(args);
        ConfigDraft draft = new ConfigDraft();
        CommandLineSetting configFile = null;
        for (CommandLineSetting setting : settings) {
            if (setting.match().spec().pattern().equals(StaticFlags.CONFIG_FILE)) {
                configFile = setting;
            }
        }
        if (configFile != null) {
            apply(draft, configFile);
            applyFile(draft, configFile.flag());
        }
        for (CommandLineSetting setting : settings) {
            apply(draft, setting);
        }
        return draft.build();
    }

    private static List<CommandLineSetting> tokenize(String[] args) throws ConfigException {
        List<CommandLineSetting> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!isFlag(arg)) {
                throw new ConfigException(arg, "unexpected argument (flags start with --)");
            }
            String body = arg.substring(arg.startsWith("--") ? 2 : 1);
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            String value = equals < 0 ? null : body.substring(equals + 1);
            String flag = "--" + name;
            StaticFlags.Match match = StaticFlags.find(name);
            if (match == null) {
                throw new ConfigException(flag, notRead(name, "flag", "--"));
            }
            boolean hasNext = i + 1 < args.length;
            if (value == null && match.spec().kind() == FlagSpec.Kind.BOOLEAN) {
                // `--flag false` reads as a value; `--flag other` leaves `other` to fail as a stray argument.
                value = hasNext && Values.isBoolean(args[i + 1]) ? args[++i] : "true";
            } else if (value == null && hasNext && !isFlag(args[i + 1])) {
                value = args[++i];
            }
            if (value == null || value.isEmpty()) {
                throw new ConfigException(flag, "missing value");
            }
            settings.add(new CommandLineSetting(flag, match, value));
        }
        return settings;
    }

    /**
     * Why a name Jetway does not read is refused: one of Traefik's options is "not supported by
     * Jetway"; anything else is unknown, with the nearest of Jetway's names when one is close.
     */
    static String notRead(String dottedName, String what, String prefix) {
        if (TraefikStaticOptions.isTraefikOption(dottedName)) {
            return "not supported by Jetway";
        }
        String nearest = TraefikStaticOptions.nearestFlag(dottedName);
        return "unknown " + what + (nearest == null ? "" : " (did you mean " + prefix + nearest + "?)");
    }

    private static boolean isFlag(String arg) {
        return arg.length() > 1 && arg.startsWith("-") && !arg.equals("--");
    }

    private static void apply(ConfigDraft draft, CommandLineSetting setting) throws ConfigException {
        try {
            setting.match().spec().setting().apply(draft, new FlagSpec.Origin(setting.flag(), setting.match().name(),
                    setting.match().index()),
                    setting.value());
        } catch (IllegalArgumentException invalid) {
            throw new ConfigException(setting.flag(), invalid.getMessage(), invalid);
        }
    }

    /**
     * Applies the file's settings. Every setting that cannot be applied (one Jetway does not read,
     * a typo, a bad value) is reported at once, each with its line, rather than one per start.
     */
    private static void applyFile(ConfigDraft draft, String configFlag) throws ConfigException {
        List<String> problems = new ArrayList<>();
        for (ConfigFileReader.Setting setting : ConfigFileReader.read(draft.configFile)) {
            String where = (setting.line() > 0 ? "line " + setting.line() + ": " : "") + setting.path() + ": ";
            StaticFlags.Match match = StaticFlags.find(setting.path());
            if (match == null && setting.value() == null && StaticFlags.isSection(setting.path())) {
                continue; // an empty section, such as `encodedCharacters: {}`: its defaults
            }
            if (match == null || !match.spec().inFile()) {
                problems.add(where + notRead(setting.path(), "setting", ""));
                continue;
            }
            String value = setting.value();
            if (value == null && match.spec().kind() == FlagSpec.Kind.BOOLEAN) {
                value = "true";
            }
            if (value == null || value.isEmpty()) {
                problems.add(where + "missing value");
                continue;
            }
            try {
                match.spec().setting().apply(draft, new FlagSpec.Origin(configFlag, match.name(), match.index()), value);
            } catch (IllegalArgumentException invalid) {
                problems.add(where + invalid.getMessage());
            }
        }
        if (problems.size() == 1) {
            throw new ConfigException(configFlag, draft.configFile + ": " + problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(configFlag, problems.size() + " settings of " + draft.configFile + " cannot be used:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Every flag with its default and a one-line description, in aligned columns. */
    public static String helpText() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FLAG", "DEFAULT", "DESCRIPTION"});
        for (FlagSpec spec : StaticFlags.ALL) {
            rows.add(new String[] {spec.usage(), spec.defaultText() == null ? "-" : spec.defaultText(), spec.description()});
        }
        int flagWidth = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        int defaultWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
        StringBuilder help = new StringBuilder()
                .append("Usage: jetway [--flag=value | --flag value]...\n")
                .append("Flag names are case-insensitive (Traefik's names). Settings from --configfile apply first;\n")
                .append("flags override them. Booleans given without a value mean true.\n")
                .append("Also: jetway check DIR [--cluster] [--strict] [flags] | jetway explain [flags] [--entrypoint=NAME]\n")
                .append("      [--method=M] [--header=K:V] URL | jetway whoami [--port N] [--name NAME]\n\n");
        for (String[] row : rows) {
            help.append("  ")
                    .append(pad(row[0], flagWidth)).append("  ")
                    .append(pad(row[1], defaultWidth)).append("  ")
                    .append(row[2]).append('\n');
        }
        return help.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
