package io.jetway.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector as written in a flag ({@code app=web,tier!=db,env in (a,b),!legacy}):
 * every requirement must hold. Bad syntax throws IllegalArgumentException naming the requirement.
 */
public final class LabelSelector {

    public static final LabelSelector ALL = new LabelSelector(List.of());

    private static final Pattern SET = Pattern.compile("([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^()]*)\\)");
    private static final Pattern COMPARE = Pattern.compile("([^\\s!=(),]+)\\s*(==|=|!=)\\s*([^\\s!=(),]*)");
    private static final Pattern EXISTS = Pattern.compile("(!?)\\s*([^\\s!=(),]+)");

    private record Requirement(String key, String operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case "exists" -> value != null;
                case "!exists" -> value == null;
                case "in" -> value != null && values.contains(value);
                default -> value == null || !values.contains(value); // notin and !=
            };
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return ALL;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : split(selector)) {
            String text = part.strip();
            Matcher m;
            if ((m = SET.matcher(text)).matches()) {
                List<String> values = new ArrayList<>();
                for (String v : m.group(3).split(",")) {
                    values.add(v.strip());
                }
                requirements.add(new Requirement(m.group(1), m.group(2), Set.copyOf(values)));
            } else if ((m = COMPARE.matcher(text)).matches()) {
                requirements.add(new Requirement(m.group(1), m.group(2).equals("!=") ? "notin" : "in", Set.of(m.group(3))));
            } else if ((m = EXISTS.matcher(text)).matches()) {
                requirements.add(new Requirement(m.group(2), m.group(1).isEmpty() ? "exists" : "!exists", Set.of()));
            } else {
                throw new IllegalArgumentException("invalid label selector requirement \"" + text + "\"");
            }
        }
        return new LabelSelector(requirements);
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** Splits on the commas between requirements, not those inside {@code in (a,b)}. */
    private static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }
}
