package dev.cmbench.bench;

import dev.cmbench.model.PreviewClasses;
import java.lang.invoke.MethodHandles;

/**
 * The two {@link ChildScope}s, each built on first use. The structured one is compiled with
 * preview features and built by name ({@link PreviewClasses}), so that only a JVM that uses it
 * needs {@code --enable-preview}; the coroutine one is the Kotlin source beside this package.
 */
final class ChildScopes {

    private static volatile ChildScope structured;
    private static volatile ChildScope coroutines;

    private ChildScopes() {
    }

    /** StructuredTaskScope: a scope per parent, a forked virtual thread per child. */
    static ChildScope structured() {
        ChildScope scope = structured;
        if (scope == null) { // a race builds two, which hold no state: harmless
            scope = PreviewClasses.create(MethodHandles.lookup(), ChildScope.class, "dev.cmbench.bench.StructuredChildScope");
            structured = scope;
        }
        return scope;
    }

    /** Kotlin coroutines on {@code Dispatchers.Default}, the parent blocking in {@code runBlocking}. */
    static ChildScope coroutines() {
        ChildScope scope = coroutines;
        if (scope == null) {
            scope = new CoroutineChildScope();
            coroutines = scope;
        }
        return scope;
    }
}
