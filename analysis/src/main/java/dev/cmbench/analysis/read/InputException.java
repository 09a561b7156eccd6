package dev.cmbench.analysis.read;

import java.nio.file.Path;

/** Input the analyzer cannot use: one line naming the file and the problem, exit status 2. */
public final class InputException extends Exception {

    public InputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InputException(String problem) {
        super(problem);
    }
}
