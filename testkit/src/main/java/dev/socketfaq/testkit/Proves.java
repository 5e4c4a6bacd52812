package dev.socketfaq.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that proves one or more of the FAQ's claims: it fails if the claim were false, or if the fixed
 * code stopped fixing it. The docs build lists these on the Claims page and fails when a claim has no passing
 * proving test.
 * <p>Tagged {@value #TAG}: mutation testing runs these tests (a surviving mutant is code no proof checks), and
 * {@code -Dgroups=proof} runs only them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Tag(Proves.TAG)
public @interface Proves {
    /** The JUnit tag every proving test carries. */
    String TAG = "proof";

    FaqClaim[] value();
}
