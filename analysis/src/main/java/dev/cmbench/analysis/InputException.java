package dev.cmbench.analysis;

import java.nio.file.Path;

/** Input the analyzer cannot use: one line naming the file and the problem, exit status 2. */
final class InputException extends Exception {

    InputException(Path file, String problem) {
        super(file + ": " + problem);
    }

    InputException(String problem) {
        super(problem);
    }
}
