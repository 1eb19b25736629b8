package dev.hearth.database;

import dev.hearth.StartupFailure;
import dev.hearth.security.EncryptionKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Defines Hearth's data source and brings the schema up to date at deployment, before any other start-up bean
 * (they declare {@code @DependsOn("SchemaMigrator")}) and before any request. A failed migration fails the
 * deployment: Hearth does not run on a schema it does not understand. First of all it reads the encryption keys, so
 * that a bad one stops the start before anything else runs.
 */
@DataSourceDefinition(
        name = SchemaMigrator.DATA_SOURCE,
        className = "org.mariadb.jdbc.MariaDbDataSource",
        url = "${MPCONFIG=hearth.db.url}",
        user = "${MPCONFIG=hearth.db.user}",
        password = "${MPCONFIG=hearth.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data",
            "fish.payara.fail-all-connections=true"
        })
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SchemaMigrator {

    public static final String DATA_SOURCE = "java:app/jdbc/hearth";
    static final String CHANGELOG = "dev/hearth/db/changelog.xml";
    private static final Logger LOGGER = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    private volatile boolean migrated;

    @Inject
    EncryptionKeys keys;

    @PostConstruct
    void migrate() {
        keys.check(); // a bad key stops the start before anything else runs
        try {
            LOGGER.info("Hearth database: " + LiquibaseRunner.describe(dataSource));
            LiquibaseRunner.update(dataSource, CHANGELOG);
            migrated = true;
            LOGGER.info("Hearth database schema is up to date");
        } catch (Exception e) {
            throw new StartupFailure(
                    "cannot bring the database schema up to date (" + e.getMessage()
                            + "): check HEARTH_DB_URL, HEARTH_DB_USER and HEARTH_DB_PASSWORD, and the user's privileges",
                    e);
        }
    }

    public boolean migrated() {
        return migrated;
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
