package dev.socketfaq.docs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from evidence, made fit for a page: one way to write numbers (thousands separators), plurals that agree with
 * their count, yes and no, and escaping so that no measured string can become Asciidoc markup.
 */
final class Text {
    /** Count nouns the labs use, in the plural: "1 clients" becomes "1 client". */
    private static final Set<String> COUNT_NOUNS = Set.of(
            "attempts",
            "binds",
            "bytes",
            "calls",
            "claims",
            "clients",
            "collisions",
            "connections",
            "containers",
            "cores",
            "errors",
            "frames",
            "handles",
            "instances",
            "iterations",
            "lines",
            "messages",
            "mutants",
            "ports",
            "processes",
            "reads",
            "records",
            "requests",
            "rounds",
            "rows",
            "runs",
            "samples",
            "segments",
            "sockets",
            "stalls",
            "students",
            "tests",
            "threads",
            "times",
            "wakeups",
            "writes");

    private static final Pattern OPTIONAL_PLURAL = Pattern.compile("(?:(\\d[\\d,]*)\\s+)?([A-Za-z]+)\\(s\\)");
    private static final Pattern ONE_PLURAL = Pattern.compile("(?<![\\d.,])\\b1 ([a-z]+)\\b");
    /** An integer of six digits or more, not part of an address, a version, a time or a name. */
    private static final Pattern BIG_INTEGER = Pattern.compile("(?<![\\w.,:/-])(\\d{6,})(?![\\w.,:/-]|\\.\\d)");
    /** An integer of four or five digits followed by a count noun (ports and years stay as they are). */
    private static final Pattern COUNT = Pattern.compile("(?<![\\w.,:/-])(\\d{4,5}) ([a-z]+)\\b");
    /** "2000 of 2000": a count of a total. */
    private static final Pattern COUNT_OF = Pattern.compile("(?<![\\w.,:/-])(\\d{1,5}) of (\\d{4,5})(?![\\w.,:/-])");

    private Text() {}

    /** A number as the site writes it: thousands separators, 2 or 3 significant decimals below 100. */
    static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (Math.abs(v) >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** "12 times", "1 time", "1 line the stranger read": a value and its unit, the unit agreeing with it. */
    static String quantity(double value, String unit) {
        String u = unit == null ? "" : unit.strip();
        return prose(num(value) + (u.isEmpty() ? "" : " " + u));
    }

    static String singular(String plural) {
        if (plural.equals("processes")) return "process";
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    /**
     * Measured prose made consistent: "line(s)" by its count, "1 clients" singular, thousands separators in large
     * integers and in counts, and a cell that is only yes/no/true/false written "yes" or "no".
     */
    static String prose(String s) {
        if (s == null) return "";
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("yes") || lower.equals("true")) return "yes";
        if (lower.equals("no") || lower.equals("false")) return "no";
        t = replace(OPTIONAL_PLURAL, t, m -> {
            String n = m.group(1);
            boolean one = n != null && n.equals("1");
            return (n != null ? n + " " : "") + m.group(2) + (one ? "" : "s");
        });
        t = replace(ONE_PLURAL, t, m -> COUNT_NOUNS.contains(m.group(1)) ? "1 " + singular(m.group(1)) : m.group());
        t = replace(BIG_INTEGER, t, m -> String.format(Locale.ROOT, "%,d", Long.parseLong(m.group(1))));
        t = replace(
                COUNT,
                t,
                m -> COUNT_NOUNS.contains(m.group(2))
                        ? String.format(Locale.ROOT, "%,d", Long.parseLong(m.group(1))) + " " + m.group(2)
                        : m.group());
        t = replace(
                COUNT_OF,
                t,
                m -> String.format(Locale.ROOT, "%,d", Long.parseLong(m.group(1))) + " of "
                        + String.format(Locale.ROOT, "%,d", Long.parseLong(m.group(2))));
        return t;
    }

    /**
     * Text shown exactly as written, in a paragraph, a title or a table cell: each run of plain text is an inline
     * pass macro that only escapes HTML's special characters ({@code pass:c[...]}, so no {@code *bold*},
     * {@code {attr}}, {@code <<x>>} or macro), and the characters that act before inline substitution (a table
     * cell's {@code |}, a description list's {@code ::} or {@code ;;}, the macro's own {@code ]} and a trailing
     * backslash) are written as Asciidoctor's character attributes. A line never starts with markup: it starts
     * with {@code pass:} or {@code {}.
     */
    static String literal(String s) {
        if (s == null || s.isEmpty()) return "";
        String t = s.replace('\n', ' ').replace('\r', ' ');
        var out = new StringBuilder();
        var run = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            String special = null;
            int skip = 0;
            if (c == '|') special = "{vbar}";
            else if (c == ']') special = "{endsb}";
            else if (c == '\\') special = "{backslash}";
            else if (c == ':' && i + 1 < t.length() && t.charAt(i + 1) == ':') {
                special = "{two-colons}";
                skip = 1;
            } else if (c == ';' && i + 1 < t.length() && t.charAt(i + 1) == ';') {
                special = "{two-semicolons}";
                skip = 1;
            }
            if (special == null) {
                run.append(c);
                continue;
            }
            flush(out, run);
            out.append(special);
            i += skip;
        }
        flush(out, run);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder run) {
        if (run.isEmpty()) return;
        out.append("pass:c[").append(run).append(']');
        run.setLength(0);
    }

    /** Prose made consistent, then shown literally. */
    static String measured(String s) {
        return literal(prose(s));
    }

    /** Plain text for an attribute value that is not substituted (an image's alt text): no markup characters. */
    static String plain(String s) {
        return s == null
                ? ""
                : s.replaceAll("[\\[\\]{}\"|<>\\\\\\n\\r]", " ")
                        .replaceAll("\\s+", " ")
                        .strip();
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        var b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
        m.appendTail(b);
        return b.toString();
    }
}
