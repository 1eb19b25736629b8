package dev.hearth;

/**
 * Why Hearth cannot start, in one line that names the setting to change. It fails the deployment, and is left in the
 * system property {@value #PROPERTY}, so that the runnable JAR's launcher (in the same JVM) ends with that line rather
 * than with the deployment's stack traces. On an application server it is the message in the server's log.
 */
public final class StartupFailure extends IllegalStateException {

    public static final String PROPERTY = "hearth.startup.problem";
    private static final long serialVersionUID = 1L;

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
        System.setProperty(PROPERTY, message);
    }
}
