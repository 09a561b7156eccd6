package dev.cmbench.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An implementation a benchmark's {@code kind} parameter names, by the id the report shows. */
interface Named {

    String id();

    /** The constant whose id is {@code id}; the error lists the valid ids. */
    static <E extends Enum<E> & Named> E lookup(Class<E> type, String id) {
        for (E constant : type.getEnumConstants()) {
            if (constant.id().equals(id)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + id + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", ")));
    }
}
