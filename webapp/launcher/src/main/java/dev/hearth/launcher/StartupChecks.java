package dev.hearth.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * What the launcher checks before it starts Payara, so that a mistake in the settings ends the start at once with one
 * line that says what is wrong and which setting to change, instead of a failed deployment many lines later.
 */
final class StartupChecks {

    private StartupChecks() {}

    static void dataDir(Path dir) throws StartupProblem {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ""));
        } catch (IOException | SecurityException e) {
            throw new StartupProblem("cannot write to the data directory " + dir + " (" + e
                    + "): set HEARTH_DATA_DIR to a directory Hearth may write, or fix its permissions");
        }
    }

    static void port(String bindAddress, int port) throws StartupProblem {
        String where = (bindAddress == null ? "all interfaces" : bindAddress) + ", port " + port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Payara's listener does: a port in TIME_WAIT is free
            socket.bind(
                    bindAddress == null
                            ? new InetSocketAddress(port)
                            : new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        } catch (BindException e) {
            throw new StartupProblem("cannot listen on " + where + " (" + e.getMessage()
                    + "): another program uses it; set HEARTH_PORT to a free port, or HEARTH_BIND_ADDRESS to an address"
                    + " of this machine");
        } catch (UnknownHostException e) {
            throw new StartupProblem("HEARTH_BIND_ADDRESS '" + bindAddress + "' is not an address of this machine");
        } catch (IOException e) {
            throw new StartupProblem(
                    "cannot listen on " + where + " (" + e + "): check HEARTH_PORT and HEARTH_BIND_ADDRESS");
        }
    }

    /** Connects to the external database as Hearth will, and explains a refusal. */
    static void database(String url, String user, String password) throws StartupProblem {
        if (!url.startsWith("jdbc:mariadb:")) {
            throw new StartupProblem("HEARTH_DB_URL '" + redacted(url)
                    + "' is not a MariaDB JDBC URL: write it as jdbc:mariadb://host:3306/database");
        }
        DriverManager.setLoginTimeout(10);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new StartupProblem(databaseProblem(e, redacted(url), user));
        }
    }

    private static String databaseProblem(SQLException e, String url, String user) {
        String said = e.getMessage() == null
                ? e.toString()
                : e.getMessage().replaceAll("\\s+", " ").strip();
        return switch (e.getErrorCode()) {
            case 1045 -> "the database at " + url + " refused user '" + user + "' (" + said
                    + "): check HEARTH_DB_USER and HEARTH_DB_PASSWORD";
            case 1044 -> "user '" + user + "' may not use the database of " + url + " (" + said
                    + "): grant it all privileges on that database (see README.md), or check HEARTH_DB_URL";
            case 1049 -> "the database of " + url + " does not exist (" + said
                    + "): create it (see README.md), or correct its name in HEARTH_DB_URL";
            default -> "cannot reach the database at " + url + " (" + said
                    + "): check HEARTH_DB_URL, and that MariaDB runs and accepts connections from this machine";
        };
    }

    /** A JDBC URL without the password it may carry. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
