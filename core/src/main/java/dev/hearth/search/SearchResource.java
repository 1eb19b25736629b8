package dev.hearth.search;

import dev.hearth.Roles;
import dev.hearth.accounts.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One search box over every connected system: all at once, or streamed as each provider answers. */
@Path("v1/search")
@RolesAllowed(Roles.USER)
public class SearchResource {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    Search search;

    @Context
    SecurityContext security;

    @Context
    HttpHeaders headers;

    @GET
    @Path("providers")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<ProviderInfo>> providers(@Context HttpHeaders headers) {
        return Map.of("providers", search.providers(Caller.locale(headers)));
    }

    /** {@code ?term=…&provider=…&limit=…&cursor=…}: every provider's answer, each by its timeout. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> search(
            @QueryParam("term") String term,
            @QueryParam("provider") List<String> providers,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Search.Request request = search.request(term, providers, limit, cursor);
        return Map.of(
                "term",
                request.term(),
                "providers",
                search.search(
                        Caller.accountId(security), Caller.token(security).getName(), Caller.locale(headers), request));
    }

    /**
     * The same search as Server-Sent Events: one {@code provider} event per provider as it answers (the slowest by
     * its timeout), then {@code done}.
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @QueryParam("term") String term,
            @QueryParam("provider") List<String> providers,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @Context SseEventSink sink,
            @Context Sse sse) {
        Search.Request request = search.request(term, providers, limit, cursor);
        List<CompletableFuture<ProviderResult>> answers = search.start(
                Caller.accountId(security), Caller.token(security).getName(), Caller.locale(headers), request);
        Object lock = new Object();
        List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
        for (CompletableFuture<ProviderResult> answer : answers) {
            sent.add(answer.thenAccept(result -> {
                synchronized (lock) {
                    if (!sink.isClosed()) {
                        sink.send(sse.newEventBuilder()
                                .name("provider")
                                .id(result.id())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(String.class, JSON.toJson(result))
                                .build());
                    }
                }
            }));
        }
        // after every provider's event is sent, not merely answered
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            synchronized (lock) {
                if (!sink.isClosed()) {
                    sink.send(sse.newEventBuilder()
                            .name("done")
                            .data(String.class, "{}")
                            .build());
                    sink.close();
                }
            }
        });
    }
}
