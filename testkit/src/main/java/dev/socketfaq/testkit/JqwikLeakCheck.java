package dev.socketfaq.testkit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * {@link LeakCheck} for jqwik's property classes, which run on jqwik's own engine and so do not see JUnit Jupiter
 * extensions. Registered for every property class through {@code META-INF/services} (jqwik's global hooks).
 * <p>It checks every container jqwik runs on its own: a top-level class, and a static member class (jqwik runs those as
 * containers of their own, beside their outer class). Inner {@code @Group} classes run inside their class, and are
 * checked with it. The grace period is {@link LeakCheck#GRACE}, or the system property {@value LeakCheck#GRACE_PARAMETER}.
 */
public final class JqwikLeakCheck implements AroundContainerHook {
    private final Map<Class<?>, LeakCheck.Snapshot> before = new ConcurrentHashMap<>();

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.filter(e -> e instanceof Class<?> c
                        && (c.getEnclosingClass() == null
                                || Modifier.isStatic(c.getModifiers())
                                        && !c.isAnnotationPresent(net.jqwik.api.Group.class)))
                .isPresent();
    }

    @Override
    public void beforeContainer(ContainerLifecycleContext context) {
        context.optionalContainerClass().ifPresent(c -> before.put(c, LeakCheck.Snapshot.now()));
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        context.optionalContainerClass().ifPresent(c -> {
            LeakCheck.Snapshot snapshot = before.remove(c);
            if (snapshot != null)
                LeakCheck.failIfLeaked(c.getSimpleName(), snapshot, LeakCheck.grace(Optional.empty()));
        });
    }
}
