package dev.cmbench.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Builds the classes that use a preview API of JDK 25 (the structured kinds, on
 * {@code StructuredTaskScope}, JEP 505), which the build compiles apart from everything else
 * (the {@code structured-preview} execution in pom.xml, sources under {@code src/jmh/preview}).
 *
 * <p>A class compiled with {@code --enable-preview} loads only in a JVM started with it. Every
 * other class therefore names them only as a string, here: they load when a structured kind is
 * first built, and a JVM without the flag runs every other model and kind. Such a JVM gets an
 * error that says which flag it lacks, instead of an {@code UnsupportedClassVersionError}.
 */
public final class PreviewClasses {

    /** The JVM option the structured kinds need, here and in their benchmarks' forks. */
    public static final String FLAG = "--enable-preview";

    private PreviewClasses() {
    }

    /**
     * A new {@code className}, a {@code type}, made by its constructor that takes {@code args}
     * (of exactly their classes), with the access of {@code lookup} (the caller's own package).
     */
    public static <T> T create(MethodHandles.Lookup lookup, Class<T> type, String className, Object... args) {
        Class<?> loaded;
        try {
            loaded = lookup.findClass(className);
        } catch (UnsupportedClassVersionError e) {
            throw new IllegalStateException(className + " uses StructuredTaskScope, a preview API of JDK 25 (JEP 505): "
                    + "start the JVM with " + FLAG, e);
        } catch (ClassNotFoundException | IllegalAccessException e) {
            throw new IllegalStateException(className + " is not built: the structured-preview compile did not run", e);
        }
        Class<?>[] parameters = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            parameters[i] = args[i].getClass();
        }
        try {
            MethodHandle constructor = lookup.findConstructor(loaded, MethodType.methodType(void.class, parameters));
            return type.cast(constructor.invokeWithArguments(args));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build " + className, e);
        }
    }
}
