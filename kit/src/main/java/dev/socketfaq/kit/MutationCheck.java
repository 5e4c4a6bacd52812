package dev.socketfaq.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Fails a lab's build when PIT leaves a mutant of its broken or fixed code alive that is not listed, with a reason,
 * in the lab's {@value #EQUIVALENTS}: a mutant no proof kills is code no proof checks. Run by the build after PIT
 * (root pom, profile {@code mutation}); writes the lab's mutation score as evidence ({@code mutation-score.json}).
 * <p>The list has one line per equivalent mutant, {@code <mutatedClass> <mutatedMethod> <mutator> <lineNumber> |
 * <reason>}, names as in PIT's mutations.xml and the mutator by the last part of its class name (e.g.
 * {@code NonVoidMethodCallMutator}); blank lines and lines starting with {@code #} are comments. A line without a
 * reason is an error; a line no survivor matches is stale, and warned about.
 * <p>Usage: {@code MutationCheck <module dir> [<PIT ran in this build>]}; {@code -D}{@value #ALLOW_SURVIVORS}{@code
 * =true} reports the errors as warnings (for work in progress, never in CI). When PIT did not run in this build
 * ({@code false}), a lab's report in target is an earlier build's: the score is written as not measured instead.
 */
public final class MutationCheck {
    static final String EQUIVALENTS = "pit-equivalent-mutants.txt";
    static final String ALLOW_SURVIVORS = "labs.mutation.allowSurvivors";

    /** One mutant of PIT's report; {@code mutator} is the short name. */
    record Mutant(
            String mutatedClass,
            String method,
            String mutator,
            int line,
            String status,
            boolean detected,
            String description) {
        String key() {
            return mutatedClass + " " + method + " " + mutator + " " + line;
        }
    }

    /** What the check found: errors fail the build, warnings do not; the counts are the evidence. */
    record Result(
            List<String> errors,
            List<String> warnings,
            int total,
            int killed,
            int survivedListed,
            int noCoverage,
            int survivedUnlisted,
            List<List<?>> listed) {}

    public static void main(String[] args) throws IOException {
        Path module = Path.of(args[0]);
        String name = module.toAbsolutePath().normalize().getFileName().toString();
        if (args.length > 1 && !Boolean.parseBoolean(args[1])) {
            notMeasured().write();
            System.out.println("[mutation] " + name + ": mutation testing did not run in this build (-D"
                    + "labs.mutation=true runs it, with Maven on JDK 25)");
            return;
        }
        Path report = module.resolve("target/pit-reports/mutations.xml");
        if (!Files.isRegularFile(report)) {
            System.out.println(
                    "[mutation] " + name + ": no PIT report (no broken or fixed code here): nothing to check");
            return;
        }
        Path list = module.resolve(EQUIVALENTS);
        List<String> lines = Files.isRegularFile(list) ? Files.readAllLines(list) : List.of();
        Result result = check(name, read(report), lines);
        evidence(result).write();
        result.warnings().forEach(w -> System.out.println("[mutation] WARNING " + w));
        System.out.printf(
                "[mutation] %s: %d mutants, %d killed, %d listed as equivalent, %d without coverage%n",
                name, result.total(), result.killed(), result.survivedListed(), result.noCoverage());
        if (result.errors().isEmpty()) return;
        boolean allowed = Boolean.getBoolean(ALLOW_SURVIVORS);
        result.errors()
                .forEach(e -> System.out.println("[mutation] " + (allowed ? "WARNING (allowed) " : "ERROR ") + e));
        if (!allowed) {
            System.out.println("[mutation] " + name + ": mutation check failed (see above; report in "
                    + module.resolve("target/pit-reports/index.html") + ")");
            System.exit(1);
        }
    }

    /** The mutants of a PIT mutations.xml report. */
    static List<Mutant> read(Path report) throws IOException {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
            var mutants = new ArrayList<Mutant>();
            for (int i = 0; i < nodes.getLength(); i++) {
                var m = (Element) nodes.item(i);
                String mutator = text(m, "mutator");
                mutants.add(new Mutant(
                        text(m, "mutatedClass"),
                        text(m, "mutatedMethod"),
                        mutator.substring(mutator.lastIndexOf('.') + 1),
                        Integer.parseInt(text(m, "lineNumber").strip()),
                        m.getAttribute("status"),
                        Boolean.parseBoolean(m.getAttribute("detected")),
                        text(m, "description")));
            }
            return mutants;
        } catch (ParserConfigurationException | SAXException | RuntimeException e) {
            throw new IOException("cannot read PIT's report " + report + ": " + e.getMessage(), e);
        }
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }

    /** Checks the mutants against the lines of the lab's list of equivalent mutants. */
    static Result check(String lab, List<Mutant> mutants, List<String> listLines) {
        var errors = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < listLines.size(); i++) {
            String line = listLines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = lab + "/" + EQUIVALENTS + " line " + (i + 1) + ": ";
            int bar = line.indexOf('|');
            String key = (bar < 0 ? line : line.substring(0, bar)).strip().replaceAll("\\s+", " ");
            String reason = bar < 0 ? "" : line.substring(bar + 1).strip();
            if (key.split(" ").length != 4 || !key.split(" ")[3].matches("\\d+")) {
                errors.add(where + "not '<mutatedClass> <mutatedMethod> <mutator> <lineNumber> | <reason>': " + line);
            } else if (reason.isEmpty()) {
                errors.add(where + "no reason after '|' (say why no test can tell this mutant apart): " + line);
            } else if (reasons.putIfAbsent(key, reason) != null) {
                warnings.add(where + "listed twice: " + key);
            }
        }
        int killed = 0, survivedListed = 0, noCoverage = 0, survivedUnlisted = 0;
        Set<String> matched = new LinkedHashSet<>();
        var unlisted = new ArrayList<String>();
        var listed = new ArrayList<List<?>>();
        for (Mutant m : mutants) {
            if (m.detected()) {
                killed++;
                continue;
            }
            boolean isListed = reasons.containsKey(m.key());
            if (m.status().equals("NO_COVERAGE")) noCoverage++;
            else if (isListed) survivedListed++;
            else survivedUnlisted++;
            if (isListed) {
                if (matched.add(m.key()))
                    listed.add(List.of(m.mutatedClass(), m.method(), m.mutator(), m.line(), reasons.get(m.key())));
            } else {
                unlisted.add("  " + m.key() + " | <reason>    (" + m.description() + "; "
                        + (m.status().equals("NO_COVERAGE") ? "no proof runs this line" : m.status()) + ")");
            }
        }
        if (!unlisted.isEmpty()) {
            errors.add(lab + ": " + unlisted.size() + " surviving mutant(s) no proof kills. Kill each with a test that"
                    + " makes sense, or list it in " + lab + "/" + EQUIVALENTS + " with a one-line reason:\n"
                    + String.join("\n", unlisted));
        }
        for (String key : reasons.keySet()) {
            if (!matched.contains(key))
                warnings.add(lab + "/" + EQUIVALENTS + ": stale line, no surviving mutant matches: " + key);
        }
        return new Result(
                errors, warnings, mutants.size(), killed, survivedListed, noCoverage, survivedUnlisted, listed);
    }

    /** The lab's mutation score as evidence: what PIT did and the counts (the reasons are in the lab's list). */
    static Evidence evidence(Result r) {
        double score = r.total() == 0 ? 100.0 : 100.0 * r.killed() / r.total();
        return named().figure("killed", r.killed(), "mutants")
                .figure("survived, listed as equivalent", r.survivedListed(), "mutants")
                .figure("no coverage", r.noCoverage(), "mutants")
                .figure("survived, not listed", r.survivedUnlisted(), "mutants")
                .figure("total", r.total(), "mutants")
                .figure("mutation score", score, "% killed");
    }

    /** The score of a build that did not run PIT: the page says so rather than show an earlier build's. */
    static Evidence notMeasured() {
        return named().notMeasured("mutation testing runs with -Dlabs.mutation=true (./mvnw verify, Maven on JDK 25).");
    }

    private static Evidence named() {
        return Evidence.named(
                        "mutation-score", "Mutation testing: the proofs against mutants of the broken and fixed code")
                .what("PIT changed the broken and fixed code in small ways (a removed call, a negated condition, a"
                        + " changed constant) and ran the lab's proving tests against each change: a mutant is killed"
                        + " when a proof fails. A mutant no proof can tell apart from the original is listed, with"
                        + " the reason, in the lab's " + EQUIVALENTS + ".");
    }
}
