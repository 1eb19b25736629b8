package com.example.linked;

import dev.hearth.api.UserContext;
import dev.hearth.api.connect.ConnectedAccount;
import dev.hearth.api.search.SearchEntry;
import dev.hearth.api.search.SearchProvider;
import dev.hearth.api.search.SearchQuery;
import dev.hearth.api.search.SearchResult;
import java.net.URI;

/** The user's documents by title; the service's own cursor pages through them. */
final class DocumentSearch implements SearchProvider {

    @Override
    public String id() {
        return "docs";
    }

    @Override
    public String name() {
        return "search.name";
    }

    @Override
    public SearchResult search(UserContext user, SearchQuery query) {
        ConnectedAccount account = user.connection().orElseThrow();
        LinkedApi.Found found = user.http()
                .create(LinkedApi.class, account.instanceUrl())
                .search(query.term(), query.limit(), query.cursor());
        return new SearchResult(
                found.results().stream()
                        .map(doc -> SearchEntry.builder(doc.title())
                                .subline(user.message("search.project", doc.project()))
                                .link(URI.create(account.instanceUrl() + "/docs/" + doc.id()))
                                .build())
                        .toList(),
                found.next());
    }
}
