import { LitElement, html, css, nothing } from 'lit';
import { get, ApiError, Connection, WidgetInfo, WidgetItem, WidgetResult, safeUrl } from './api.js';
import { lang, t, relativeTime, dateTime } from './i18n.js';
import { shared } from './styles.js';
import './connect.js';

/** The element a plugin ships for its widget gets these properties. */
interface PluginWidgetElement extends HTMLElement {
  info?: WidgetInfo;
  result?: WidgetResult;
  locale?: string;
}

/**
 * One dashboard widget: a skeleton until its first answer, then the items (or the plugin's own element), or a
 * clear state — connect, reconnect, unreachable with retry, empty. Reloads at the widget's interval while the page
 * is visible, keeping what it shows until the new answer is there, so nothing flickers.
 */
export class HearthWidget extends LitElement {
  static properties = {
    info: { attribute: false },
    connection: { attribute: false },
    result: { state: true },
    loading: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; }
    .card { display: flex; flex-direction: column; height: 100%; min-height: 14rem; }
    header { display: flex; align-items: center; gap: 0.55rem; padding: 0.85rem 1rem 0.6rem; }
    header img { width: 1.25rem; height: 1.25rem; }
    header h2 { flex: 1; }
    header .spinner { width: 0.85rem; height: 0.85rem; }
    ul { list-style: none; margin: 0; padding: 0 0.4rem; flex: 1; }
    li a {
      display: grid; grid-template-columns: 2.2rem 1fr auto; gap: 0.1rem 0.7rem; align-items: center;
      padding: 0.55rem 0.6rem; border-radius: 8px; color: inherit; text-decoration: none;
    }
    li a:hover, li a:focus-visible { background: var(--page); }
    .avatar {
      grid-row: span 2; width: 2.2rem; height: 2.2rem; border-radius: 50%; display: grid; place-items: center;
      background: var(--accent-soft); color: var(--accent-strong); font-weight: 700; overflow: hidden;
    }
    .avatar img { width: 100%; height: 100%; object-fit: cover; }
    .title { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .meta { display: flex; gap: 0.4rem; align-items: center; justify-self: end; }
    .time { font-size: 0.78rem; color: var(--muted); white-space: nowrap; }
    .status { font-size: 0.72rem; font-weight: 600; padding: 0.05rem 0.45rem; border-radius: 4px; white-space: nowrap;
      background: var(--page); color: var(--muted); text-transform: uppercase; letter-spacing: 0.02em; }
    .status.ACTIVE { background: var(--accent-soft); color: var(--accent-strong); }
    .status.DONE { background: var(--ok-soft); color: var(--ok); }
    .status.ATTENTION { background: var(--danger-soft); color: var(--danger); }
    .subtitle { grid-column: 2 / 4; font-size: 0.86rem; color: var(--muted); overflow: hidden;
      text-overflow: ellipsis; white-space: nowrap; }
    .state { flex: 1; display: flex; flex-direction: column; align-items: flex-start; justify-content: center;
      gap: 0.8rem; padding: 0.5rem 1rem 1.2rem; }
    .state p { margin: 0; }
    .state.error p { color: var(--danger); }
    footer { display: flex; gap: 0.5rem; padding: 0.5rem 1rem 0.9rem; }
    .skeleton { padding: 0.3rem 1rem; }
    .skeleton div { display: grid; grid-template-columns: 2.2rem 1fr; gap: 0.35rem 0.7rem; padding: 0.45rem 0; }
    .skeleton span { border-radius: 6px; background: var(--line); height: 0.8rem; animation: pulse 1.4s ease-in-out infinite; }
    .skeleton span.round { grid-row: span 2; width: 2.2rem; height: 2.2rem; border-radius: 50%; }
    .skeleton span.short { width: 60%; }
    @keyframes pulse { 50% { opacity: 0.45; } }
  `,
  ];

  info!: WidgetInfo;
  connection: Connection | undefined;
  result: WidgetResult | undefined;
  loading = false;
  private timer = 0;
  private request: AbortController | undefined;
  private element: PluginWidgetElement | undefined;

  connectedCallback() {
    super.connectedCallback();
    this.load();
    document.addEventListener('visibilitychange', this.visibility);
  }

  disconnectedCallback() {
    window.clearTimeout(this.timer);
    this.request?.abort();
    document.removeEventListener('visibilitychange', this.visibility);
    super.disconnectedCallback();
  }

  private visibility = () => {
    if (
      !document.hidden &&
      this.result &&
      this.info.reloadInterval > 0 &&
      Date.now() - new Date(this.result.loadedAt).getTime() > this.info.reloadInterval * 1000
    ) {
      this.load();
    }
  };

  /** Loads the items; the previous answer stays on screen meanwhile. */
  async load() {
    window.clearTimeout(this.timer);
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.loading = true;
    try {
      const answer = await get<{ widgets: WidgetResult[] }>(
        `/api/v1/dashboard/items?widget=${encodeURIComponent(this.info.id)}`,
        request.signal,
      );
      if (this.request !== request) {
        return;
      }
      this.result = answer.widgets[0];
    } catch (e) {
      if ((e as Error).name === 'AbortError' || this.request !== request) {
        return;
      }
      this.result = {
        id: this.info.id,
        status: 'error',
        items: [],
        totalBadge: null,
        emptyText: null,
        buttons: [],
        message: e instanceof ApiError ? e.detail : String(e),
        loadedAt: new Date().toISOString(),
      };
    } finally {
      if (this.request === request) {
        this.loading = false;
      }
    }
    // A widget waiting for its account to be connected is not reloaded: that would only end a login in progress.
    const waitsForAccount = this.result?.status === 'not_connected' || this.result?.status === 'expired';
    if (this.info.reloadInterval > 0 && !waitsForAccount && this.isConnected) {
      this.timer = window.setTimeout(
        () => (document.hidden ? undefined : this.load()),
        this.info.reloadInterval * 1000,
      );
    }
  }

  render() {
    const result = this.result;
    const badge = result?.status === 'ok' && result.totalBadge ? result.totalBadge : 0;
    return html`
      <section class="card" aria-busy=${this.loading} aria-labelledby="title">
        <header>
          ${safeUrl(this.info.iconUrl) ? html`<img src=${safeUrl(this.info.iconUrl)!} alt="">` : nothing}
          <h2 id="title">${this.info.title}</h2>
          ${this.loading && result ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
          ${
            badge
              ? html`<span class="badge" title=${t('widget.unread', { count: badge })}
            aria-label=${t('widget.unread', { count: badge })}>${badge}</span>`
              : nothing
          }
        </header>
        ${result ? this.body(result) : this.skeleton()}
      </section>`;
  }

  private skeleton() {
    return html`<div class="skeleton" aria-label=${t('common.loading')}>
      ${[0, 1, 2].map(() => html`<div><span class="round"></span><span></span><span class="short"></span></div>`)}
    </div>`;
  }

  private body(result: WidgetResult) {
    const name = this.connection?.pluginName ?? this.info.title;
    switch (result.status) {
      case 'ok':
        return this.info.webComponent ? this.pluginElement(result) : this.items(result);
      case 'not_connected':
        return html`<div class="state"><p>${t('widget.notConnected', { name })}</p>${this.connect()}</div>`;
      case 'expired':
        return html`<div class="state"><p>${t('widget.expired', { name })}</p>${this.connect()}</div>`;
      default:
        return html`<div class="state error" role="alert">
          <p>${t(result.status === 'timeout' ? 'widget.timeout' : 'widget.unreachable', { name })}</p>
          <button @click=${() => this.load()}>${t('common.retry')}</button>
        </div>`;
    }
  }

  private connect() {
    return this.connection && this.connection.flows.length
      ? html`<hearth-connect .connection=${this.connection} @hearth-connected=${this.connected}></hearth-connect>`
      : nothing;
  }

  /** The dashboard reloads every widget of the plugin, this one included. */
  private connected = () => {
    this.dispatchEvent(
      new CustomEvent('hearth-connections-changed', { bubbles: true, composed: true, detail: this.info.pluginId }),
    );
  };

  private items(result: WidgetResult) {
    if (!result.items.length) {
      return html`<div class="state"><p class="muted">${result.emptyText || t('widget.empty')}</p></div>${this.buttons(result)}`;
    }
    return html`<ul>${result.items.map((item) => html`<li>${this.item(item)}</li>`)}</ul>${this.buttons(result)}`;
  }

  private item(item: WidgetItem) {
    const icon = safeUrl(item.iconUrl);
    const content = html`
      <span class="avatar" aria-hidden="true">${
        icon ? html`<img src=${icon} alt="" loading="lazy">` : (item.title.trim()[0] ?? '•').toUpperCase()
      }</span>
      <span class="title">${item.title}</span>
      <span class="meta">
        ${item.status ? html`<span class="status ${item.status.tone}">${item.status.label}</span>` : nothing}
        ${
          item.timestamp
            ? html`<time class="time" datetime=${item.timestamp} title=${dateTime(item.timestamp)}>
          ${relativeTime(item.timestamp)}</time>`
            : nothing
        }
        ${item.badge > 0 ? html`<span class="badge" aria-label=${t('widget.unread', { count: item.badge })}>${item.badge}</span>` : nothing}
      </span>
      ${item.subtitle ? html`<span class="subtitle">${item.subtitle}</span>` : nothing}`;
    const link = safeUrl(item.link);
    return link
      ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${content}</a>`
      : html`<a>${content}</a>`;
  }

  private buttons(result: WidgetResult) {
    const buttons = result.buttons.filter((b) => safeUrl(b.link));
    return buttons.length
      ? html`<footer>${buttons.map(
          (b) => html`
      <a class="button" href=${safeUrl(b.link)!} target="_blank" rel="noopener noreferrer">${b.text}</a>`,
        )}</footer>`
      : nothing;
  }

  /**
   * The plugin's own element, made once its module (loaded from the plugin's JAR) has defined it, so that the
   * properties set here reach the element's own setters; it gets each new answer and re-renders itself.
   */
  private pluginElement(result: WidgetResult) {
    const component = this.info.webComponent!;
    if (!this.element) {
      if (!customElements.get(component.tagName)) {
        const url =
          `/plugin-assets/${encodeURIComponent(this.info.pluginId)}/` +
          component.module.split('/').map(encodeURIComponent).join('/');
        import(url)
          .then(() => customElements.whenDefined(component.tagName))
          .then(
            () => this.requestUpdate(),
            () => {
              this.result = { ...result, status: 'error' };
            },
          );
        return this.skeleton();
      }
      this.element = document.createElement(component.tagName) as PluginWidgetElement;
    }
    this.element.info = this.info;
    this.element.result = result;
    this.element.locale = lang;
    return html`<div class="state plugin">${this.element}</div>`;
  }
}

customElements.define('hearth-widget', HearthWidget);
