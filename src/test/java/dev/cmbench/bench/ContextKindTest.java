package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The thread-local kinds read, and carry into a child, the value bound to the calling thread, not
 * the value handed to the call: here the two differ, so a kind that echoed its argument would fail.
 * (The scoped value is bound from the argument inside each call, since a binding exists only in its
 * scope, so for it the two are one value by construction; the control passes the argument on purpose.)
 */
class ContextKindTest {

    private static final long BOUND = 7;
    private static final long HANDED = 8;

    @ParameterizedTest
    @EnumSource(value = ContextKind.class, names = {"THREAD_LOCAL", "INHERITABLE_THREAD_LOCAL"})
    void theChildSeesTheParentsBoundValueNotTheArgument(ContextKind kind) throws Exception {
        kind.bind(BOUND);
        try {
            assertEquals(BOUND, kind.readInChild(HANDED, Thread.ofPlatform()));
            assertEquals(BOUND, kind.readInChild(HANDED, Thread.ofVirtual()));
        } finally {
            kind.unbind();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ContextKind.class, names = {"THREAD_LOCAL", "INHERITABLE_THREAD_LOCAL"})
    void theReadsSeeTheBoundValueNotTheArgument(ContextKind kind) {
        kind.bind(BOUND);
        try {
            assertEquals(BOUND * 10, kind.readLoop(HANDED, 10, Blackholes.create()));
        } finally {
            kind.unbind();
        }
    }
}
