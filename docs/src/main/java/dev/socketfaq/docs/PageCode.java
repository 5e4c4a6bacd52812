package dev.socketfaq.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule "code appears on the site only through tagged includes of compiled files", read the way Asciidoctor reads
 * a page. Every block that Asciidoctor renders pre-formatted is found, whatever it is dressed as:
 * <ul>
 *   <li>delimited listing and literal blocks, {@code ----} and {@code ....} of any length of four or more (closed by
 *       the same line), with or without an attribute line ({@code [source,java]}, {@code [,java]}, {@code [listing]},
 *       {@code [source%linenums,text]}), also when a block title or anchor stands between the two;</li>
 *   <li>Markdown fences ({@code ```java});</li>
 *   <li>open blocks ({@code --}) and paragraphs styled {@code source}, {@code listing}, {@code literal} or
 *       {@code verse}, a paragraph after {@code [,java]}, and literal paragraphs (a paragraph whose first line is
 *       indented);</li>
 *   <li>table cells in the literal style ({@code l|}, {@code cols="1,2l"}); passthrough blocks ({@code ++++},
 *       {@code [pass]}), which would put raw HTML such as {@code <pre>} on the page.</li>
 * </ul>
 * Such a block may hold only blank lines, preprocessor conditionals and includes of code. An include of code names a
 * {@code .java} file under {@code src/main/java} or {@code src/test/java} of a module of the build (the root
 * {@code pom.xml}'s {@code <module>}s), through {@code {root}}, without {@code ..}; it selects named tags
 * ({@code tag=} or {@code tags=}, no wildcards, no negations, no {@code lines=}) that the file has. Outside blocks, a
 * page may include only evidence ({@code {evidence}/...}) and partials next to it ({@code _name.adoc}).
 * <p>Two kinds of block are not code of the labs and are exempt:
 * <ul>
 *   <li>diagrams: a block whose style is a diagram this build renders ({@link #DIAGRAMS}); its text is the diagram's
 *       source and becomes a picture;</li>
 *   <li>commands for the reader: a block in the language {@code shell}, {@code sh}, {@code bash} or {@code console}, as
 *       long as every line reads as a command line (see {@link #commandProblem}): a {@code [source,shell]} block
 *       holding Java is pasted code like any other. {@code text} is not exempt: a program's output comes from the
 *       build's evidence.</li>
 * </ul>
 * Not read: inline monospace ({@code `code`}) within a sentence, what attributes expand to, and indented (literal)
 * paragraphs inside table cells (cells in the literal style are caught).
 * <p>Over 250 lines on purpose: it must recognise every form Asciidoctor renders pre-formatted, or pasted code slips
 * through; it is site tooling, not a lesson.
 */
final class PageCode {
    /** Diagram block styles rendered by this build (asciidoctorj-diagram with its PlantUML jar, docs/pom.xml). */
    static final Set<String> DIAGRAMS = Set.of("plantuml");
    /** Languages of command blocks: what the reader types into a terminal. */
    static final Set<String> COMMANDS = Set.of("shell", "sh", "bash", "console");
    /** Block styles that render their content pre-formatted. */
    private static final Set<String> PREFORMATTED = Set.of("source", "listing", "literal", "verse");

    private static final Pattern LISTING = Pattern.compile("-{4,}");
    private static final Pattern LITERAL = Pattern.compile("\\.{4,}");
    private static final Pattern PASS = Pattern.compile("\\+{4,}");
    private static final Pattern COMMENT_BLOCK = Pattern.compile("/{4,}");
    private static final Pattern FENCE = Pattern.compile("```\\s*([\\w+-]*)\\s*(,.*)?");
    private static final Pattern COMPOUND = Pattern.compile("={4,}|\\*{4,}|_{4,}");
    private static final Pattern TABLE = Pattern.compile("[|,:!]={3,}");
    private static final Pattern ATTRIBUTE_LIST = Pattern.compile("\\[(?!\\[)(.*)]");
    private static final Pattern ANCHOR = Pattern.compile("\\[\\[.*]]");
    private static final Pattern TITLE = Pattern.compile("\\.[^.\\s].*");
    private static final Pattern PREPROCESSOR = Pattern.compile("(ifdef|ifndef|ifeval|endif)::.*\\[.*]");
    private static final Pattern HEADING = Pattern.compile("={1,6}\\s+\\S.*");
    private static final Pattern LIST_ITEM =
            Pattern.compile("\\s*([*.]+|-|\\d+\\.|[a-zA-Z]\\.|<\\d+>)\\s+\\S.*|.*\\S(::|;;)(\\s.*)?");
    private static final Pattern LITERAL_CELL =
            Pattern.compile("(^|\\s)(\\d+\\*)?(\\d+(\\.\\d+)?\\+)?[<^>]?(\\.[<^>])?l\\|");
    private static final Pattern COLS = Pattern.compile("cols=\"([^\"]*)\"");
    private static final Pattern LITERAL_COLUMN = Pattern.compile("(\\d+\\*)?[<^>]?(\\.[<^>])?(\\d+%?|~)?l");

    private static final Pattern INCLUDE = Pattern.compile("include::([^\\[]*)\\[(.*)]");
    private static final Pattern CODE_TARGET =
            Pattern.compile("\\{root}/((?:[\\w.-]+/)+?)src/(?:main|test)/java/([\\w./-]+\\.java)");
    private static final Pattern EVIDENCE_TARGET = Pattern.compile("\\{evidence}/[\\w.-]+(/[\\w.-]+)?\\.adoc");
    private static final Pattern PARTIAL_TARGET = Pattern.compile("_[\\w.-]+\\.adoc");
    private static final Pattern TAG_NAME = Pattern.compile("[\\w-]+");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private final Path root;
    private final String rel;
    private final List<String> lines;
    private final Set<String> modules;
    private final List<String> problems = new ArrayList<>();

    private PageCode(Path root, String rel, List<String> lines) throws IOException {
        this.root = root;
        this.rel = rel;
        this.lines = lines.stream().map(String::stripTrailing).toList(); // Asciidoctor's reader drops trailing blanks
        this.modules = modules(root);
    }

    /** The page's code problems, one line each, {@code rel:line: what}. */
    static List<String> problems(Path root, String rel, List<String> lines) throws IOException {
        var page = new PageCode(root, rel, lines);
        page.read();
        return page.problems;
    }

    /** The modules of the build: the {@code <module>}s of the root pom (none without one: then nothing counts as compiled). */
    static Set<String> modules(Path root) throws IOException {
        Path pom = root.resolve("pom.xml");
        var modules = new LinkedHashSet<String>();
        if (!Files.isRegularFile(pom)) return modules;
        Matcher m = MODULE.matcher(Files.readString(pom).replaceAll("(?s)<!--.*?-->", ""));
        while (m.find()) modules.add(m.group(1).replaceAll("/+$", ""));
        return modules;
    }

    /** The block attributes seen since the last block: the attribute lines' styles and the language. */
    private static final class Attributes {
        final List<String> styles = new ArrayList<>();
        String language;
        int firstLine = -1;

        void add(String attributeList, int line) {
            if (firstLine < 0) firstLine = line;
            List<String> positional = new ArrayList<>();
            for (String a : attributeList.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
                String v = a.strip();
                if (v.matches("[\\w-]+\\s*=.*")) {
                    if (v.startsWith("language"))
                        language = unquote(v.substring(v.indexOf('=') + 1)).toLowerCase(java.util.Locale.ROOT);
                    continue; // a named attribute
                }
                positional.add(v);
            }
            String style = positional.isEmpty()
                    ? ""
                    : positional.getFirst().split("[#.%]", 2)[0].strip();
            if (!style.isEmpty()) styles.add(style.toLowerCase(java.util.Locale.ROOT));
            if (positional.size() > 1 && (style.isEmpty() || style.equals("source"))) {
                language = unquote(positional.get(1)).toLowerCase(java.util.Locale.ROOT);
                if (style.isEmpty()) styles.add("source"); // [,java]: a source block
            }
        }

        /** The style the block gets: the last one given (a later attribute line overrides an earlier one). */
        String style() {
            return styles.isEmpty() ? "" : styles.getLast();
        }

        /** A diagram only if every style given is one: no [source,java] hiding behind a [plantuml] line. */
        boolean diagram() {
            return !styles.isEmpty() && DIAGRAMS.containsAll(styles);
        }

        boolean isEmpty() {
            return firstLine < 0;
        }
    }

    private void read() throws IOException {
        var attributes = new Attributes();
        boolean paragraphStart =
                true; // the next line would begin a paragraph (start, after a blank line, a heading ...)
        String table = null; // the delimiter of the table the line is in (|=== or, nested, !===), or null
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m;
            if (line.isEmpty()) {
                paragraphStart =
                        true; // attributes still apply: Asciidoctor skips blank lines between them and their block
                continue;
            }
            if (line.startsWith("//") && !COMMENT_BLOCK.matcher(line).matches()) continue; // a line comment
            if (PREPROCESSOR.matcher(line).matches()) continue;
            if (COMMENT_BLOCK.matcher(line).matches()) {
                i = closing(i, line); // a comment block renders nothing
                continue;
            }
            if ((m = ATTRIBUTE_LIST.matcher(line)).matches()
                    && !ANCHOR.matcher(line).matches()) {
                // an attribute line ends a paragraph and applies to the next block (Asciidoctor:
                // block_terminates_paragraph)
                attributes.add(m.group(1), i);
                checkCols(line, i);
                paragraphStart = true;
                continue;
            }
            if (paragraphStart
                    && (ANCHOR.matcher(line).matches()
                            || TITLE.matcher(line).matches()
                            || line.matches(":[\\w-]+!?:.*"))) continue;

            String style = attributes.style();
            if (LISTING.matcher(line).matches() || LITERAL.matcher(line).matches()) {
                int end = closing(i, line);
                block(i, end, attributes, "");
                i = end;
            } else if ((m = FENCE.matcher(line)).matches()) {
                int end = closingFence(i);
                block(i, end, attributes, m.group(1).toLowerCase(java.util.Locale.ROOT));
                i = end;
            } else if (PASS.matcher(line).matches()) {
                int end = closing(i, line);
                problems.add(
                        at(i)
                                + "passthrough block (raw HTML on the page): show code through a tagged include of a compiled file");
                i = end;
            } else if (line.equals("--")
                    && (PREFORMATTED.contains(style) || style.equals("pass") || attributes.diagram())) {
                int end = closing(i, line);
                if (style.equals("pass"))
                    problems.add(
                            at(i)
                                    + "passthrough block (raw HTML on the page): show code through a tagged include of a compiled file");
                else block(i, end, attributes, "");
                i = end;
            } else if (COMPOUND.matcher(line).matches() || line.equals("--")) {
                if (style.equals("verse")) {
                    int end = closing(i, line);
                    block(i, end, attributes, "");
                    i = end;
                } // otherwise an example, sidebar, quote or open block: its content is read line by line like the
                // page's
            } else if (TABLE.matcher(line).matches()) {
                if (table == null) table = line;
                else if (table.equals(line))
                    table = null; // a nested table's delimiter (!===) neither opens nor closes this one
            } else if (paragraphStart
                    && !attributes.isEmpty()
                    && (PREFORMATTED.contains(style) || style.equals("pass"))) {
                int end = paragraphEnd(i);
                if (style.equals("pass"))
                    problems.add(
                            at(i)
                                    + "passthrough paragraph (raw HTML on the page): show code through a tagged include of a compiled file");
                else block(i - 1, end, attributes, "");
                i = end - 1;
            } else if (paragraphStart
                    && table == null
                    && Character.isWhitespace(line.charAt(0))
                    && !LIST_ITEM.matcher(line).matches()) {
                int end = paragraphEnd(i);
                problems.add(at(i) + "literal paragraph (an indented line starts a paragraph, rendered pre-formatted): "
                        + "indent no text; show code through a tagged include of a compiled file");
                i = end - 1;
            } else {
                if (table != null && LITERAL_CELL.matcher(line).find()) {
                    problems.add(
                            at(i)
                                    + "table cell in the literal style (l|, rendered pre-formatted): show code through a tagged include of a compiled file");
                }
                if (line.startsWith("include::")) include(i, line, false);
            }
            attributes = new Attributes();
            paragraphStart = HEADING.matcher(line).matches()
                    || COMPOUND.matcher(line).matches()
                    || TABLE.matcher(line).matches()
                    || line.equals("--")
                    || line.equals("+")
                    || LISTING.matcher(line).matches()
                    || LITERAL.matcher(line).matches()
                    || line.startsWith("```")
                    || PASS.matcher(line).matches()
                    || line.startsWith("include::");
        }
    }

    /** The line that closes the block opened at {@code open} (the same delimiter), or past the end if none does. */
    private int closing(int open, String delimiter) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).equals(delimiter)) return j;
        }
        return lines.size();
    }

    private int closingFence(int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).equals("```")) return j;
        }
        return lines.size();
    }

    /** The first blank line (or delimiter, or end) after the paragraph that starts at {@code start}. */
    private int paragraphEnd(int start) {
        int j = start;
        while (j < lines.size()
                && !lines.get(j).isEmpty()
                && !(j > start
                        && (LISTING.matcher(lines.get(j)).matches()
                                || LITERAL.matcher(lines.get(j)).matches()))) j++;
        return j;
    }

    /** Checks the content of a pre-formatted block: lines {@code open+1 .. end-1}. */
    private void block(int open, int end, Attributes attributes, String fenceLanguage) throws IOException {
        if (attributes.diagram()) return;
        String language =
                !fenceLanguage.isEmpty() ? fenceLanguage : attributes.language == null ? "" : attributes.language;
        boolean commands =
                COMMANDS.contains(language) && (attributes.style().equals("source") || !fenceLanguage.isEmpty());
        String kind = describe(attributes, language, fenceLanguage);
        for (int j = open + 1; j < end && j < lines.size(); j++) {
            String line = lines.get(j);
            if (line.isBlank() || PREPROCESSOR.matcher(line).matches()) continue;
            if (line.startsWith("include::")) {
                include(j, line, true);
                continue;
            }
            if (commands) {
                String why = commandProblem(line, language.equals("console"));
                if (why == null) continue;
                problems.add(at(j) + "not a command line in a " + kind + " (" + why + "): pasted code; "
                        + "include a tagged region of a compiled file instead");
            } else {
                problems.add(
                        at(j) + "pasted code in a " + kind + ": include a tagged region of a compiled file instead");
            }
            return; // one problem per block: the first line that breaks the rule
        }
    }

    private static String describe(Attributes attributes, String language, String fenceLanguage) {
        if (!fenceLanguage.isEmpty()) return "```" + fenceLanguage + " block";
        String style = attributes.style();
        if (style.isEmpty()) return "listing block";
        return style + (language.isEmpty() ? "" : "," + language) + " block";
    }

    /**
     * Checks an include: inside a pre-formatted block ({@code inBlock}) only a tagged region of a compiled source;
     * outside, evidence, a partial, or (wrongly placed) code.
     */
    private void include(int i, String line, boolean inBlock) throws IOException {
        Matcher m = INCLUDE.matcher(line);
        if (!m.matches()) {
            problems.add(at(i) + "include that Asciidoctor cannot read: " + line);
            return;
        }
        String target = m.group(1);
        Matcher code = CODE_TARGET.matcher(target);
        if (!code.matches()) {
            if (inBlock) {
                problems.add(at(i) + "include of " + target
                        + ": code comes only from a module's src/main/java or src/test/java, "
                        + "through {root}/<module>/src/(main|test)/java/...java");
            } else if (!EVIDENCE_TARGET.matcher(target).matches()
                    && !PARTIAL_TARGET.matcher(target).matches()) {
                problems.add(
                        at(i) + "include of " + target + ": a page includes only evidence ({evidence}/...), partials "
                                + "next to it (_name.adoc) and, in a source block, tagged regions of compiled sources ({root}/...java)");
            }
            return;
        }
        String path = target.substring("{root}/".length());
        String module = code.group(1).replaceAll("/$", "");
        if (List.of(path.split("/")).contains("..") || List.of(path.split("/")).contains(".")) {
            problems.add(at(i) + "include of " + path + ": name the file without . or .. segments");
            return;
        }
        if (!modules.contains(module)) {
            problems.add(at(i) + "include of " + path + ": " + module
                    + " is not a module of the build (root pom.xml), so nothing compiles it");
            return;
        }
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            problems.add(at(i) + "include of " + path + ": no such file");
            return;
        }
        if (!inBlock) {
            problems.add(
                    at(i) + "include of " + path + " outside a source block: put it in a [source,java] ---- block");
            return;
        }
        List<String> tags = new ArrayList<>();
        boolean lines = false;
        for (String a : m.group(2).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String[] kv = a.strip().split("=", 2);
            if (kv[0].equals("lines")) lines = true;
            if ((kv[0].equals("tag") || kv[0].equals("tags")) && kv.length == 2) {
                for (String t : unquote(kv[1]).split("[;,]")) tags.add(t.strip());
            }
        }
        if (tags.isEmpty() || lines) {
            problems.add(at(i) + "include of " + path + " without tag=: quote a tagged region, not a whole file"
                    + (lines ? " (lines= selects by line number, which moves when the file changes)" : ""));
            return;
        }
        String source = Files.readString(file);
        for (String tag : tags) {
            if (!TAG_NAME.matcher(tag).matches()) {
                problems.add(at(i) + "include of " + path + " with tag selector '" + tag
                        + "': name the tags to quote (no wildcards or negations)");
            } else if (!source.contains("tag::" + tag + "[]") || !source.contains("end::" + tag + "[]")) {
                problems.add(at(i) + "include of " + path + ": the file has no region tagged '" + tag + "' (tag::" + tag
                        + "[] ... end::" + tag + "[])");
            }
        }
    }

    private void checkCols(String line, int i) {
        Matcher c = COLS.matcher(line);
        if (!c.find()) return;
        for (String spec : c.group(1).split("[,;]")) {
            if (LITERAL_COLUMN.matcher(spec.strip()).matches()) {
                problems.add(at(i) + "table column in the literal style (" + spec.strip()
                        + ", rendered pre-formatted): show code through a tagged include of a compiled file");
                return;
            }
        }
    }

    private String at(int line) {
        return rel + ":" + (line + 1) + ": ";
    }

    private static String unquote(String s) {
        s = s.strip();
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1)
                : s;
    }

    // --- command lines -------------------------------------------------------------------------------------------

    /** A command: optional VAR=value words, then a program (a word or a path: ./lab, mvn, /usr/bin/x, ~/bin/y) or an option. */
    private static final Pattern COMMAND = Pattern.compile(
            "(?:[A-Za-z_]\\w*=\\S*\\s+)*(?:\\.{1,2}/|~/|/|\\$\\{?\\w+}?/?)?[\\w.@%+-]+(?:/[\\w.@%+-]+)*(?:\\s.*)?");

    private static final Pattern JAVA_TYPE = Pattern.compile("\\b(class|interface|record|enum)\\s+[A-Z]\\w*");
    private static final Pattern JAVA_IMPORT = Pattern.compile("(import|package)\\s+(static\\s+)?[\\w.]+\\*?");
    private static final Pattern JAVA_KEYWORD = Pattern.compile(
            "(public|private|protected|static|final|abstract|synchronized|return|throw|try|catch|void|var|new)\\b.*"
                    + "|(if|for|while|switch|catch|synchronized)\\s*\\(.*");
    private static final Pattern JAVA_DECLARATION = Pattern.compile(
            "([A-Z]\\w*(<[^>]*>)?(\\[])*|int|long|short|byte|char|boolean|double|float)\\s+[a-z]\\w*\\s*=(?!=).*");
    private static final Pattern JAVA_CALL = Pattern.compile("\\w\\.\\w+\\s*\\(|\\bnew\\s+[A-Z]\\w*\\s*[(<\\[]|->");

    /**
     * Null if {@code line} reads as a command line for a terminal (or, in a console block, as a command after a
     * {@code $ } prompt or its output); otherwise what makes it look like Java. A command line: a {@code # comment}
     * may follow; before it, no {@code ;} (Java statements end in one; chain commands with {@code &&}), no braces
     * (but {@code ${VAR}}), no type declaration, import, annotation, Java keyword at the start, declaration, member
     * call ({@code a.b(}), constructor call or lambda, no {@code //} comment; and (not for console output) it starts
     * with a program or an option. The comment may say anything but hold braces.
     */
    static String commandProblem(String line, boolean console) {
        String command = withoutComment(line).strip();
        String comment = line.strip().substring(command.length()).strip();
        boolean output = false;
        if (console) {
            if (command.startsWith("$ ")) command = command.substring(2).strip();
            else output = true; // what the command printed
        }
        if (braces(comment)) return "braces in its comment";
        if (command.isEmpty()) return null;
        if (command.startsWith("//") || command.startsWith("/*") || command.startsWith("*")) return "a Java comment";
        if (command.contains(";")) return "a ';': Java statements end in one; chain commands with &&";
        if (braces(command)) return "braces";
        if (command.startsWith("@")) return "an annotation";
        if (JAVA_IMPORT.matcher(command).matches()) return "an import or package declaration";
        if (JAVA_TYPE.matcher(command).find()) return "a type declaration";
        if (JAVA_KEYWORD.matcher(command).matches())
            return "starts with the Java keyword '" + command.split("[^\\w]", 2)[0] + "'";
        if (JAVA_DECLARATION.matcher(command).matches()) return "a variable declaration";
        if (JAVA_CALL.matcher(command).find()) return "a method or constructor call, or a lambda";
        if (!output && !COMMAND.matcher(command).matches()) return "it does not start with a program or an option";
        return null;
    }

    /** Braces other than a shell's ${VAR}. */
    private static boolean braces(String s) {
        String t = s.replaceAll("\\$\\{[\\w#%:?+=/.-]*}", "");
        return t.contains("{") || t.contains("}");
    }

    /** The line up to a shell comment: a # at the start or after white space, outside quotes. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                k++;
            } else if (c == '#' && (k == 0 || Character.isWhitespace(line.charAt(k - 1)))) {
                return line.substring(0, k);
            }
        }
        return line;
    }
}
