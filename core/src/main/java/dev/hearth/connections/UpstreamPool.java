package dev.hearth.connections;

import dev.hearth.api.connect.UpstreamException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5HttpClientBuilderConfigurator;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.RequestEntityProcessing;

/**
 * The connections one plugin reaches its upstreams through (plugins' Rest Clients and Hearth's own OAuth and Login
 * Flow calls alike): a pool of Apache HttpClient 5 connections whose DNS resolver is the {@link UrlGuard}. A connection
 * goes only to an address the guard passed at the moment it was resolved for that connection, so a name that answers
 * a public address to the check and an internal one a moment later (DNS rebinding) reaches nothing. TLS still checks
 * the certificate against the host name. Every exchange is over by a deadline, however slowly the server answers. No
 * redirects, retries, cookies or proxies.
 */
public final class UpstreamPool implements AutoCloseable {

    /** A resolver's refusal, carrying the guard's reason to whoever made the call. */
    static final class Refused extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        Refused(UpstreamException reason) {
            super(reason.getMessage());
            initCause(reason);
        }
    }

    private static final HttpRequestRetryStrategy NO_RETRIES = new StaleConnectionRetry();

    /**
     * Nothing is retried, except a {@code GET} or {@code HEAD} whose pooled connection the server had closed (no
     * answer at all, or a reset): a server restarted, or one that closed an idle connection less than the 100 ms
     * after which the pool checks it. That is tried once more, at once, on another connection. A request that got any
     * answer, timed out or could not connect is not repeated, and nothing that may act upstream ({@code POST},
     * {@code PUT}, {@code DELETE}) is.
     */
    static final class StaleConnectionRetry implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException failure, int execCount, HttpContext context) {
            return execCount == 1
                    && (Method.GET.isSame(request.getMethod()) || Method.HEAD.isSame(request.getMethod()))
                    && (failure instanceof NoHttpResponseException
                            || failure instanceof SocketException
                                    && !(failure instanceof ConnectException)
                                    && !(failure instanceof NoRouteToHostException));
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }

    private final UrlGuard guard;
    private final PoolingHttpClientConnectionManager connections;
    private final RequestConfig requests;
    private final CloseableHttpClient client;
    private final Duration deadline;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param connectTimeout for connecting, and for waiting for a pooled connection
     * @param readTimeout for each read; an exchange as a whole (connecting, the answer's headers and its body) must be
     *     over within the connect timeout and twice the read timeout
     */
    public UpstreamPool(UrlGuard guard, Duration connectTimeout, Duration readTimeout) {
        this.guard = guard;
        this.deadline = deadline(connectTimeout, readTimeout);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "hearth-upstream-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        try {
                            return guard.addresses(host);
                        } catch (UpstreamException e) {
                            throw new Refused(e);
                        }
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host; // only for Kerberos, which Hearth does not use: no lookup
                    }
                })
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(50)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        // a connection the server closed while idle is not used again (checked after 100 ms idle, which
                        // costs up to
                        // a millisecond): nothing is retried, as a retried POST could act twice upstream
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(100))
                        .build())
                .build();
        // waiting for a pooled connection counts as connecting
        this.requests = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(readTimeout))
                .setRedirectsEnabled(false)
                .build();
        this.client = configure(HttpClientBuilder.create())
                .setConnectionManager(connections)
                .setConnectionManagerShared(true)
                .setDefaultRequestConfig(requests)
                .setRetryStrategy(NO_RETRIES)
                .disableRedirectHandling()
                .setUserAgent("Hearth")
                .build();
    }

    /** How long an exchange may take as a whole: connecting, then the answer's headers and its body, each a read. */
    static Duration deadline(Duration connectTimeout, Duration readTimeout) {
        return connectTimeout.plus(readTimeout.multipliedBy(2));
    }

    public UrlGuard guard() {
        return guard;
    }

    /**
     * What every client of this pool is (Hearth's own, and Jersey's through its configurator hook): the deadline, no
     * cookies, no compression (answers as the upstream sends them, as before the pool), no authentication caching.
     */
    private HttpClientBuilder configure(HttpClientBuilder builder) {
        return builder.addExecInterceptorFirst("hearth-deadline", this::withDeadline)
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching();
    }

    /**
     * Ends an exchange that is not over by the deadline, headers and body alike: its connection is closed under it, so
     * the read in progress fails however slowly the server trickles. An answer read to its end puts the connection
     * back in the pool and cancels the deadline; one closed before its end (too long, or not wanted) drops its
     * connection instead of reading the rest, which a server could make last as long as it likes.
     */
    private ClassicHttpResponse withDeadline(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ScheduledFuture<?> expiry =
                timer.schedule(scope.execRuntime::discardEndpoint, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                expiry.cancel(false);
            } else {
                response.setEntity(new HttpEntityWrapper(entity) {
                    @Override
                    public InputStream getContent() throws IOException {
                        return new Watched(super.getContent(), expiry, scope.execRuntime);
                    }
                });
            }
            return response;
        } catch (IOException | HttpException | RuntimeException e) {
            expiry.cancel(false);
            throw e;
        }
    }

    /** An answer's body as the deadline watches it: its end cancels the deadline, an early close drops the connection. */
    private static final class Watched extends FilterInputStream {
        private final ScheduledFuture<?> expiry;
        private final ExecRuntime exchange;
        private boolean ended;

        Watched(InputStream body, ScheduledFuture<?> expiry, ExecRuntime exchange) {
            super(body);
            this.expiry = expiry;
            this.exchange = exchange;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return ended(super.read(bytes, offset, length));
        }

        private int ended(int read) {
            if (read < 0) {
                ended = true;
                expiry.cancel(false);
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            expiry.cancel(false);
            if (!ended) {
                exchange.discardEndpoint();
            }
            super.close();
        }
    }

    /** Rest Clients shared by the plugin's users, by what they were built for ({@link HostHttpClients#create}). */
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();

    private static final int MAX_SHARED = 256;

    /** The shared client built for this key, built now if there is none (too many: all are let go, to be built again). */
    Object shared(Object key, Supplier<Object> build) {
        Object client = shared.get(key);
        if (client == null) {
            if (shared.size() >= MAX_SHARED) {
                shared.clear();
            }
            client = shared.computeIfAbsent(key, k -> build.get());
        }
        return client;
    }

    /**
     * The JVM's default TLS context, handed to Jersey's clients only so that building one does not load the server's
     * key store again: their connections are this pool's, whose own TLS setup is what is used.
     */
    SSLContext sslContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
    }

    /** The client for Hearth's own calls ({@link BoundedHttp}). */
    CloseableHttpClient client() {
        return client;
    }

    /** The properties that make a Jersey (MicroProfile Rest) client use this pool. */
    Map<String, Object> restClientProperties() {
        return Map.of(
                Apache5ClientProperties.CONNECTION_MANAGER, connections,
                Apache5ClientProperties.CONNECTION_MANAGER_SHARED, true,
                Apache5ClientProperties.REQUEST_CONFIG, requests,
                Apache5ClientProperties.RETRY_STRATEGY, NO_RETRIES,
                // a Content-Length instead of chunks: what every upstream accepts
                ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED);
    }

    /** The hook through which Jersey's client for this pool gets the deadline; register it on the Rest Client. */
    Apache5HttpClientBuilderConfigurator restClientConfigurator() {
        return this::configure;
    }

    @Override
    public void close() {
        connections.close();
        timer.shutdownNow();
    }
}
