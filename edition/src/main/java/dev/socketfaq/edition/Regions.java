package dev.socketfaq.edition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The student edition's rule for one source file: each task's reference code (a {@code solution} region) is left
 * out, and its starting point (a {@code start} region of commented-out lines) is put in.
 *
 * <pre>
 *     // tag::solution[] nagle-one-write
 *     connection.channel().write(new ByteBuffer[] {Frames.header(body.length), ByteBuffer.wrap(body)});
 *     // end::solution[]
 *     ...
 *     // tag::start[] nagle-one-write: send the request without waiting for the server's delayed ACK
 *     // connection.channel().write(Frames.header(body.length));
 *     // end::start[]
 * </pre>
 *
 * The start region may sit anywhere in the file (outside the code a page includes): its lines, uncommented and
 * indented like the solution, take the solution's place.
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
        String[] lines = source.split("\n", -1);
        String lab = file.contains("/") ? file.substring(0, file.indexOf('/')) : "<this lab>";
        Map<String, List<String>> starts = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) { // first the starting points, wherever they sit in the file
            Matcher start = START.matcher(lines[i]);
            if (!start.matches()) {
                rest.add(lines[i]);
                continue;
            }
            String task = start.group(2);
            if (!rest.isEmpty() && rest.getLast().isBlank()) rest.removeLast(); // the blank line that set it apart
            List<String> code = new ArrayList<>(List.of(
                    "// Your turn, task " + task + ": " + start.group(3),
                    "// (./lab check, or mvn test -pl " + lab + " -Dgroups=graded)"));
            List<String> body = new ArrayList<>();
            for (i++; i < lines.length && !END_START.matcher(lines[i]).matches(); i++) {
                Matcher commented = COMMENTED.matcher(lines[i]);
                if (!commented.matches()) throw malformed(file, i, "a start region holds only commented-out lines");
                body.add(commented.group(2));
            }
            if (i == lines.length) throw malformed(file, i, "the start region of " + task + " never ends");
            int indent = body.stream()
                    .filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length())
                    .min()
                    .orElse(0);
            body.forEach(l -> code.add(l.isBlank() ? "" : l.substring(indent)));
            if (starts.put(task, code) != null) throw malformed(file, i, "a second start region for " + task);
        }
        List<String> out = new ArrayList<>();
        Set<String> solved = new LinkedHashSet<>();
        for (int i = 0; i < rest.size(); i++) { // then each solution gives way to its starting point
            String line = rest.get(i);
            Matcher solution = SOLUTION.matcher(line);
            if (solution.matches()) {
                String task = solution.group(1);
                if (!starts.containsKey(task) || !solved.add(task)) {
                    throw new IllegalArgumentException(file + ": the solution of " + task
                            + " needs one start region (a second solution, or none to start from)");
                }
                String indent =
                        line.substring(0, line.length() - line.stripLeading().length());
                starts.get(task).forEach(l -> out.add(l.isEmpty() ? "" : indent + l));
                for (i++; i < rest.size() && !END_SOLUTION.matcher(rest.get(i)).matches(); i++) {
                    if (SOLUTION.matcher(rest.get(i)).matches())
                        throw new IllegalArgumentException(
                                file + ": the solution of " + task + " holds another solution");
                    if (OTHER_TAG.matcher(rest.get(i)).find()) out.add(rest.get(i)); // the page's tags stay
                }
                if (i == rest.size())
                    throw new IllegalArgumentException(file + ": the solution of " + task + " never ends");
            } else if (END_START.matcher(line).matches()
                    || END_SOLUTION.matcher(line).matches()) {
                throw new IllegalArgumentException(file + ": an end marker without its start: " + line.strip());
            } else {
                out.add(line);
            }
        }
        if (!solved.equals(starts.keySet())) {
            throw new IllegalArgumentException(file + ": every task needs a start and a solution region, found start "
                    + starts.keySet() + " and solution " + solved);
        }
        return new Result(String.join("\n", out), solved);
    }

    private static IllegalArgumentException malformed(String file, int index, String what) {
        return new IllegalArgumentException(file + ":" + (index + 1) + ": " + what);
    }
}
