import { LitElement, html, css, nothing } from 'lit';
import { get, api, ApiError, Connection } from './api.js';
import { t, dateTime } from './i18n.js';
import { navigate } from './router.js';
import { shared } from './styles.js';
import './connect.js';

/** Settings → Connected accounts: every plugin that needs an account, its state, connect and disconnect. */
export class HearthConnections extends LitElement {
  static properties = { connections: { state: true }, notice: { state: true }, confirming: { state: true } };
  static styles = [
    shared,
    css`
    :host { display: block; max-width: 52rem; }
    .intro { margin: -0.4rem 0 1.2rem; }
    article { padding: 1rem 1.2rem; margin-bottom: 0.9rem; }
    .row { display: flex; align-items: center; gap: 0.8rem; flex-wrap: wrap; }
    .row h2 { flex: 1; }
    .status { font-size: 0.85rem; padding: 0.15rem 0.6rem; border-radius: 999px; background: var(--page); color: var(--muted); }
    .status.connected { background: var(--ok-soft); color: var(--ok); }
    .status.expired { background: var(--danger-soft); color: var(--danger); }
    .detail { margin: 0.3rem 0 0.8rem; font-size: 0.88rem; }
    .confirm { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin-top: 0.6rem; }
    .notice { margin-bottom: 1rem; }
  `,
  ];

  connections: Connection[] | undefined;
  notice: { kind: 'ok' | 'error'; text: string } | undefined;
  confirming = '';

  connectedCallback() {
    super.connectedCallback();
    this.fromRedirect();
    this.load();
  }

  /** The OAuth callback sends the browser here with ?plugin=…&connected=1 or &error=…. */
  private redirect: { plugin: string; error: string | null } | undefined;

  private fromRedirect() {
    const query = new URLSearchParams(location.search);
    const plugin = query.get('plugin');
    if (plugin) {
      this.redirect = { plugin, error: query.get('connected') ? null : (query.get('error') ?? 'failed') };
      navigate('/settings/connections', true);
    }
  }

  private async load() {
    this.connections = await get<Connection[]>('/api/v1/connections');
    if (this.redirect) {
      // Only what Hearth itself would put in the redirect is shown: a known plugin and an error code.
      const { plugin, error } = this.redirect;
      const name = this.connections.find((c) => c.pluginId === plugin)?.pluginName;
      if (name) {
        this.notice =
          error === null
            ? { kind: 'ok', text: t('connections.connected', { name }) }
            : {
                kind: 'error',
                text: t('connections.failed', {
                  name,
                  detail: /^[a-z_]{1,40}$/.test(error) ? error.replaceAll('_', ' ') : 'failed',
                }),
              };
      }
      this.redirect = undefined;
    }
  }

  render() {
    if (!this.connections) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    return html`
      <h1>${t('connections.title')}</h1>
      <p class="intro muted">${t('connections.intro')}</p>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      ${
        this.connections.length
          ? this.connections.map((c) => this.card(c))
          : html`<p class="muted">${t('connections.none')}</p>`
      }`;
  }

  private card(c: Connection) {
    return html`
      <article class="card" data-plugin=${c.pluginId} aria-labelledby="name-${c.pluginId}">
        <div class="row">
          <h2 id="name-${c.pluginId}">${c.pluginName}</h2>
          <span class="status ${c.status}">${
            c.status === 'connected'
              ? t('connections.connectedAs', { name: c.accountName ?? '' })
              : c.status === 'expired'
                ? t('connections.expired')
                : t('connections.notConnected')
          }</span>
        </div>
        ${
          c.status === 'connected' || c.status === 'expired'
            ? html`
          <p class="detail muted">${c.instanceUrl ?? ''}${c.connectedAt ? html` · ${t('connections.since', { date: dateTime(c.connectedAt) })}` : nothing}</p>`
            : nothing
        }
        ${
          c.status === 'expired' && c.reason
            ? html`<p class="detail reason">${t(`connections.reason.${c.reason}`, { name: c.pluginName })}${
                c.reasonDetail ? html` <span class="muted">(${c.reasonDetail})</span>` : nothing
              }</p>`
            : nothing
        }
        ${
          c.status === 'connected'
            ? this.disconnect(c)
            : html`<hearth-connect .connection=${c} @hearth-connected=${() => this.connected(c)}></hearth-connect>`
        }
      </article>`;
  }

  private disconnect(c: Connection) {
    if (this.confirming !== c.pluginId) {
      return html`<button class="danger" @click=${() => {
        this.confirming = c.pluginId;
      }}>${t('connections.disconnect')}</button>`;
    }
    return html`<div class="confirm" role="alertdialog" aria-label=${t('connections.disconnect')}>
      <span>${t('connections.disconnectConfirm', { name: c.pluginName })}</span>
      <button class="primary" @click=${() => this.doDisconnect(c)}>${t('connections.disconnect')}</button>
      <button @click=${() => {
        this.confirming = '';
      }}>${t('common.cancel')}</button>
    </div>`;
  }

  private async doDisconnect(c: Connection) {
    this.confirming = '';
    try {
      const answer = await api<{ upstreamRevoked: boolean | null; message: string | null }>(
        'DELETE',
        `/api/v1/connections/${c.pluginId}`,
      );
      this.notice =
        answer.upstreamRevoked === false && answer.message
          ? { kind: 'error', text: answer.message }
          : { kind: 'ok', text: t('connections.disconnected', { name: c.pluginName }) };
    } catch (e) {
      this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
    }
    await this.load();
  }

  private async connected(c: Connection) {
    this.notice = { kind: 'ok', text: t('connections.connected', { name: c.pluginName }) };
    await this.load();
  }
}

customElements.define('hearth-connections', HearthConnections);
