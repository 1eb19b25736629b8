package dev.hearth.atlassian;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * Atlassian's API gateway ({@code https://api.atlassian.com}, the {@code apiUrl} setting) as a MicroProfile Rest
 * Client: the 3LO token's sites and owner, and the Jira and Confluence REST APIs of each site under
 * {@code /ex/jira/{cloudId}} and {@code /ex/confluence/{cloudId}}. Answers are read as text and parsed by {@link
 * Bodies}, so that garbage becomes a clear error; {@link GatewayErrors} reads the error bodies.
 *
 * <p>No class-level annotations of Jakarta REST: the interface lives in the WAR, and must not look like a server
 * resource or provider to the server's scanning.
 */
@RegisterProvider(GatewayErrors.class)
public interface Gateway {

    String JSON = "application/json";

    /** The sites the token reaches: a JSON array, one entry per site and product. */
    @GET
    @Produces(JSON)
    @Path("/oauth/token/accessible-resources")
    String accessibleResources();

    /** The Atlassian account behind the token (scope {@code read:me}). */
    @GET
    @Produces(JSON)
    @Path("/me")
    String me();

    /** The Jira user behind the token on one site, with their time zone (scope {@code read:jira-user}). */
    @GET
    @Produces(JSON)
    @Path("/ex/jira/{cloudId}/rest/api/3/myself")
    String myself(@PathParam("cloudId") String cloudId);

    /** Enhanced JQL search ({@code nextPageToken} paging): the body is {@code {jql, fields, maxResults, ...}}. */
    @POST
    @Produces(JSON)
    @Consumes(JSON)
    @Path("/ex/jira/{cloudId}/rest/api/3/search/jql")
    String search(@PathParam("cloudId") String cloudId, String body);

    /** One issue, by key or id. */
    @GET
    @Produces(JSON)
    @Path("/ex/jira/{cloudId}/rest/api/3/issue/{key}")
    String issue(
            @PathParam("cloudId") String cloudId, @PathParam("key") String key, @QueryParam("fields") String fields);

    /** Registers dynamic webhooks (OAuth apps; scope {@code manage:jira-webhook}). */
    @POST
    @Produces(JSON)
    @Consumes(JSON)
    @Path("/ex/jira/{cloudId}/rest/api/3/webhook")
    String registerWebhooks(@PathParam("cloudId") String cloudId, String body);

    /** Extends the webhooks' life by 30 days: {@code {"webhookIds":[...]}}. */
    @PUT
    @Produces(JSON)
    @Consumes(JSON)
    @Path("/ex/jira/{cloudId}/rest/api/3/webhook/refresh")
    String refreshWebhooks(@PathParam("cloudId") String cloudId, String body);

    /** Confluence's CQL search (v1; v2 has none). */
    @GET
    @Produces(JSON)
    @Path("/ex/confluence/{cloudId}/wiki/rest/api/search")
    String confluenceSearch(
            @PathParam("cloudId") String cloudId,
            @QueryParam("cql") String cql,
            @QueryParam("limit") int limit,
            @QueryParam("cursor") String cursor);
}
