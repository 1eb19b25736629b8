import { LitElement, html, css, nothing } from 'lit';
import { get, api, ApiError, Connection, WidgetInfo } from './api.js';
import { t } from './i18n.js';
import { shared } from './styles.js';
import './widget.js';
import type { HearthWidget } from './widget.js';

/** The user's widgets in a responsive grid (three columns on a wide screen, one on a phone), and their layout. */
export class HearthDashboard extends LitElement {
  static properties = {
    widgets: { state: true },
    connections: { state: true },
    editing: { state: true },
    draft: { state: true },
    error: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; }
    .top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 1rem; }
    .top h1 { margin: 0; }
    .grid { display: grid; gap: 1rem; grid-template-columns: repeat(3, minmax(0, 1fr)); }
    @media (max-width: 1100px) { .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    @media (max-width: 700px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    .editor { padding: 1rem 1.2rem; margin-bottom: 1rem; }
    .editor ol { list-style: none; padding: 0; margin: 0.8rem 0; }
    .editor li { display: flex; align-items: center; gap: 0.6rem; padding: 0.35rem 0; border-bottom: 1px solid var(--line); }
    .editor li label { flex: 1; margin: 0; font-weight: 500; font-size: 0.95rem; display: flex; gap: 0.5rem; align-items: center; }
    .editor .actions { display: flex; gap: 0.5rem; }
    .empty { padding: 2rem; text-align: center; }
  `,
  ];

  widgets: WidgetInfo[] | undefined;
  connections: Map<string, Connection> = new Map();
  editing = false;
  draft: WidgetInfo[] = [];
  error = '';
  private ticker = 0;

  connectedCallback() {
    super.connectedCallback();
    this.load();
    // Relative times ("5 minutes ago") move on even when a widget does not reload.
    this.ticker = window.setInterval(
      () => this.renderRoot.querySelectorAll('hearth-widget').forEach((w) => (w as LitElement).requestUpdate()),
      60_000,
    );
  }

  disconnectedCallback() {
    window.clearInterval(this.ticker);
    super.disconnectedCallback();
  }

  private async load() {
    try {
      const [widgets, connections] = await Promise.all([
        get<{ widgets: WidgetInfo[] }>('/api/v1/dashboard/widgets'),
        get<Connection[]>('/api/v1/connections'),
      ]);
      this.connections = new Map(connections.map((c) => [c.pluginId, c]));
      this.widgets = widgets.widgets;
    } catch (e) {
      this.error = e instanceof ApiError ? e.detail : String(e);
    }
  }

  /** A plugin's account was connected from one of its widgets: every widget of that plugin loads again. */
  private reloadConnections = async (event: CustomEvent<string>) => {
    const connections = await get<Connection[]>('/api/v1/connections');
    this.connections = new Map(connections.map((c) => [c.pluginId, c]));
    this.renderRoot
      .querySelectorAll<HearthWidget>('hearth-widget')
      .forEach((widget) => (widget.info.pluginId === event.detail ? widget.load() : undefined));
  };

  render() {
    if (this.error) {
      return html`<div class="notice error" role="alert">${t('common.error', { detail: this.error })}</div>`;
    }
    if (!this.widgets) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    const shown = this.widgets.filter((w) => w.visible);
    return html`
      <div class="top">
        <h1>${t('dashboard.title')}</h1>
        <button @click=${this.edit} aria-expanded=${this.editing}>${t('dashboard.customize')}</button>
      </div>
      ${this.editing ? this.editor() : nothing}
      ${
        shown.length
          ? html`<div class="grid" @hearth-connections-changed=${this.reloadConnections}>
        ${shown.map((w) => html`<hearth-widget .info=${w} .connection=${this.connections.get(w.pluginId)}></hearth-widget>`)}
      </div>`
          : html`<div class="card empty muted">${t('dashboard.none')}</div>`
      }`;
  }

  private edit = () => {
    this.editing = !this.editing;
    this.draft = [...(this.widgets ?? [])];
  };

  private editor() {
    return html`
      <section class="card editor" aria-label=${t('dashboard.customizeTitle')}>
        <h2>${t('dashboard.customizeTitle')}</h2>
        <ol>
          ${this.draft.map(
            (w, i) => html`
            <li>
              <label><input type="checkbox" .checked=${w.visible}
                @change=${(e: Event) => this.toggle(i, (e.target as HTMLInputElement).checked)}>${w.title}</label>
              <button class="link" ?disabled=${i === 0} aria-label=${t('dashboard.moveUp', { name: w.title })}
                @click=${() => this.move(i, -1)}>↑</button>
              <button class="link" ?disabled=${i === this.draft.length - 1}
                aria-label=${t('dashboard.moveDown', { name: w.title })} @click=${() => this.move(i, 1)}>↓</button>
            </li>`,
          )}
        </ol>
        <div class="actions">
          <button class="primary" @click=${this.save}>${t('common.save')}</button>
          <button @click=${() => {
            this.editing = false;
          }}>${t('common.cancel')}</button>
        </div>
      </section>`;
  }

  private toggle(index: number, visible: boolean) {
    this.draft = this.draft.map((w, i) => (i === index ? { ...w, visible } : w));
  }

  private move(index: number, by: number) {
    const draft = [...this.draft];
    const [moved] = draft.splice(index, 1);
    draft.splice(index + by, 0, moved);
    this.draft = draft;
  }

  private save = async () => {
    try {
      const saved = await api<{ widgets: WidgetInfo[] }>('PUT', '/api/v1/dashboard/layout', {
        widgets: this.draft.filter((w) => w.visible).map((w) => w.id),
      });
      this.widgets = saved.widgets;
      this.editing = false;
    } catch (e) {
      this.error = e instanceof ApiError ? e.detail : String(e);
    }
  };
}

customElements.define('hearth-dashboard', HearthDashboard);
