package dev.socketfaq.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Hardening inside a broken or fixed class, apart from the lesson (a close's deadline, an interrupted wait): left out
 * of mutation testing, so that a mutant no proof is meant to kill is neither a build failure nor called equivalent.
 * PIT skips the methods and classes carrying an annotation of this simple name. Say why in {@link #value()}; the
 * hardening keeps tests of its own.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface DoNotMutate {
    /** Why this is hardening, not the lesson. */
    String value();
}
