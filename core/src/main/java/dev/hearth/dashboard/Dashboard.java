package dev.hearth.dashboard;

import dev.hearth.connections.ConnectionChanged;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserConnections;
import dev.hearth.plugin.connect.UpstreamException;
import dev.hearth.plugin.dashboard.DashboardWidget;
import dev.hearth.plugin.dashboard.WidgetContent;
import dev.hearth.plugins.LoadedPlugin;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The user's dashboard: which widgets exist, which the user shows, and their items. */
@ApplicationScoped
public class Dashboard {

    private static final Logger LOGGER = Logger.getLogger(Dashboard.class.getName());
    private static final Pattern WIDGET_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    /** A widget with the plugin it belongs to. */
    record Ref(String id, LoadedPlugin plugin, DashboardWidget widget) {
    }

    @Inject
    PluginRegistry plugins;

    @Inject
    Connections connections;

    @PersistenceContext
    EntityManager em;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "hearth.dashboard.deadline", defaultValue = "PT5S")
    Duration deadline;

    private WidgetLoader loader;

    @PostConstruct
    void init() {
        loader = new WidgetLoader(executor, Clock.systemUTC(), deadline);
    }

    void connectionChanged(@Observes ConnectionChanged change) {
        loader.forget(change.accountId(), change.pluginId());
    }

    /** Every widget of the running plugins, the user's shown ones first in their order. */
    @Transactional
    public List<WidgetInfo> widgets(long accountId) {
        Map<String, Ref> all = available();
        List<String> layout = layout(accountId);
        List<WidgetInfo> result = new ArrayList<>();
        List<String> shown = layout == null
                ? all.values().stream().sorted(Comparator.comparingInt((Ref r) -> r.widget().order()).thenComparing(Ref::id))
                        .map(Ref::id).toList()
                : layout.stream().filter(all::containsKey).toList();
        shown.forEach(id -> result.add(info(all.get(id), true)));
        all.values().stream().filter(r -> !shown.contains(r.id()))
                .sorted(Comparator.comparingInt((Ref r) -> r.widget().order()).thenComparing(Ref::id))
                .forEach(r -> result.add(info(r, false)));
        return result;
    }

    @Transactional
    public List<WidgetInfo> saveLayout(long accountId, List<String> widgetIds) {
        Map<String, Ref> all = available();
        List<String> unknown = widgetIds.stream().filter(id -> id == null || !all.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(400, "unknown_widget", "There are no widgets " + unknown + ".",
                    Map.of("widgets", unknown.stream().map(String::valueOf).toList()));
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        new LinkedHashSet<>(widgetIds).forEach(array::add);
        DashboardLayout row = em.find(DashboardLayout.class, accountId);
        if (row == null) {
            row = new DashboardLayout();
            row.accountId = accountId;
            em.persist(row);
        }
        row.widgets = array.build().toString();
        row.updatedAt = Instant.now();
        return widgets(accountId);
    }

    /** Loads the requested widgets (none named: the ones the user shows), in parallel, each with its status. */
    public List<WidgetResult> items(long accountId, String username, Locale locale, List<String> requested) {
        Map<String, Ref> all = available();
        List<String> ids = requested.isEmpty()
                ? widgets(accountId).stream().filter(WidgetInfo::visible).map(WidgetInfo::id).toList()
                : List.copyOf(new LinkedHashSet<>(requested));
        List<String> unknown = ids.stream().filter(id -> !all.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(400, "unknown_widget", "There are no widgets " + unknown + ".",
                    Map.of("widgets", unknown));
        }
        UserConnections mine = connections.of(accountId, username, locale);
        Map<String, WidgetResult> answered = new LinkedHashMap<>();
        List<WidgetLoader.Job> jobs = new ArrayList<>();
        Instant now = Instant.now();
        for (String id : ids) {
            Ref ref = all.get(id);
            String status = mine.status(ref.plugin().id());
            if (ref.widget().needsConnection() && status.equals("not_connected")) {
                answered.put(id, WidgetResult.failed(id, WidgetResult.NOT_CONNECTED,
                        "Connect your " + ref.plugin().name() + " account to see this.", now));
            } else if (ref.widget().needsConnection() && status.equals("expired")) {
                answered.put(id, WidgetResult.failed(id, WidgetResult.EXPIRED,
                        "Your " + ref.plugin().name() + " connection has expired. Reconnect it.", now));
            } else {
                jobs.add(new WidgetLoader.Job(id, ref.plugin().id(), ttl(ref.widget()), () -> load(ref, mine)));
            }
        }
        loader.load(accountId, jobs).forEach(r -> answered.put(r.id(), r));
        return ids.stream().map(answered::get).toList();
    }

    private WidgetResult load(Ref ref, UserConnections mine) {
        long started = System.nanoTime();
        try {
            WidgetContent content = ref.widget().load(mine.contextFor(ref.plugin().id()));
            if (content == null) {
                throw new IllegalStateException("load() answered null");
            }
            return WidgetResult.ok(ref.id(), content, Instant.now());
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.UNAUTHORIZED) {
                mine.expire(ref.plugin().id());
                return WidgetResult.failed(ref.id(), WidgetResult.EXPIRED, "Your " + ref.plugin().name()
                        + " connection was refused. Reconnect it.", Instant.now());
            }
            return WidgetResult.failed(ref.id(), WidgetResult.ERROR, e.getMessage(), Instant.now());
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(Level.WARNING, "Widget " + ref.id() + " failed to load", e);
            return WidgetResult.failed(ref.id(), WidgetResult.ERROR, "The widget failed to load.", Instant.now());
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > 1000) {
                LOGGER.warning("Widget " + ref.id() + " took " + millis + " ms to load");
            }
        }
    }

    private static Duration ttl(DashboardWidget widget) {
        Duration reload = widget.reloadInterval();
        return reload == null || reload.isZero() || reload.isNegative() ? DEFAULT_TTL : reload;
    }

    private Map<String, Ref> available() {
        Map<String, Ref> all = new LinkedHashMap<>();
        for (LoadedPlugin plugin : plugins.running()) {
            try {
                for (DashboardWidget widget : plugin.plugin().widgets()) {
                    if (!WIDGET_ID.matcher(String.valueOf(widget.id())).matches()) {
                        LOGGER.warning("Plugin " + plugin.id() + " offers a widget with the invalid id '" + widget.id() + "'");
                        continue;
                    }
                    all.putIfAbsent(plugin.id() + "/" + widget.id(), new Ref(plugin.id() + "/" + widget.id(), plugin, widget));
                }
            } catch (RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, "Plugin " + plugin.id() + " failed to list its widgets", e);
            }
        }
        return all;
    }

    private List<String> layout(long accountId) {
        DashboardLayout row = em.find(DashboardLayout.class, accountId);
        if (row == null) {
            return null;
        }
        return Json.createReader(new StringReader(row.widgets)).readArray().getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
    }

    private static WidgetInfo info(Ref ref, boolean visible) {
        DashboardWidget w = ref.widget();
        Duration reload = w.reloadInterval() == null ? Duration.ZERO : w.reloadInterval();
        return new WidgetInfo(ref.id(), ref.plugin().id(), w.title(), w.iconUrl(), w.order(), reload.toSeconds(),
                w.webComponent(), w.needsConnection(), visible);
    }
}
