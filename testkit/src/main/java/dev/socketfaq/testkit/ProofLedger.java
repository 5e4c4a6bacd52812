package dev.socketfaq.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes which tests of this run prove which FAQ claims ({@link Proves}), for the docs build's Claims page, which
 * reads each test's result from the Surefire reports. Registered for every lab through {@code META-INF/services}
 * (a JUnit Platform listener: it sees every test the run discovered, also those skipped as a class, such as a
 * container test without Docker). It writes only where the system property {@value #OUTPUT} says (Surefire sets
 * it to {@code target/claims-proofs.json}); a mutation-testing run or an IDE leaves it unset.
 */
public final class ProofLedger implements TestExecutionListener {
    /** The system property naming the file to write. */
    public static final String OUTPUT = "labs.claimsProofs";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Map<String, Object>> proofs = new TreeMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (System.getProperty(OUTPUT) == null) return;
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) note(id);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        String output = System.getProperty(OUTPUT);
        if (output == null) return;
        var doc = new LinkedHashMap<String, Object>();
        doc.put("module", System.getProperty("labs.module", "unknown"));
        doc.put("proofs", new ArrayList<>(proofs.values()));
        try {
            Path file = Path.of(output);
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the claims' proofs to " + output, e);
        }
    }

    /** Notes a test (or a parameterized test's container) that carries {@link Proves}, on its method or class. */
    private void note(TestIdentifier id) {
        Optional<MethodSource> source =
                id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (source.isEmpty()) return;
        Method method;
        try {
            method = source.get().getJavaMethod();
        } catch (RuntimeException e) {
            return; // not loadable here: not a test this run can execute either
        }
        TreeSet<Integer> claims = claims(method, source.get().getJavaClass());
        if (claims.isEmpty()) return;
        var proof = new LinkedHashMap<String, Object>();
        proof.put("class", source.get().getClassName());
        proof.put("method", method.getName());
        proof.put("claims", List.copyOf(claims));
        proof.put("container", id.getTags().stream().map(TestTag::getName).anyMatch("container"::equals));
        proofs.put(source.get().getClassName() + "#" + method.getName(), proof);
    }

    /** The ids of the claims a test method proves: its own {@link Proves} and its classes' (outer ones included). */
    static TreeSet<Integer> claims(Method method, Class<?> testClass) {
        var ids = new TreeSet<Integer>();
        add(ids, method.getAnnotation(Proves.class));
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass())
                add(ids, s.getAnnotation(Proves.class));
        }
        return ids;
    }

    private static void add(TreeSet<Integer> ids, Proves proves) {
        if (proves == null) return;
        for (FaqClaim claim : proves.value()) ids.add(claim.id());
    }
}
