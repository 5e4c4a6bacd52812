package dev.socketfaq.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Marks a graded task of the student edition: a test that holds the lab's FIXED implementation to the lab's own
 * contract. In the main build it passes on the reference solution; in the student edition it fails on the starting
 * point until the student writes a fix. The method's name is the task's id ({@code nagle_one_write} is task
 * {@code nagle-one-write}): {@code ./lab check} reads it from the test reports.
 * <p>Tagged {@value #TAG}: {@code -Dgroups=graded} runs only the tasks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@Tag(Graded.TAG)
public @interface Graded {
    /** The JUnit tag every graded task carries. */
    String TAG = "graded";

    /** What a graded task asserts. */
    final class Task {
        private Task() {}

        /**
         * Fails with the contract's own words first (the line the scoreboard shows), then a hint that points the
         * way without giving the answer; passes when the contract found no violation.
         */
        public static void check(Optional<String> violation, String hint) {
            if (violation.isPresent()) throw new AssertionFailedError(violation.get() + "\nhint: " + hint);
        }
    }
}
