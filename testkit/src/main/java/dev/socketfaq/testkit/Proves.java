package dev.socketfaq.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that proves one or more of the FAQ's claims: it fails if the claim were false, or if the fixed
 * code stopped fixing it. The docs build lists these on the Claims page and fails when a claim has no passing
 * proving test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Proves {
    FaqClaim[] value();
}
