package dev.socketfaq.testkit;

import dev.socketfaq.kit.Evidence;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/**
 * Runs container tests only where a Docker engine answers. Without one, a student gets one loud line and a
 * skip; with {@code -Dlabs.requireDocker=true} (CI passes it) the test fails instead, so CI cannot go green
 * with its container tests silently skipped.
 */
public final class DockerRequired implements ExecutionCondition {
    static final String REQUIRE = "labs.requireDocker";
    static final String USE = "labs.docker";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean wanted = Boolean.parseBoolean(System.getProperty(USE, "true"));
        Optional<String> missing = wanted ? noEngine() : Optional.of("Docker turned off (-D" + USE + "=false)");
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        if (Boolean.getBoolean(REQUIRE)) {
            throw new IllegalStateException(missing.get() + ", and -D" + REQUIRE
                    + "=true requires an engine: start Docker (CI: .ci/run starts it) or drop the flag.");
        }
        String why = missing.get() + ": " + context.getDisplayName() + " skipped. "
                + (wanted ? "Start Docker" : "Drop the flag") + " to run the container tests (see README, 'Docker').";
        System.err.println("*** " + why + " ***");
        AnnotationSupport.findAnnotation(context.getElement(), ContainerTest.class)
                .ifPresent(test -> {
                    for (String id : test.evidence()) {
                        Evidence.named(id, context.getDisplayName())
                                .notMeasured("It needs Docker. " + why)
                                .write();
                    }
                });
        return ConditionEvaluationResult.disabled(why);
    }

    /** Why no engine can be used, or empty when one answers. */
    private static Optional<String> noEngine() {
        try {
            DockerClientFactory docker = DockerClientFactory.instance();
            if (!docker.isDockerAvailable()) {
                return Optional.of("No Docker engine answers");
            }
            // An engine named in DOCKER_HOST is the one the user asked for. Testcontainers falls back to the local
            // socket when it does not answer; running the tests elsewhere than asked would surprise, so skip instead.
            String asked = System.getenv("DOCKER_HOST");
            URI used = docker.getTransportConfig().getDockerHost();
            if (asked != null && !asked.isBlank() && !URI.create(asked.strip()).equals(used)) {
                return Optional.of("The Docker engine in DOCKER_HOST (" + asked.strip() + ") does not answer");
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("No Docker engine answers");
        }
    }
}
