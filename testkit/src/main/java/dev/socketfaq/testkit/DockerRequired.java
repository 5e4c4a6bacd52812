package dev.socketfaq.testkit;

import dev.socketfaq.kit.Evidence;
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
        if (wanted && dockerAnswers()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        if (Boolean.getBoolean(REQUIRE)) {
            throw new IllegalStateException((wanted ? "No Docker engine answers" : "-D" + USE + "=false") + ", and -D" + REQUIRE
                    + "=true requires one: start Docker (CI: .ci/run starts it) or drop the flag.");
        }
        String why = (wanted ? "No Docker engine answers: " : "Docker turned off (-D" + USE + "=false): ") + context.getDisplayName()
                + " skipped. " + (wanted ? "Start Docker" : "Drop the flag") + " to run the container tests (see README, 'Docker').";
        System.err.println("*** " + why + " ***");
        AnnotationSupport.findAnnotation(context.getElement(), ContainerTest.class).ifPresent(test -> {
            for (String id : test.evidence()) {
                Evidence.named(id, context.getDisplayName()).notMeasured("It needs Docker. " + why).write();
            }
        });
        return ConditionEvaluationResult.disabled(why);
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
