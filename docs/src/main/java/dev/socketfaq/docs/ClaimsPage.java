package dev.socketfaq.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes the site's Claims page ({@code claims.adoc}): every claim of the FAQ ({@code testkit}'s {@code FaqClaim}), by
 * FAQ section, with the tests that prove it ({@code @Proves}, listed per lab by testkit's ProofLedger in
 * {@code lab-x/target/claims-proofs.json}), each test's result in this build (the Surefire and Failsafe XML reports)
 * and the mutation score of its lab ({@code lab-x/target/evidence/mutation-score.json}). Each claim's row has the
 * anchor {@code claim-<id>}, which the lab pages link.
 * <p>A claim without a passing proving test is a problem, and fails the docs build, unless the build allows unproven
 * claims: except a container test skipped here (no Docker), which the page shows as not measured, with the reason.
 * Reports older than the build's start are an earlier build's, and prove nothing.
 * <p>Usage: {@code ClaimsPage <repo root> <claims.adoc to write> <testkit classes dir> <allowUnprovenClaims>
 * [<build start, ISO-8601>]}
 * <p>Over 250 lines on purpose: it joins three sources (claims, proving tests, reports) into one page and must escape
 * every measured string; it is site tooling, not a lesson.
 */
public final class ClaimsPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A claim of the FAQ: its number, FAQ section and sentence. */
    record Claim(int id, String section, String text) {}

    /** A test that proves claims; {@code container}: it needs Docker. */
    record Proof(String lab, String testClass, String method, Set<Integer> claims, boolean container) {}

    enum Status {
        PASSED,
        FAILED,
        SKIPPED,
        NOT_RUN
    }

    /** A test's result in this build; {@code message}: why it failed or was skipped. */
    record Result(Status status, String message) {}

    /** What one lab gave this build: its proofs, their results by {@code class#method}, its mutation score (or null). */
    record Lab(String name, List<Proof> proofs, Map<String, Result> results, JsonNode mutation) {}

    /** The page and the problems that fail the build (when unproven claims are not allowed). */
    record Page(String adoc, List<String> problems) {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toRealPath();
        Path out = Path.of(args[1]);
        List<Claim> claims = claims(Path.of(args[2]));
        boolean allowUnproven = Boolean.parseBoolean(args[3]);
        Instant buildStart = args.length > 4 ? Instant.parse(args[4]) : Instant.EPOCH;
        Page page = page(claims, labs(root, buildStart));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, page.adoc());
        if (!page.problems().isEmpty()) {
            page.problems().forEach(p -> System.err.println("[claims] " + (allowUnproven ? "WARNING " : "") + p));
            if (!allowUnproven) {
                System.err.println("[claims] " + page.problems().size() + " claim(s) without a passing proving test:"
                        + " mark the test that proves each with @Proves (see CONTRIBUTING), or build with"
                        + " -Ddocs.allowUnprovenClaims=true while work is in progress.");
                System.exit(1);
            }
        }
        System.out.println("[claims] " + out + ": " + claims.size() + " claims");
    }

    /** The claims, read from testkit's compiled FaqClaim (the docs module does not put testkit on its class path). */
    static List<Claim> claims(Path testkitClasses) throws IOException {
        try (var loader = new URLClassLoader(new URL[] {testkitClasses.toUri().toURL()}, null)) {
            Class<?> type = Class.forName("dev.socketfaq.testkit.FaqClaim", true, loader);
            Method id = type.getMethod("id"), section = type.getMethod("section"), text = type.getMethod("text");
            var claims = new ArrayList<Claim>();
            for (Object c : type.getEnumConstants()) {
                claims.add(new Claim((Integer) id.invoke(c), (String) section.invoke(c), (String) text.invoke(c)));
            }
            return claims;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot read the FAQ's claims from " + testkitClasses + ": " + e, e);
        }
    }

    /** Every lab-* module's proofs, results and mutation score. */
    static List<Lab> labs(Path root, Instant buildStart) throws IOException {
        var labs = new ArrayList<Lab>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("lab-") && Files.isDirectory(p))
                    .sorted()
                    .toList()) {
                String name = dir.getFileName().toString();
                Path score = dir.resolve("target/evidence/mutation-score.json");
                JsonNode mutation = Files.isRegularFile(score) ? JSON.readTree(score.toFile()) : null;
                if (mutation != null && !fresh(mutation, buildStart)) mutation = null;
                labs.add(new Lab(
                        name,
                        proofs(name, dir.resolve("target/claims-proofs.json")),
                        results(dir, buildStart),
                        mutation));
            }
        }
        return labs;
    }

    private static boolean fresh(JsonNode evidence, Instant buildStart) {
        try {
            return !Instant.parse(
                            evidence.path("environment").path("measuredAt").asText())
                    .isBefore(buildStart);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The proofs ProofLedger listed for one lab; none when its tests did not run. */
    static List<Proof> proofs(String lab, Path file) throws IOException {
        var proofs = new ArrayList<Proof>();
        if (!Files.isRegularFile(file)) return proofs;
        for (JsonNode p : JSON.readTree(file.toFile()).path("proofs")) {
            var ids = new TreeSet<Integer>();
            p.path("claims").forEach(c -> ids.add(c.asInt()));
            proofs.add(new Proof(
                    lab,
                    p.path("class").asText(),
                    p.path("method").asText(),
                    ids,
                    p.path("container").asBoolean()));
        }
        return proofs;
    }

    /** {@code name(Type)[2]}, {@code name[2]}, {@code name()}: the method name a Surefire test case is reported under. */
    private static final Pattern INVOCATION = Pattern.compile("^([\\w$]+)(\\(.*?\\))?(\\[\\d+])?$");

    /**
     * The results of one module's tests by {@code class#method} (a parameterized test's invocations folded into one:
     * failed if any failed, else passed if any passed, else skipped), and by {@code class#} for a class skipped whole.
     * Reports written before {@code buildStart} are left out.
     */
    static Map<String, Result> results(Path module, Instant buildStart) throws IOException {
        var cases = new TreeMap<String, List<Result>>();
        for (String reports : List.of("target/surefire-reports", "target/failsafe-reports")) {
            Path dir = module.resolve(reports);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path xml : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                        .sorted()
                        .toList()) {
                    if (Files.getLastModifiedTime(xml).toInstant().isBefore(buildStart)) continue;
                    readReport(xml, cases);
                }
            }
        }
        var results = new TreeMap<String, Result>();
        cases.forEach((key, list) -> results.put(key, fold(list)));
        return results;
    }

    private static void readReport(Path xml, Map<String, List<Result>> cases) throws IOException {
        NodeList testcases;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            testcases = factory.newDocumentBuilder().parse(xml.toFile()).getElementsByTagName("testcase");
        } catch (Exception e) {
            throw new IOException("cannot read the test report " + xml + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < testcases.getLength(); i++) {
            var tc = (Element) testcases.item(i);
            String cls = tc.getAttribute("classname");
            String name = tc.getAttribute("name").strip();
            var m = INVOCATION.matcher(name);
            String method =
                    name.isEmpty() || name.equals(cls) || cls.endsWith("." + name) || !m.matches() ? "" : m.group(1);
            cases.computeIfAbsent(cls + "#" + method, k -> new ArrayList<>()).add(result(tc));
        }
    }

    private static Result result(Element testcase) {
        for (String failure : List.of("failure", "error")) {
            NodeList n = testcase.getElementsByTagName(failure);
            if (n.getLength() > 0) return new Result(Status.FAILED, message((Element) n.item(0)));
        }
        NodeList skipped = testcase.getElementsByTagName("skipped");
        if (skipped.getLength() > 0) return new Result(Status.SKIPPED, message((Element) skipped.item(0)));
        return new Result(Status.PASSED, "");
    }

    private static String message(Element e) {
        String m = e.getAttribute("message");
        return m.isBlank() ? e.getAttribute("type") : m;
    }

    private static Result fold(List<Result> results) {
        for (Status s : List.of(Status.FAILED, Status.PASSED, Status.SKIPPED)) {
            for (Result r : results) if (r.status() == s) return r;
        }
        return new Result(Status.NOT_RUN, "");
    }

    /** A proof's result: its method's, else its class's (skipped whole), else not run in this build. */
    static Result resultOf(Proof p, Map<String, Result> results) {
        Result r = results.get(p.testClass() + "#" + p.method());
        if (r == null) r = results.get(p.testClass() + "#");
        return r != null ? r : new Result(Status.NOT_RUN, "no report of this test in this build");
    }

    /** The page for these claims and labs, and the claims without a passing proving test. */
    static Page page(List<Claim> claims, List<Lab> labs) {
        Map<Integer, List<Proof>> byClaim = new TreeMap<>();
        Map<String, Lab> labByName = new LinkedHashMap<>();
        for (Lab lab : labs) {
            labByName.put(lab.name(), lab);
            for (Proof p : lab.proofs()) {
                for (int id : p.claims())
                    byClaim.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
            }
        }
        var problems = new ArrayList<String>();
        var sections = new LinkedHashMap<String, StringBuilder>();
        int proven = 0, notMeasured = 0;
        for (Claim claim : claims) {
            List<Proof> proofs = byClaim.getOrDefault(claim.id(), List.of());
            var tests = new StringBuilder();
            boolean passed = false;
            String skippedBecause = null;
            var labsOfClaim = new TreeSet<String>();
            for (Proof p : proofs) {
                Result r = resultOf(p, labByName.get(p.lab()).results());
                labsOfClaim.add(p.lab());
                passed |= r.status() == Status.PASSED;
                if (p.container() && r.status() == Status.SKIPPED && skippedBecause == null)
                    skippedBecause = r.message();
                tests.append("* `")
                        .append(text(simpleName(p.testClass()) + "#" + p.method()))
                        .append("` (")
                        .append(text(p.lab()))
                        .append("): ")
                        .append(describe(r, p.container()))
                        .append('\n');
            }
            String verdict;
            if (passed) {
                verdict = "proven";
                proven++;
            } else if (skippedBecause != null) {
                verdict = "not measured in this build";
                notMeasured++;
            } else {
                verdict = "*not proven*";
                problems.add("claim " + claim.id() + " (" + claim.text() + "): "
                        + (proofs.isEmpty()
                                ? "no test is marked @Proves(" + claim.id() + ")"
                                : "no proving test passed in this build"));
            }
            if (proofs.isEmpty()) tests.append("* no test proves this claim yet\n");
            var mutation = new StringBuilder();
            for (String lab : labsOfClaim) {
                mutation.append("* ")
                        .append(text(lab))
                        .append(": ")
                        .append(mutation(labByName.get(lab).mutation()))
                        .append('\n');
            }
            if (labsOfClaim.isEmpty()) mutation.append("{nbsp}");
            sections.computeIfAbsent(claim.section(), s -> new StringBuilder())
                    .append("| [[claim-")
                    .append(claim.id())
                    .append("]]")
                    .append(claim.id())
                    .append("\n| ")
                    .append(text(claim.text()))
                    .append("\n| ")
                    .append(verdict)
                    .append("\na| ")
                    .append(tests)
                    .append("a| ")
                    .append(mutation)
                    .append('\n');
        }
        var adoc = new StringBuilder();
        adoc.append("= Claims\n")
                .append(
                        ":description: Every claim of the Windows Sockets FAQ, the tests that prove it, and their results"
                                + " in the build that made this page.\n")
                .append(
                        "// Generated by ClaimsPage from FaqClaim, @Proves and this build's test reports: do not edit.\n\n")
                .append("[.lead]\n")
                .append(
                        "Every claim the FAQ makes, with the tests that prove it and what they did in the build that made"
                                + " this page. A proof is a test that would fail if the claim were false, or if the fixed code"
                                + " stopped fixing it; mutation testing checks that it can: PIT changes the broken and fixed"
                                + " code in small ways and counts the changes the proofs catch.\n\n")
                .append("*")
                .append(claims.size())
                .append(" claims: ")
                .append(proven)
                .append(" proven by a passing test in this build")
                .append(notMeasured > 0 ? ", " + notMeasured + " not measured (their tests need Docker)" : "")
                .append(problems.isEmpty() ? "" : ", " + problems.size() + " not proven")
                .append(".*\n\n");
        sections.forEach((section, rows) -> adoc.append("== ")
                .append(text(section))
                .append("\n\n[cols=\"1,6,2,8,4\",options=\"header\"]\n|===\n")
                .append("| claim | what the FAQ says | in this build | proved by (result in this build) | mutation"
                        + " score of the lab\n\n")
                .append(rows)
                .append("|===\n\n"));
        adoc.append("== Mutation testing by lab\n\n")
                .append("[cols=\"3,2,2,2,2,2\",options=\"header\"]\n|===\n")
                .append("| lab | score | killed | listed as equivalent | no coverage | mutants\n");
        for (Lab lab : labs) {
            JsonNode m = lab.mutation();
            adoc.append("| ").append(text(lab.name()));
            if (m == null || m.has("notMeasured")) {
                adoc.append(
                        " 5+| not measured in this build (mutation testing runs in `./mvnw verify -Dlabs.mutation=true`, Maven on JDK 25)\n");
            } else {
                adoc.append(" | ")
                        .append(figure(m, "mutation score"))
                        .append(" % | ")
                        .append(figure(m, "killed"))
                        .append(" | ")
                        .append(figure(m, "survived, listed as equivalent"))
                        .append(" | ")
                        .append(figure(m, "no coverage"))
                        .append(" | ")
                        .append(figure(m, "total"))
                        .append('\n');
            }
        }
        adoc.append("|===\n");
        return new Page(adoc.toString(), problems);
    }

    private static String describe(Result r, boolean container) {
        return switch (r.status()) {
            case PASSED -> "passed";
            case FAILED -> "*failed*: " + text(r.message());
            case SKIPPED ->
                (container ? "not measured in this build, skipped: " : "skipped: ")
                        + text(r.message().isBlank() ? "no reason given" : r.message());
            case NOT_RUN -> "*not run in this build*";
        };
    }

    private static String mutation(JsonNode m) {
        if (m == null || m.has("notMeasured")) return "not measured in this build";
        return figure(m, "mutation score") + " % of " + figure(m, "total") + " mutants killed, "
                + figure(m, "survived, listed as equivalent") + " listed as equivalent";
    }

    private static String figure(JsonNode evidence, String name) {
        for (JsonNode f : evidence.path("figures")) {
            if (f.path("name").asText().equals(name)) {
                double v = f.path("value").asDouble();
                return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
            }
        }
        return "?";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Text from a test report or a name, safe anywhere on the page: every character but letters, digits and spaces
     * becomes a character reference, so nothing in it can be read as Asciidoc (a table's {@code |}, {@code *bold*},
     * {@code [[anchors]]}, {@code {attributes}}, macros) or as HTML; line breaks become spaces; long text is cut.
     */
    static String text(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        if (flat.length() > 400) flat = flat.substring(0, 400) + " ...";
        var out = new StringBuilder();
        flat.codePoints().forEach(c -> {
            if (c == ' ' || (c < 128 && Character.isLetterOrDigit(c))) out.appendCodePoint(c);
            else if (c < 32 || c > 999_999) out.append("&#65533;");
            else out.append("&#").append(c).append(';');
        });
        return out.toString();
    }
}
