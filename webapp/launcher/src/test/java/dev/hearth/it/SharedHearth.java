package dev.hearth.it;

import dev.hearth.atlassian.FakeAtlassian;
import dev.hearth.openproject.FakeOpenProject;
import dev.hearth.testing.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Hearth for all integration test classes (each start costs half a minute): started before the first
 * class, stopped after the last. Its plugin directory holds the template and the example plugins (modules under
 * {@code plugins/}), and plugin JARs built here for what only tests need: one that hangs, one that throws on
 * start, one that reaches into Hearth's core, and one that reuses a taken id.
 */
final class SharedHearth implements BeforeAllCallback {

    private static HearthServer server;
    private static Api api;
    private static FakeUpstream upstream;
    private static FakeNextcloud nextcloud;
    private static FakeOpenProject openproject;
    private static FakeAtlassian atlassian;
    private static FakeOidc oidc;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedHearth.class) {
            if (server == null) {
                FakeUpstream fake = new FakeUpstream();
                FakeNextcloud cloud = new FakeNextcloud();
                FakeOpenProject op = FakeOpenProject.start();
                FakeAtlassian atl = FakeAtlassian.start()
                        .site(
                                AtlassianIT.ACME,
                                "Acme",
                                "https://acme.atlassian.net",
                                FakeAtlassian.Product.JIRA,
                                FakeAtlassian.Product.CONFLUENCE)
                        .site(AtlassianIT.BETA, "Beta", "https://beta.atlassian.net", FakeAtlassian.Product.JIRA);
                FakeOidc identities = new FakeOidc();
                HearthServer started = new HearthServer(
                        Path.of(System.getProperty("hearth.it.dir", "target/it"))
                                .resolve("shared-" + System.currentTimeMillis()),
                        Map.ofEntries(
                                Map.entry("HEARTH_PLUGIN_HELLO_URL", "https://hello.example/greetings/"),
                                Map.entry(
                                        "HEARTH_PLUGIN_SLOWPOKE_URL", fake.uri().toString()),
                                Map.entry("HEARTH_ALLOWED_HOSTS", "127.0.0.1"),
                                // the fakes listen on ephemeral ports; 22 and 25 stay refused (AbuseIT)
                                Map.entry("HEARTH_ALLOWED_PORTS", "1024-65535"),
                                // Cloudy's own: no other plugin may reach 127.0.0.2 (ConnectionsIT)
                                Map.entry("HEARTH_ALLOWED_HOSTS_CLOUDY", "127.0.0.2"),
                                // the proxy of AuthIT's lock-out test; every other client calls directly
                                Map.entry("HEARTH_TRUSTED_PROXIES", AuthIT.PROXY),
                                Map.entry("HEARTH_DASHBOARD_DEADLINE", "PT2S"),
                                Map.entry("HEARTH_SEARCH_TIMEOUT", "PT5S"),
                                Map.entry("HEARTH_NOTIFICATIONS_TICK", "PT1S"),
                                Map.entry("HEARTH_NOTIFICATIONS_MIN_INTERVAL", "PT1S"),
                                Map.entry("HEARTH_NOTIFICATIONS_STREAM_CHECK", "PT2S"),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_URL", fake.uri().toString()),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTID", FakeUpstream.CLIENT_ID),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTSECRET", FakeUpstream.CLIENT_SECRET),
                                Map.entry(
                                        "HEARTH_PLUGIN_NEXTCLOUD_TALK_URL",
                                        cloud.uri().toString()),
                                Map.entry("HEARTH_PLUGIN_NEXTCLOUD_TALK_POLLSECONDS", "1"),
                                Map.entry(
                                        "HEARTH_PLUGIN_OPENPROJECT_URL",
                                        op.uri().toString()),
                                Map.entry("HEARTH_PLUGIN_OPENPROJECT_CLIENTID", OpenProjectIT.CLIENT_ID),
                                Map.entry("HEARTH_PLUGIN_OPENPROJECT_CLIENTSECRET", OpenProjectIT.CLIENT_SECRET),
                                Map.entry("HEARTH_PLUGIN_OPENPROJECT_POLLSECONDS", "1"),
                                // Atlassian's two servers are the one fake; Jira delivers webhooks to this Hearth
                                Map.entry("HEARTH_PUBLIC_URL", HearthServer.SELF),
                                Map.entry("HEARTH_PLUGIN_ATLASSIAN_CLIENTID", AtlassianIT.CLIENT_ID),
                                Map.entry("HEARTH_PLUGIN_ATLASSIAN_CLIENTSECRET", AtlassianIT.CLIENT_SECRET),
                                Map.entry(
                                        "HEARTH_PLUGIN_ATLASSIAN_AUTHURL",
                                        atl.uri().toString()),
                                Map.entry(
                                        "HEARTH_PLUGIN_ATLASSIAN_APIURL",
                                        atl.uri().toString()),
                                Map.entry(
                                        "HEARTH_PLUGIN_ATLASSIAN_SCOPES",
                                        "read:jira-user read:jira-work read:confluence-content.all search:confluence"
                                                + " read:me offline_access manage:jira-webhook"),
                                Map.entry("HEARTH_PLUGIN_ATLASSIAN_WEBHOOKS", "true"),
                                Map.entry("HEARTH_PLUGIN_ATLASSIAN_POLLSECONDS", "1"),
                                // Sign-in through an external OpenID Connect provider, besides passwords
                                Map.entry("HEARTH_OIDC_ISSUER", identities.issuer()),
                                Map.entry("HEARTH_OIDC_CLIENT_ID", FakeOidc.CLIENT_ID),
                                Map.entry("HEARTH_OIDC_CLIENT_SECRET", FakeOidc.CLIENT_SECRET),
                                Map.entry("HEARTH_OIDC_NAME", "Example ID"),
                                Map.entry("HEARTH_OIDC_LINK_BY_EMAIL", "true"),
                                Map.entry("HEARTH_OIDC_ADMIN_CLAIM", "groups"),
                                Map.entry("HEARTH_OIDC_ADMIN_VALUE", "hearth-admins")));
                writePlugins(started.pluginDir());
                started.start();
                server = started;
                upstream = fake;
                oidc = identities;
                nextcloud = cloud;
                // Hearth's redirect URI, registered as an OpenProject administrator would, once its port is known
                openproject = op.oauthClient(
                        OpenProjectIT.CLIENT_ID,
                        OpenProjectIT.CLIENT_SECRET,
                        started.uri("/api/v1/connections/openproject/callback").toString());
                atlassian = atl.oauthClient(
                        AtlassianIT.CLIENT_ID,
                        AtlassianIT.CLIENT_SECRET,
                        started.uri("/api/v1/connections/atlassian/callback").toString());
                api = new Api(server);
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedHearth.class.getName(), (ExtensionContext.Store.CloseableResource) () -> {
                            started.close();
                            fake.close();
                            cloud.close();
                            op.close();
                            atl.close();
                            identities.close();
                        });
            }
        }
    }

    static HearthServer server() {
        return server;
    }

    static Api api() {
        return api;
    }

    static FakeUpstream upstream() {
        return upstream;
    }

    static FakeNextcloud nextcloud() {
        return nextcloud;
    }

    static FakeOpenProject openproject() {
        return openproject;
    }

    static FakeOidc oidc() {
        return oidc;
    }

    static FakeAtlassian atlassian() {
        return atlassian;
    }

    /**
     * The template and the example plugins, built by their own modules, as {@code <id>-plugin.jar}; and the plugins
     * that only tests need (a hanging one, broken ones), built here.
     */
    static void writePlugins(Path dir) throws IOException {
        try (var built = Files.list(Path.of(System.getProperty("hearth.example.plugins", "target/example-plugins")))) {
            for (Path jar : built.toList()) {
                String id = jar.getFileName()
                        .toString()
                        .replaceFirst("^hearth-plugin-(example-)?", "")
                        .replaceFirst("-[0-9][^-]*\\.jar$", "");
                Files.copy(jar, dir.resolve(id + "-plugin.jar"));
            }
        }
        PluginJars.plugin()
                .source(
                        "com.example.slow.SlowpokePlugin",
                        """
                        package com.example.slow;
                        import dev.hearth.api.*;
                        import dev.hearth.api.dashboard.*;
                        import dev.hearth.api.search.*;
                        import jakarta.ws.rs.GET;
                        import jakarta.ws.rs.Path;
                        import java.net.URI;
                        import java.util.List;
                        public class SlowpokePlugin implements HearthPlugin {
                          private volatile PluginContext context;
                          public String id() { return "slowpoke"; }
                          public String name() { return "Slowpoke"; }
                          public List<SettingDefinition> settings() {
                            return List.of(SettingDefinition.of("url", "Server URL", SettingType.URL));
                          }
                          public void start(PluginContext context) { this.context = context; }
                          public List<DashboardWidget> widgets() {
                            return List.of(new DashboardWidget() {
                              public String id() { return "hang"; }
                              public String title() { return "Hanging"; }
                              public boolean needsConnection() { return false; }
                              public WidgetContent load(UserContext user) {
                                URI base = URI.create(context.settings().require("url"));
                                user.http().create(HangApi.class, base).hang();
                                return WidgetContent.of(List.of());
                              }
                            }, new DashboardWidget() {
                              public String id() { return "broken"; }
                              public String title() { return "Broken"; }
                              public int order() { return 99; }
                              public boolean needsConnection() { return false; }
                              public WidgetContent load(UserContext user) { throw new IllegalStateException("bug in widget"); }
                            });
                          }
                          public List<SearchProvider> searchProviders() {
                            return List.of(new SearchProvider() {
                              public String id() { return "hang"; }
                              public String name() { return "Hanging search"; }
                              public boolean needsConnection() { return false; }
                              public SearchResult search(UserContext user, SearchQuery query) {
                                user.http().create(HangApi.class, URI.create(context.settings().require("url"))).hang();
                                return new SearchResult(List.of(), null);
                              }
                            }, new SearchProvider() {
                              public String id() { return "broken"; }
                              public String name() { return "Broken search"; }
                              public int order() { return 99; }
                              public boolean needsConnection() { return false; }
                              public SearchResult search(UserContext user, SearchQuery query) { throw new IllegalStateException("bug"); }
                            });
                          }
                          public List<dev.hearth.api.endpoints.PluginEndpoint> endpoints() {
                            return List.of(new dev.hearth.api.endpoints.PluginEndpoint() {
                              public String path() { return "broken"; }
                              public Object get(UserContext user, java.util.Map<String, List<String>> query) {
                                throw new IllegalStateException("bug in endpoint");
                              }
                            }, new dev.hearth.api.endpoints.PluginEndpoint() {
                              public String path() { return "unwritable"; }
                              public Object get(UserContext user, java.util.Map<String, List<String>> query) {
                                return new Unwritable();
                              }
                            }, new dev.hearth.api.endpoints.PluginEndpoint() {
                              public String path() { return "teapot"; }
                              public Object get(UserContext user, java.util.Map<String, List<String>> query) {
                                throw new dev.hearth.api.endpoints.EndpointProblem(418, "short_and_stout",
                                    "I am a teapot, " + query.getOrDefault("who", List.of("nobody")).get(0));
                              }
                            });
                          }
                          public static class Unwritable {
                            public String getValue() { throw new IllegalStateException("cannot be read"); }
                          }
                          @Path("api")
                          public interface HangApi {
                            @GET @Path("hang") String hang();
                          }
                        }
                        """)
                .service("com.example.slow.SlowpokePlugin")
                .compiledWith(jakarta.ws.rs.GET.class)
                .writeTo(dir.resolve("slowpoke-plugin.jar"));
        PluginJars.simple(
                        "com.example.broken.BrokenPlugin",
                        "broken-start",
                        "Broken on start",
                        "throw new IllegalStateException(\"upstream URL is not configured\");")
                .writeTo(dir.resolve("broken-start-plugin.jar"));
        PluginJars.plugin()
                .source(
                        "com.example.sneaky.SneakyPlugin",
                        """
                        package com.example.sneaky;
                        import dev.hearth.api.*;
                        public class SneakyPlugin implements HearthPlugin {
                          public String id() { return "sneaky"; }
                          public String name() { return "Sneaky"; }
                          public void start(PluginContext context) {
                            String key = jakarta.enterprise.inject.spi.CDI.current().select(dev.hearth.security.Secrets.class).get()
                                .decrypt("", "");
                            context.logger().log(System.Logger.Level.INFO, "sneaky read " + key);
                          }
                        }
                        """)
                .service("com.example.sneaky.SneakyPlugin")
                .compiledWith(dev.hearth.security.Secrets.class, jakarta.enterprise.inject.spi.CDI.class)
                .writeTo(dir.resolve("sneaky-plugin.jar"));
        PluginJars.plugin()
                .source(
                        "com.example.keeper.KeeperPlugin",
                        """
                        package com.example.keeper;
                        import dev.hearth.api.*;
                        import dev.hearth.api.endpoints.PluginEndpoint;
                        import java.util.*;
                        public class KeeperPlugin implements HearthPlugin {
                          private volatile PluginContext context;
                          public String id() { return "keeper"; }
                          public String name() { return "Keeper"; }
                          public void start(PluginContext context) { this.context = context; }
                          public List<PluginEndpoint> endpoints() {
                            return List.of(new PluginEndpoint() {
                              public String path() { return "check"; }
                              public Object get(UserContext user, Map<String, List<String>> query) {
                                PluginStore mine = user.store();
                                mine.put("Key", "upper");
                                mine.put("key", "lower");
                                mine.put("50%_off", "percent");
                                mine.put("50x_off", "x");
                                mine.put("a!b", "bang");
                                mine.put("key", "lower again");
                                Map<String, Object> seen = new LinkedHashMap<>();
                                seen.put("Key", mine.get("Key").orElse(null));
                                seen.put("key", mine.get("key").orElse(null));
                                seen.put("prefix50%", mine.withPrefix("50%"));
                                seen.put("prefixA!", mine.withPrefix("a!"));
                                mine.remove("Key");
                                seen.put("afterRemove", mine.withPrefix(""));
                                context.store().put("shared", "plugin-wide");
                                seen.put("pluginWide", context.store().withPrefix(""));
                                try {
                                  mine.put("", "empty key");
                                  seen.put("emptyKey", "accepted");
                                } catch (IllegalArgumentException e) {
                                  seen.put("emptyKey", "refused");
                                }
                                return seen;
                              }
                            });
                          }
                        }
                        """)
                .service("com.example.keeper.KeeperPlugin")
                .writeTo(dir.resolve("keeper-plugin.jar"));
        PluginJars.simple("com.example.copy.CopyPlugin", "hello", "Hello again", "")
                .writeTo(dir.resolve("z-duplicate-hello.jar"));
    }
}
