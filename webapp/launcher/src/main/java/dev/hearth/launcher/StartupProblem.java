package dev.hearth.launcher;

/** Why Hearth cannot start, in one line that names the setting to change. */
final class StartupProblem extends Exception {

    private static final long serialVersionUID = 1L;

    StartupProblem(String message) {
        super(message);
    }
}
