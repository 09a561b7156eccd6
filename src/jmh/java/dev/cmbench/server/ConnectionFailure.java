package dev.cmbench.server;

import java.io.IOException;
import java.util.Locale;

/**
 * What a server says when one of its connections fails: one line on standard error, unless the
 * failure is the client having left. A load step ends by closing the generator's connections while
 * an overloaded server still holds replies for them (trial tear-down, {@code stopLoad}); its writes
 * then meet a broken pipe or a reset on every such connection, hundreds of lines that say nothing
 * about the server. A client leaving during a step is seen where it matters, by the generator,
 * as requests never answered.
 */
final class ConnectionFailure {

    private ConnectionFailure() {
    }

    /** Prints {@code e} as a failure of {@code who}'s connection, unless its client left. */
    static void report(String who, Throwable e) {
        if (!clientLeft(e)) {
            System.err.println(who + ": a connection failed: " + e);
        }
    }

    /** Linux's words for a write or read on a connection whose peer has closed it. */
    static boolean clientLeft(Throwable e) {
        if (!(e instanceof IOException) || e.getMessage() == null) {
            return false;
        }
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("broken pipe") || message.contains("connection reset");
    }
}
