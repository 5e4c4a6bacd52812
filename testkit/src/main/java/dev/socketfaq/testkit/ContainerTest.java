package dev.socketfaq.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Marks a test class that needs Docker: skipped loudly without it, a failure without it in CI
 * ({@code -Dlabs.requireDocker=true}). Tagged "container" so {@code -DexcludedGroups=container} leaves them out.
 * When it is skipped, each piece of {@link #evidence()} it would have written is written as "not measured, and
 * why", so the site says so rather than showing an earlier build's figures.
 *
 * <p>It runs beside the lab's other test classes where Surefire enables JUnit's parallel classes (root pom): its time
 * goes to Docker, theirs to the network stack, and a student waits for the longer of the two, not their sum.
 * {@link LeakCheck} checks it when it runs alone.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("container")
@ExtendWith(DockerRequired.class)
@Execution(ExecutionMode.CONCURRENT)
public @interface ContainerTest {
    /** The ids of the evidence files the test writes ({@code Evidence.named(id, ...)}). */
    String[] evidence() default {};
}
