package dev.hearth.connections;

import dev.hearth.api.connect.OAuth2Flow;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.security.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.util.List;
import java.util.logging.Logger;

/**
 * At start, seals again the stored credentials that predate their binding to their server ({@link Credentials}), in
 * one transaction holding their rows, so that instances starting together do it once; OAuth ones get the token
 * endpoint their plugin names now. All instances of a cluster must run this version before any is started again: an
 * older one cannot open what this one sealed. A credential that does not open (a key no longer configured) is left as
 * it was: its connection fails as it would have before.
 */
@Startup
@Singleton
@DependsOn({"SchemaMigrator", "PluginRegistry"})
public class CredentialBinding {

    private static final Logger LOGGER = Logger.getLogger(CredentialBinding.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    @Inject
    PluginRegistry plugins;

    /**
     * The token endpoint an OAuth connection made before it was recorded was issued by, taken to be the one its
     * plugin names now for the same server; null when the plugin is not running or now names another server (its
     * first refresh then records it).
     */
    private URI tokenUrl(String pluginId, String instanceUrl) {
        return plugins.running(pluginId)
                .flatMap(Connections::oauthFlow)
                .filter(flow -> Connections.sameInstance(flow, instanceUrl))
                .map(OAuth2Flow::tokenUrl)
                .orElse(null);
    }

    @PostConstruct
    void rebind() {
        List<?> rows = em.createNativeQuery("select id, account_id, plugin_id, instance_url, credential from connection"
                        + " where credential not like 'b2:%' for update")
                .getResultList();
        int rebound = 0;
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            long accountId = ((Number) row[1]).longValue();
            try {
                em.createNativeQuery("update connection set credential = ?1 where id = ?2")
                        .setParameter(
                                1,
                                Credentials.rebind(
                                        secrets,
                                        (String) row[4],
                                        accountId,
                                        (String) row[2],
                                        (String) row[3],
                                        tokenUrl((String) row[2], (String) row[3])))
                        .setParameter(2, row[0])
                        .executeUpdate();
                rebound++;
            } catch (IllegalStateException e) {
                LOGGER.warning("The credential of connection " + row[0] + " does not open (" + e.getMessage()
                        + "); it is left as it was");
            }
        }
        if (!rows.isEmpty()) {
            LOGGER.info("Bound " + rebound + " of " + rows.size() + " stored credentials to their servers");
        }
    }
}
