package dev.hearth.dashboard;

import static dev.hearth.json.Jsonp.JSON;

import dev.hearth.api.HearthPlugin;
import dev.hearth.api.dashboard.DashboardWidget;
import dev.hearth.api.dashboard.WebComponent;
import dev.hearth.api.dashboard.WidgetContent;
import dev.hearth.cluster.Cluster;
import dev.hearth.cluster.Received;
import dev.hearth.connections.ConnectionChanged;
import dev.hearth.connections.Connections;
import dev.hearth.connections.UserCall;
import dev.hearth.connections.UserConnections;
import dev.hearth.metrics.HearthMetrics;
import dev.hearth.plugins.Contribution;
import dev.hearth.plugins.PluginRegistry;
import dev.hearth.problems.ApiException;
import dev.hearth.web.PluginAssetsServlet;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
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
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The user's dashboard: which widgets exist, which the user shows, and their items. */
@ApplicationScoped
public class Dashboard {

    private static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    @Inject
    PluginRegistry plugins;

    @Inject
    Connections connections;

    @Inject
    Cluster cluster;

    @Inject
    HearthMetrics metrics;

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
        loader = new WidgetLoader(
                executor, Clock.systemUTC(), deadline, cluster.map("widgets", 50_000), metrics::widgetCache);
    }

    /**
     * A connection made, changed, expired or removed here: its widgets' results are forgotten here and in the
     * cluster's cache once the change is committed (a grid in trouble costs the shared copy, never the change).
     */
    void connectionChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default ConnectionChanged change) {
        try {
            loader.forget(change.accountId(), change.pluginId());
        } catch (RuntimeException gridTrouble) {
            loader.forgetHere(change.accountId(), change.pluginId());
            java.util.logging.Logger.getLogger(Dashboard.class.getName())
                    .log(java.util.logging.Level.WARNING, "Cannot forget shared widget results", gridTrouble);
        }
    }

    /** The same on another instance: it forgot the shared results; this one forgets what it remembers. */
    void connectionChangedElsewhere(@Observes @Received ConnectionChanged change) {
        loader.forgetHere(change.accountId(), change.pluginId());
    }

    /** Every widget of the running plugins, the user's shown ones first in their order. */
    @Transactional
    public List<WidgetInfo> widgets(long accountId, Locale locale) {
        return widgets(accountId, available(), locale);
    }

    private List<WidgetInfo> widgets(long accountId, Map<String, Contribution<DashboardWidget>> all, Locale locale) {
        List<String> layout = layout(accountId);
        List<WidgetInfo> result = new ArrayList<>();
        List<String> shown = layout == null
                ? all.values().stream()
                        .sorted(Comparator.comparingInt((Contribution<DashboardWidget> r) ->
                                        r.item().order())
                                .thenComparing(Contribution::id))
                        .map(Contribution::id)
                        .toList()
                : layout.stream().filter(all::containsKey).toList();
        shown.forEach(id -> result.add(info(all.get(id), true, locale)));
        all.values().stream()
                .filter(r -> !shown.contains(r.id()))
                .sorted(Comparator.comparingInt(
                                (Contribution<DashboardWidget> r) -> r.item().order())
                        .thenComparing(Contribution::id))
                .forEach(r -> result.add(info(r, false, locale)));
        return result;
    }

    @Transactional
    public List<WidgetInfo> saveLayout(long accountId, List<String> widgetIds, Locale locale) {
        Map<String, Contribution<DashboardWidget>> all = available();
        List<String> unknown = widgetIds.stream()
                .filter(id -> id == null || !all.containsKey(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(
                    400,
                    "unknown_widget",
                    "There are no widgets " + unknown + ".",
                    Map.of("widgets", unknown.stream().map(String::valueOf).toList()));
        }
        JsonArrayBuilder array = JSON.createArrayBuilder();
        new LinkedHashSet<>(widgetIds).forEach(array::add);
        DashboardLayout row = em.find(DashboardLayout.class, accountId);
        if (row == null) {
            row = new DashboardLayout();
            row.accountId = accountId;
            em.persist(row);
        }
        row.widgets = array.build().toString();
        row.updatedAt = Instant.now();
        return widgets(accountId, all, locale);
    }

    /** Loads the requested widgets (none named: the ones the user shows), in parallel, each with its status. */
    public List<WidgetResult> items(long accountId, String username, Locale locale, List<String> requested) {
        Map<String, Contribution<DashboardWidget>> all = available();
        List<String> ids = requested.isEmpty()
                ? widgets(accountId, all, locale).stream()
                        .filter(WidgetInfo::visible)
                        .map(WidgetInfo::id)
                        .toList()
                : List.copyOf(new LinkedHashSet<>(requested));
        List<String> unknown = ids.stream().filter(id -> !all.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(
                    400, "unknown_widget", "There are no widgets " + unknown + ".", Map.of("widgets", unknown));
        }
        UserConnections mine = connections.of(accountId, username, locale);
        Map<String, WidgetResult> answered = new LinkedHashMap<>();
        List<WidgetLoader.Job> jobs = new ArrayList<>();
        Instant now = Instant.now();
        for (String id : ids) {
            Contribution<DashboardWidget> ref = all.get(id);
            Optional<UserCall.Outcome<WidgetContent>> blocked =
                    UserCall.blocked(mine, ref.plugin(), ref.item().needsConnection());
            if (blocked.isPresent()) {
                answered.put(id, WidgetResult.of(id, blocked.get(), now));
            } else {
                jobs.add(new WidgetLoader.Job(
                        id,
                        ref.plugin().id(),
                        ttl(ref.item()),
                        () -> WidgetResult.of(
                                id,
                                UserCall.run(metrics, mine, ref.plugin(), "widget", id, ref.item()::load),
                                Instant.now())));
            }
        }
        for (WidgetResult result : loader.load(accountId, locale, jobs)) {
            answered.put(result.id(), result);
            if (WidgetResult.TIMEOUT.equals(result.status())) {
                metrics.timeout(all.get(result.id()).plugin().id(), "widget", result.id());
            }
        }
        return ids.stream().map(answered::get).toList();
    }

    private static Duration ttl(DashboardWidget widget) {
        Duration reload = widget.reloadInterval();
        return reload == null || reload.isZero() || reload.isNegative() ? DEFAULT_TTL : reload;
    }

    private Map<String, Contribution<DashboardWidget>> available() {
        return Contribution.collect(plugins.running(), "widget", HearthPlugin::widgets, DashboardWidget::id);
    }

    private List<String> layout(long accountId) {
        DashboardLayout row = em.find(DashboardLayout.class, accountId);
        if (row == null) {
            return null;
        }
        return JSON.createReader(new StringReader(row.widgets)).readArray().getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
    }

    private static WidgetInfo info(Contribution<DashboardWidget> ref, boolean visible, Locale locale) {
        DashboardWidget w = ref.item();
        Duration reload = w.reloadInterval() == null ? Duration.ZERO : w.reloadInterval();
        return new WidgetInfo(
                ref.id(),
                ref.plugin().id(),
                ref.plugin().text(w.title(), locale),
                w.iconUrl(),
                w.order(),
                reload.toSeconds(),
                component(ref),
                w.needsConnection(),
                visible);
    }

    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9._]*-[a-z0-9._-]*");

    /** The widget's own element, if it names a valid one: a custom element name and a module the plugin serves. */
    private static WebComponent component(Contribution<DashboardWidget> ref) {
        WebComponent component = ref.item().webComponent();
        if (component == null
                || component.tagName() != null
                        && TAG.matcher(component.tagName()).matches()
                        && PluginAssetsServlet.isModule(component.module())) {
            return component;
        }
        java.util.logging.Logger.getLogger(Dashboard.class.getName())
                .warning(() -> "Widget " + ref.id() + " names an invalid web component " + component
                        + "; the item list is shown instead");
        return null;
    }
}
