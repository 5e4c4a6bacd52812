package dev.socketfaq.edition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The student edition's rule for one source file: each task's reference code (a {@code solution} region) is left
 * out, and its starting point (a {@code start} region of commented-out lines) is put in.
 *
 * <pre>
 *     // tag::start[] nagle-one-write: send the request without waiting for the server's delayed ACK
 *     // connection.channel().write(Frames.header(body.length));
 *     // end::start[]
 *     // tag::solution[] nagle-one-write
 *     connection.channel().write(new ByteBuffer[] {Frames.header(body.length), ByteBuffer.wrap(body)});
 *     // end::solution[]
 * </pre>
 *
 * The markers are Asciidoctor tag directives, which an include never shows: the site's tagged includes of the same
 * file read as before. Other tags' directives inside a solution stay, so the edition's pages still find them.
 */
final class Regions {
    private static final Pattern START = Pattern.compile("^(\\s*)// tag::start\\[\\] ([a-z0-9-]+): (\\S.*)$");
    private static final Pattern SOLUTION = Pattern.compile("^\\s*// tag::solution\\[\\] ([a-z0-9-]+)\\s*$");
    private static final Pattern END_START = Pattern.compile("^\\s*// end::start\\[\\]\\s*$");
    private static final Pattern END_SOLUTION = Pattern.compile("^\\s*// end::solution\\[\\]\\s*$");
    private static final Pattern COMMENTED = Pattern.compile("^(\\s*)// ?(.*)$");
    private static final Pattern OTHER_TAG = Pattern.compile("\\b(?:tag|end)::\\S+?\\[\\]");

    /** A file's starting point and the tasks it holds. */
    record Result(String text, Set<String> tasks) {}

    private Regions() {}

    /** True if {@code source} holds any marker: only such files differ between the editions. */
    static boolean marked(String source) {
        return source.contains("// tag::start[] ") || source.contains("// tag::solution[] ");
    }

    /** The starting point of {@code source}; {@code file} names it in the message of a malformed region. */
    static Result startingPoint(String file, String source) {
        List<String> out = new ArrayList<>();
        Set<String> started = new LinkedHashSet<>();
        Set<String> solved = new LinkedHashSet<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher start = START.matcher(line);
            Matcher solution = SOLUTION.matcher(line);
            if (start.matches()) {
                String task = start.group(2);
                started.add(task);
                out.add(start.group(1) + "// Your turn, task " + task + ": " + start.group(3));
                out.add(start.group(1) + "// (./lab check, or mvn test -pl <this lab> -Dgroups=graded)");
                for (i++; i < lines.length && !END_START.matcher(lines[i]).matches(); i++) {
                    Matcher code = COMMENTED.matcher(lines[i]);
                    if (!code.matches()) throw malformed(file, i, "a start region holds only commented-out lines");
                    out.add(code.group(1) + code.group(2));
                }
                if (i == lines.length) throw malformed(file, i, "start region of " + task + " never ends");
            } else if (solution.matches()) {
                String task = solution.group(1);
                solved.add(task);
                for (i++; i < lines.length && !END_SOLUTION.matcher(lines[i]).matches(); i++) {
                    if (START.matcher(lines[i]).matches()
                            || SOLUTION.matcher(lines[i]).matches()) {
                        throw malformed(file, i, "regions do not nest");
                    }
                    if (OTHER_TAG.matcher(lines[i]).find()) out.add(lines[i]); // the page's tags stay
                }
                if (i == lines.length) throw malformed(file, i, "solution region of " + task + " never ends");
            } else if (END_START.matcher(line).matches()
                    || END_SOLUTION.matcher(line).matches()) {
                throw malformed(file, i, "an end marker without its start");
            } else {
                out.add(line);
            }
        }
        if (!started.equals(solved)) {
            throw new IllegalArgumentException(file + ": every task needs a start and a solution region, found start "
                    + started + " and solution " + solved);
        }
        return new Result(String.join("\n", out), started);
    }

    private static IllegalArgumentException malformed(String file, int index, String what) {
        return new IllegalArgumentException(file + ":" + (index + 1) + ": " + what);
    }
}
