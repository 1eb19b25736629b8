package dev.hearth.it;

import dev.hearth.testing.PluginJars;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Hearth for all integration test classes (each start costs half a minute): started before the first
 * class, stopped after the last. Its plugin directory holds plugin JARs built the way a third party would:
 * a working plugin with a database changelog, one that throws on start, one that reaches into Hearth's core, and
 * one that reuses a taken id.
 */
final class SharedHearth implements BeforeAllCallback {

    private static HearthServer server;
    private static Api api;
    private static FakeUpstream upstream;
    private static FakeNextcloud nextcloud;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedHearth.class) {
            if (server == null) {
                FakeUpstream fake = new FakeUpstream();
                FakeNextcloud cloud = new FakeNextcloud();
                HearthServer started = new HearthServer(Path.of(System.getProperty("hearth.it.dir", "target/it"))
                        .resolve("shared-" + System.currentTimeMillis()),
                        Map.ofEntries(Map.entry("HEARTH_PLUGIN_HELLO_URL", "https://hello.example/greetings/"),
                                Map.entry("HEARTH_PLUGIN_SLOWPOKE_URL", fake.uri().toString()),
                                Map.entry("HEARTH_ALLOWED_HOSTS", "127.0.0.1"),
                                Map.entry("HEARTH_DASHBOARD_DEADLINE", "PT2S"),
                                Map.entry("HEARTH_SEARCH_TIMEOUT", "PT5S"),
                                Map.entry("HEARTH_NOTIFICATIONS_TICK", "PT1S"),
                                Map.entry("HEARTH_NOTIFICATIONS_MIN_INTERVAL", "PT1S"),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_URL", fake.uri().toString()),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTID", FakeUpstream.CLIENT_ID),
                                Map.entry("HEARTH_PLUGIN_OAUTHY_CLIENTSECRET", FakeUpstream.CLIENT_SECRET),
                                Map.entry("HEARTH_PLUGIN_NEXTCLOUD_TALK_URL", cloud.uri().toString()),
                                Map.entry("HEARTH_PLUGIN_NEXTCLOUD_TALK_POLLSECONDS", "1")));
                writePlugins(started.pluginDir());
                started.start();
                server = started;
                upstream = fake;
                nextcloud = cloud;
                api = new Api(server);
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedHearth.class.getName(), (ExtensionContext.Store.CloseableResource) () -> {
                            started.close();
                            fake.close();
                            cloud.close();
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

    static void writePlugins(Path dir) {
        PluginJars.plugin()
                .source("com.example.hello.HelloPlugin", """
                        package com.example.hello;
                        import dev.hearth.api.*;
                        import java.util.List;
                        import java.util.Optional;
                        public class HelloPlugin implements HearthPlugin {
                          public String id() { return "hello"; }
                          public String name() { return "Hello World"; }
                          public Optional<String> changelog() { return Optional.of("META-INF/hearth/changelog/hello.xml"); }
                          public List<SettingDefinition> settings() {
                            return List.of(
                                SettingDefinition.of("greeting", "Greeting", SettingType.STRING).withDefault("Hello"),
                                SettingDefinition.of("url", "Server URL", SettingType.URL).withHelp("Where the greetings live"),
                                SettingDefinition.secret("apiKey", "API key"),
                                SettingDefinition.of("verbose", "Verbose", SettingType.BOOLEAN).withDefault("false"));
                          }
                          public void start(PluginContext context) {
                            PluginSettings s = context.settings();
                            context.logger().log(System.Logger.Level.INFO, "hello plugin started at " + context.clock().instant()
                                + ": greeting=" + s.get("greeting").orElse("-") + ", url=" + s.get("url").orElse("-")
                                + ", apiKey=" + s.get("apiKey").map(k -> "set (" + k.length() + " chars)").orElse("unset"));
                          }
                        }
                        """)
                .service("com.example.hello.HelloPlugin")
                .resource("META-INF/hearth/changelog/hello.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                            http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                          <changeSet id="1" author="hello">
                            <createTable tableName="p_hello_greeting">
                              <column name="id" type="BIGINT" autoIncrement="true"><constraints primaryKey="true"/></column>
                              <column name="text" type="VARCHAR(200)"/>
                            </createTable>
                          </changeSet>
                        </databaseChangeLog>
                        """)
                .version("1.2.3")
                .writeTo(dir.resolve("hello-plugin.jar"));
        PluginJars.plugin()
                .source("com.example.linked.LinkedPlugin", """
                        package com.example.linked;
                        import dev.hearth.api.*;
                        import dev.hearth.api.connect.*;
                        import dev.hearth.api.dashboard.*;
                        import dev.hearth.api.search.*;
                        import dev.hearth.api.notifications.*;
                        import jakarta.ws.rs.GET;
                        import jakarta.ws.rs.POST;
                        import jakarta.ws.rs.Path;
                        import jakarta.ws.rs.PathParam;
                        import jakarta.ws.rs.Produces;
                        import jakarta.ws.rs.QueryParam;
                        import java.net.URI;
                        import java.time.Duration;
                        import java.time.Instant;
                        import java.util.List;
                        public class LinkedPlugin implements HearthPlugin {
                          public String id() { return "linked"; }
                          public String name() { return "Linked Service"; }
                          public List<DashboardWidget> widgets() {
                            return List.of(new DashboardWidget() {
                              public String id() { return "items"; }
                              public String title() { return "Linked items"; }
                              public Duration reloadInterval() { return Duration.ofSeconds(30); }
                              public WidgetContent load(UserContext user) {
                                ConnectedAccount account = user.connection().orElseThrow();
                                List<Item> items = user.http().create(ItemsApi.class, account.instanceUrl()).items();
                                int unread = items.stream().mapToInt(i -> i.unread).sum();
                                return WidgetContent.builder(items.stream().map(i -> WidgetItem.builder(i.id, i.title)
                                    .subtitle("for " + account.account().displayName())
                                    .link(URI.create(account.instanceUrl() + "/items/" + i.id))
                                    .timestamp(Instant.parse(i.updated)).badge(i.unread).build()).toList())
                                    .totalBadge(unread).emptyText("Nothing new").build();
                              }
                            });
                          }
                          public List<SearchProvider> searchProviders() {
                            return List.of(new SearchProvider() {
                              public String id() { return "docs"; }
                              public String name() { return "Linked documents"; }
                              public SearchResult search(UserContext user, SearchQuery query) {
                                ConnectedAccount account = user.connection().orElseThrow();
                                Found found = user.http().create(SearchApi.class, account.instanceUrl())
                                    .search(query.term(), query.limit(), query.cursor());
                                return new SearchResult(found.results.stream().map(d -> SearchEntry.builder(d.title)
                                    .subline("Project " + d.project).link(URI.create(account.instanceUrl() + "/docs/" + d.id))
                                    .build()).toList(), found.next);
                              }
                            });
                          }
                          public List<NotificationSource> notificationSources() {
                            return List.of(new NotificationSource() {
                              public String id() { return "activity"; }
                              public Duration pollInterval() { return Duration.ofSeconds(1); }
                              public Poll poll(UserContext user, String cursor) {
                                ConnectedAccount a = user.connection().orElseThrow();
                                Feed feed = user.http().create(NotesApi.class, a.instanceUrl()).notes(cursor);
                                return new Poll(feed.items.stream().map(n -> Notification.builder(n.id, n.title, Instant.parse(n.time))
                                    .body(n.body).link(URI.create(a.instanceUrl() + "/n/" + n.id)).actor(n.actor).build()).toList(),
                                    feed.next);
                              }
                              public void markRead(UserContext user, String externalId) {
                                user.http().create(NotesApi.class, user.connection().orElseThrow().instanceUrl()).read(externalId);
                              }
                            });
                          }
                          @Path("api/notifications")
                          public interface NotesApi {
                            @GET @Produces("application/json") Feed notes(@QueryParam("cursor") String cursor);
                            @POST @Path("{id}/read") void read(@PathParam("id") String id);
                          }
                          public static class Feed {
                            public List<Note> items;
                            public String next;
                          }
                          public static class Note {
                            public String id;
                            public String title;
                            public String body;
                            public String actor;
                            public String time;
                          }
                          @Path("api")
                          public interface SearchApi {
                            @GET @Path("search") @Produces("application/json")
                            Found search(@QueryParam("q") String q, @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);
                          }
                          public static class Found {
                            public List<Doc> results;
                            public String next;
                          }
                          public static class Doc {
                            public int id;
                            public String title;
                            public String project;
                          }
                          @Path("api")
                          public interface ItemsApi {
                            @GET @Path("items") @Produces("application/json") List<Item> items();
                          }
                          public static class Item {
                            public String id;
                            public String title;
                            public int unread;
                            public String updated;
                          }
                          public List<AuthFlow> authFlows() {
                            return List.of(TokenFlow.anyInstance("Connect with a personal access token", Credential.Bearer::new,
                                (instance, http) -> {
                                  Me me = http.create(MeApi.class, instance).me();
                                  return new AccountIdentity(me.id, me.name);
                                }));
                          }
                          @Path("api")
                          public interface MeApi {
                            @GET @Path("me") @Produces("application/json") Me me();
                          }
                          public static class Me {
                            public String id;
                            public String name;
                          }
                        }
                        """)
                .service("com.example.linked.LinkedPlugin")
                .compiledWith(jakarta.ws.rs.GET.class)
                .writeTo(dir.resolve("linked-plugin.jar"));
        PluginJars.plugin()
                .source("com.example.slow.SlowpokePlugin", """
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
        PluginJars.plugin()
                .source("com.example.oauthy.OAuthyPlugin", """
                        package com.example.oauthy;
                        import dev.hearth.api.*;
                        import dev.hearth.api.connect.*;
                        import dev.hearth.api.search.*;
                        import jakarta.ws.rs.GET;
                        import jakarta.ws.rs.Path;
                        import jakarta.ws.rs.Produces;
                        import jakarta.ws.rs.QueryParam;
                        import java.net.URI;
                        import java.util.List;
                        import java.util.Map;
                        public class OAuthyPlugin implements HearthPlugin {
                          private volatile PluginContext context;
                          public String id() { return "oauthy"; }
                          public String name() { return "OAuthy"; }
                          public void start(PluginContext context) { this.context = context; }
                          public List<SettingDefinition> settings() {
                            return List.of(SettingDefinition.of("url", "Server URL", SettingType.URL),
                                SettingDefinition.of("clientId", "OAuth client id", SettingType.STRING),
                                SettingDefinition.secret("clientSecret", "OAuth client secret"));
                          }
                          public List<AuthFlow> authFlows() {
                            PluginSettings s = context.settings();
                            URI url = URI.create(s.require("url"));
                            return List.of(OAuth2Flow.builder("Connect with OAuthy", url, URI.create(url + "/oauth/authorize"),
                                URI.create(url + "/oauth/token"), s.require("clientId"), (instance, http) -> {
                                  Me me = http.create(MeApi.class, instance).me();
                                  return new AccountIdentity(me.id, me.name);
                                }).clientSecret(s.get("clientSecret").orElse(null)).scopes(List.of("read"))
                                .authorizeParameter("prompt", "consent").build());
                          }
                          public List<SearchProvider> searchProviders() {
                            return List.of(new SearchProvider() {
                              public String id() { return "docs"; }
                              public String name() { return "OAuthy documents"; }
                              public SearchResult search(UserContext user, SearchQuery query) {
                                Found found = user.http().create(SearchApi.class, user.connection().orElseThrow().instanceUrl())
                                    .search(query.term(), query.limit());
                                return new SearchResult(found.results.stream().map(d -> SearchEntry.builder(d.title).build()).toList(), null);
                              }
                            });
                          }
                          @Path("api")
                          public interface MeApi {
                            @GET @Path("me") @Produces("application/json") Me me();
                          }
                          @Path("api")
                          public interface SearchApi {
                            @GET @Path("search") @Produces("application/json") Found search(@QueryParam("q") String q, @QueryParam("limit") int limit);
                          }
                          public static class Me { public String id; public String name; }
                          public static class Found { public List<Doc> results; }
                          public static class Doc { public String title; }
                        }
                        """)
                .service("com.example.oauthy.OAuthyPlugin")
                .compiledWith(jakarta.ws.rs.GET.class)
                .writeTo(dir.resolve("oauthy-plugin.jar"));
        PluginJars.plugin()
                .source("com.example.cloudy.CloudyPlugin", """
                        package com.example.cloudy;
                        import dev.hearth.api.*;
                        import dev.hearth.api.connect.*;
                        import jakarta.ws.rs.GET;
                        import jakarta.ws.rs.HeaderParam;
                        import jakarta.ws.rs.Path;
                        import jakarta.ws.rs.Produces;
                        import jakarta.json.bind.annotation.JsonbProperty;
                        import java.util.List;
                        public class CloudyPlugin implements HearthPlugin {
                          public String id() { return "cloudy"; }
                          public String name() { return "Cloudy"; }
                          public List<AuthFlow> authFlows() {
                            return List.of(LoginFlowV2.anyInstance("Mit Cloudy verbinden", (instance, http) -> {
                              Ocs ocs = http.create(UserApi.class, instance).user("true");
                              return new AccountIdentity(ocs.ocs.data.id, ocs.ocs.data.displayName);
                            }));
                          }
                          @Path("ocs/v2.php/cloud")
                          public interface UserApi {
                            @GET @Path("user") @Produces("application/json") Ocs user(@HeaderParam("OCS-APIRequest") String ocs);
                          }
                          public static class Ocs { public Envelope ocs; }
                          public static class Envelope { public User data; }
                          public static class User {
                            public String id;
                            @JsonbProperty("display-name") public String displayName;
                          }
                        }
                        """)
                .service("com.example.cloudy.CloudyPlugin")
                .compiledWith(jakarta.ws.rs.GET.class, jakarta.json.bind.annotation.JsonbProperty.class)
                .writeTo(dir.resolve("cloudy-plugin.jar"));
        PluginJars.plugin()
                .source("com.example.painted.PaintedPlugin", """
                        package com.example.painted;
                        import dev.hearth.api.*;
                        import dev.hearth.api.dashboard.*;
                        import java.util.List;
                        public class PaintedPlugin implements HearthPlugin {
                          public String id() { return "painted"; }
                          public String name() { return "Painted"; }
                          public List<DashboardWidget> widgets() {
                            return List.of(new DashboardWidget() {
                              public String id() { return "canvas"; }
                              public String title() { return "Painted canvas"; }
                              public int order() { return 60; }
                              public boolean needsConnection() { return false; }
                              public WebComponent webComponent() { return new WebComponent("painted-canvas", "painted/canvas.js"); }
                              public WidgetContent load(UserContext user) {
                                return WidgetContent.of(List.of(WidgetItem.builder("1", "red").build(),
                                    WidgetItem.builder("2", "blue").build()));
                              }
                            });
                          }
                        }
                        """)
                .service("com.example.painted.PaintedPlugin")
                .resource("META-INF/resources/painted/canvas.js", """
                        // A plugin's own widget element, without any library: it draws what Hearth hands it.
                        class PaintedCanvas extends HTMLElement {
                          set result(result) { this._result = result; this.draw(); }
                          connectedCallback() { this.draw(); }
                          draw() {
                            if (!this._result) return;
                            const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
                            root.textContent = '';
                            const p = document.createElement('p');
                            p.textContent = 'Painted by the plugin: ' + this._result.items.map(i => i.title).join(', ');
                            root.append(p);
                          }
                        }
                        customElements.define('painted-canvas', PaintedCanvas);
                        """)
                .writeTo(dir.resolve("painted-plugin.jar"));
        PluginJars.simple("com.example.broken.BrokenPlugin", "broken-start", "Broken on start",
                "throw new IllegalStateException(\"upstream URL is not configured\");")
                .writeTo(dir.resolve("broken-start-plugin.jar"));
        PluginJars.plugin()
                .source("com.example.sneaky.SneakyPlugin", """
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
        PluginJars.simple("com.example.copy.CopyPlugin", "hello", "Hello again", "")
                .writeTo(dir.resolve("z-duplicate-hello.jar"));
    }
}
