package dev.hearth.connections;

import dev.hearth.api.connect.Credential;
import dev.hearth.api.connect.HttpClients;
import dev.hearth.api.connect.UpstreamException;
import dev.hearth.json.JsonBodies;
import jakarta.json.JsonException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;

/**
 * The HTTP clients Hearth hands plugins: MicroProfile Rest Clients with Hearth's timeouts, no redirects, the SSRF
 * check before every request and connections only to the addresses it passed ({@link UpstreamPool}), the connection's {@code Authorization} header, answers read within a size limit and
 * proved complete JSON before the plugin's binding sees them, and every failure turned into an
 * {@link UpstreamException} of the right kind.
 */
public final class HostHttpClients implements HttpClients {

    private final UpstreamPool pool;
    private final Credential credential;
    /** Where the credential may go, as {@code scheme://host:port}; null: anywhere (tests of verifiers). */
    private final String origin;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int bodyLimit;

    /** Clients that send the credential to any server: for tests of a plugin's verifier only. */
    public HostHttpClients(
            UpstreamPool pool, Credential credential, Duration connectTimeout, Duration readTimeout, int bodyLimit) {
        this(pool, credential, null, connectTimeout, readTimeout, bodyLimit);
    }

    /** Clients that send the credential only to the origin (scheme, host, port) of {@code instance}. */
    public HostHttpClients(
            UpstreamPool pool,
            Credential credential,
            URI instance,
            Duration connectTimeout,
            Duration readTimeout,
            int bodyLimit) {
        this.pool = pool;
        this.credential = credential;
        this.origin = instance == null ? null : originOf(instance);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.bodyLimit = bodyLimit;
    }

    /**
     * A client for the API at the base URI, for this user. Building a Rest Client costs milliseconds (Jersey's runtime,
     * and a TLS context), so the built clients are shared, per plugin, API and base URI ({@link UpstreamPool#shared}):
     * what is this user's, the credential and where it may go, travels with each call instead, on the calling thread
     * ({@link #SENDER}), where Jersey runs a synchronous call's filters. A shared client keeps nothing of one call for
     * the next: the pool's clients manage no cookies and cache no authentication ({@link UpstreamPool}'s
     * {@code configure}). An API with an asynchronous method, whose filters run on another thread, gets a client of
     * its own with the credential built in.
     */
    @Override
    public <T> T create(Class<T> api, URI baseUri) {
        pool.guard().check(baseUri);
        Sender sender = new Sender(credential, origin);
        if (asynchronous(api)) {
            T own = build(api, baseUri, sender);
            return wrap(api, own, null);
        }
        T shared = api.cast(pool.shared(
                List.of(api, baseUri, connectTimeout, readTimeout, bodyLimit), () -> build(api, baseUri, null)));
        return wrap(api, shared, sender);
    }

    /** Who a request goes out for: the credential, and the origin it may be sent to (null: any). */
    private record Sender(Credential credential, String origin) {}

    /** The sender of the call the current thread is making through a shared client. */
    private static final ThreadLocal<Sender> SENDER = new ThreadLocal<>();

    /** A Rest Client whose requests carry the {@code sender}'s credential, or the current call's when it is null. */
    private <T> T build(Class<T> api, URI baseUri, Sender sender) {
        RestClientBuilder builder = RestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .sslContext(pool.sslContext()) // else Jersey loads the server's key store again for each client
                .register(new Apache5ConnectorProvider())
                .register(pool.restClientConfigurator())
                .register(new Outgoing(pool.guard(), sender))
                .register(new StatusMapper())
                .register(new Incoming(bodyLimit));
        pool.restClientProperties().forEach(builder::property);
        return builder.build(api);
    }

    private static boolean asynchronous(Class<?> api) {
        for (Method method : api.getMethods()) {
            if (java.util.concurrent.CompletionStage.class.isAssignableFrom(method.getReturnType())
                    || java.util.concurrent.Future.class.isAssignableFrom(method.getReturnType())) {
                return true;
            }
        }
        return false;
    }

    /** The plugin's client: calls go to {@code client} for the sender; closing a shared client does nothing. */
    private <T> T wrap(Class<T> api, T client, Sender sender) {
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) -> {
            if (sender != null && method.getName().equals("close") && method.getParameterCount() == 0) {
                return null; // an API may extend AutoCloseable: one user's close() must not close everyone's client
            }
            return call(client, sender, method, args);
        }));
    }

    /**
     * Calls the client for the sender; a {@code 429} whose {@code Retry-After} fits in what is left of the read timeout
     * is waited out and the call made again (twice at most), so that a rate-limited upstream is neither hammered nor
     * given up on at once. A longer wait fails the call with status 429 and the wait in its message.
     */
    private Object call(Object client, Sender sender, Method method, Object[] args) throws InterruptedException {
        Duration waited = Duration.ZERO;
        for (int attempt = 0; ; attempt++) {
            Sender before = SENDER.get();
            SENDER.set(sender);
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                RuntimeException failure = translate(e.getCause());
                if (!(failure instanceof RateLimited limited)
                        || attempt == 2
                        || waited.plus(limited.retryAfter).compareTo(readTimeout) > 0) {
                    throw failure;
                }
                Thread.sleep(limited.retryAfter.toMillis());
                waited = waited.plus(limited.retryAfter);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } finally {
                SENDER.set(before);
            }
        }
    }

    static RuntimeException translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamException upstream) {
                return upstream; // ours, or the guard's refusal from inside the connection pool
            }
        }
        if (failure instanceof ProcessingException processing) {
            Throwable cause = processing.getCause();
            if (cause instanceof java.io.IOException) {
                return new UpstreamException(
                        UpstreamException.Kind.UNAVAILABLE,
                        "The upstream server could not be reached or did not answer in time",
                        processing);
            }
            return new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, "The upstream server's answer could not be read", processing);
        }
        if (failure instanceof WebApplicationException wae) {
            return new StatusMapper().toThrowable(wae.getResponse());
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(failure);
    }

    /**
     * Checks every request's URL again, and adds the credential when the request goes to the connection's server: the
     * client's own sender's, or on a shared client the current call's.
     */
    private record Outgoing(UrlGuard guard, Sender own) implements ClientRequestFilter {
        @Override
        public void filter(ClientRequestContext request) {
            guard.check(request.getUri());
            Sender sender = own != null ? own : SENDER.get();
            if (sender != null
                    && sender.credential() != null
                    && (sender.origin() == null || sender.origin().equals(originOf(request.getUri())))) {
                request.getHeaders()
                        .putSingle(
                                HttpHeaders.AUTHORIZATION, sender.credential().authorization());
            }
        }
    }

    /** A URI's origin: scheme, host and port (the scheme's default made explicit), lower-case. */
    static String originOf(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    /**
     * Reads each answer whole, up to the limit, and a JSON answer to its end before the plugin's binding does
     * ({@link JsonBodies}): an upstream that cuts its answer short, or sends too much, is a {@code BAD_RESPONSE}; one
     * whose answer cannot be read to its end (it trickled past the pool's deadline, say) is {@code UNAVAILABLE}, as the
     * plugin's own kind: a binding that reads the entity later must not see a bare IOException.
     */
    private record Incoming(int limit) implements ReaderInterceptor {
        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) {
            try {
                JsonBodies.check(context, limit);
                return context.proceed();
            } catch (JsonBodies.TooLarge e) {
                throw new UpstreamException(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "The upstream server's answer is longer than " + limit + " bytes");
            } catch (JsonException e) {
                throw new UpstreamException(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "The upstream server's answer is not valid JSON: " + e.getMessage(),
                        e);
            } catch (IOException e) {
                throw new UpstreamException(
                        UpstreamException.Kind.UNAVAILABLE,
                        "The upstream server's answer could not be read to its end in time",
                        e);
            }
        }
    }

    /** A {@code 429 Too Many Requests}, with how long the upstream asked to wait. */
    static final class RateLimited extends UpstreamException {
        private static final long serialVersionUID = 1L;

        final transient Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "The upstream server is limiting requests (HTTP 429); it asks to wait " + retryAfter.toSeconds()
                            + " s",
                    429);
            this.retryAfter = retryAfter;
        }
    }

    /**
     * Error statuses: 401 and 403 mean the credential was refused; anything else is a bad response. Redirects are
     * not followed, so they are errors too, except 304 Not Modified, the answer to a conditional request
     * ({@code If-None-Match}) that a client returning {@code Response} reads itself.
     */
    static final class StatusMapper implements ResponseExceptionMapper<UpstreamException> {
        @Override
        public boolean handles(int status, MultivaluedMap<String, Object> headers) {
            return status >= 300 && status != 304;
        }

        @Override
        public UpstreamException toThrowable(Response response) {
            if (response.getStatus() == 429) {
                return new RateLimited(retryAfter(response.getHeaderString("Retry-After")));
            }
            return of(response.getStatus());
        }

        /** {@code Retry-After} in seconds or as an HTTP date (RFC 9110 10.2.3); a second when missing or unreadable. */
        static Duration retryAfter(String header) {
            if (header != null) {
                String value = header.trim();
                try {
                    return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
                } catch (NumberFormatException notSeconds) {
                    try {
                        Duration until = Duration.between(
                                Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                        return until.isNegative() ? Duration.ZERO : until;
                    } catch (DateTimeParseException notDate) {
                        // fall through
                    }
                }
            }
            return Duration.ofSeconds(1);
        }

        static UpstreamException of(int status) {
            if (status == 401 || status == 403) {
                return new UpstreamException(
                        UpstreamException.Kind.UNAUTHORIZED,
                        "The upstream server refused the credential (HTTP " + status + ")",
                        status);
            }
            return new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE, "The upstream server answered HTTP " + status, status);
        }
    }
}
