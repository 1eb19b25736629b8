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

/** An example plugin whose users connect with OAuth 2.0 (authorization code with PKCE) to the server the administrator configured, and search its documents. */
public class OAuthyPlugin implements HearthPlugin {
    private volatile PluginContext context;

    public String id() {
        return "oauthy";
    }

    public String name() {
        return "OAuthy";
    }

    public void start(PluginContext context) {
        this.context = context;
    }

    public List<SettingDefinition> settings() {
        return List.of(
                SettingDefinition.of("url", "Server URL", SettingType.URL),
                SettingDefinition.of("clientId", "OAuth client id", SettingType.STRING),
                SettingDefinition.secret("clientSecret", "OAuth client secret"));
    }

    public List<AuthFlow> authFlows() {
        PluginSettings s = context.settings();
        URI url = URI.create(s.require("url"));
        return List.of(OAuth2Flow.builder(
                        "Connect with OAuthy",
                        url,
                        URI.create(url + "/oauth/authorize"),
                        URI.create(url + "/oauth/token"),
                        s.require("clientId"),
                        (instance, http) -> {
                            Me me = http.create(MeApi.class, instance).me();
                            return new AccountIdentity(me.id, me.name);
                        })
                .clientSecret(s.get("clientSecret").orElse(null))
                .scopes(List.of("read"))
                .authorizeParameter("prompt", "consent")
                .build());
    }

    public List<SearchProvider> searchProviders() {
        return List.of(new SearchProvider() {
            public String id() {
                return "docs";
            }

            public String name() {
                return "OAuthy documents";
            }

            public SearchResult search(UserContext user, SearchQuery query) {
                Found found = user.http()
                        .create(SearchApi.class, user.connection().orElseThrow().instanceUrl())
                        .search(query.term(), query.limit());
                return new SearchResult(
                        found.results.stream()
                                .map(d -> SearchEntry.builder(d.title).build())
                                .toList(),
                        null);
            }
        });
    }

    @Path("api")
    public interface MeApi {
        @GET
        @Path("me")
        @Produces("application/json")
        Me me();
    }

    @Path("api")
    public interface SearchApi {
        @GET
        @Path("search")
        @Produces("application/json")
        Found search(@QueryParam("q") String q, @QueryParam("limit") int limit);
    }

    public static class Me {
        public String id;
        public String name;
    }

    public static class Found {
        public List<Doc> results;
    }

    public static class Doc {
        public String title;
    }
}
