package dev.socketfaq.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs Docker: skipped loudly without it, a failure without it in CI
 * ({@code -Dlabs.requireDocker=true}). Tagged "container" so {@code -DexcludedGroups=container} leaves them out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("container")
@ExtendWith(DockerRequired.class)
public @interface ContainerTest {}
