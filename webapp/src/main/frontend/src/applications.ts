import { LitElement, html, css, nothing } from 'lit';
import { get, api, ApiError, Authorized, OAuthClient } from './api.js';
import { t, dateTime } from './i18n.js';
import { shared } from './styles.js';

/** The scopes a client can ask for, with the words the consent page uses. */
const SCOPE_WORDS = ['openid', 'profile', 'email', 'api_read', 'api_write', 'admin'] as const;
type ScopeWord = (typeof SCOPE_WORDS)[number];
const scopeText = (scope: string) =>
  SCOPE_WORDS.includes(scope as ScopeWord) ? t(`scope.${scope as ScopeWord}`) : scope;

const panel = css`
  :host { display: block; }
  .card { padding: 1rem 1.2rem; margin-bottom: 1rem; }
  .notice { margin-bottom: 1rem; }
  .actions { display: flex; gap: 0.5rem; margin-top: 1rem; align-items: center; flex-wrap: wrap; }
  .copy { display: flex; gap: 0.5rem; margin-top: 0.4rem; }
  .copy code { flex: 1; padding: 0.45rem 0.6rem; background: var(--page); border: 1px solid var(--line);
    border-radius: 8px; overflow-wrap: anywhere; font-size: 0.85rem; }
  textarea { font: inherit; width: 100%; min-height: 4.5rem; padding: 0.5rem 0.65rem; border: 1px solid var(--line);
    border-radius: 8px; background: var(--page); color: var(--text); }
  .table { overflow-x: auto; padding: 0; }
  ul.scopes { margin: 0.4rem 0 0; padding-left: 1.2rem; }
  .made { border-color: var(--ok); }
`;

/**
 * The authorization page (/oauth2/authorize): names the application and, in words, what it asks for; Allow sends
 * the browser back to the application with a code, Deny with access_denied. An application the user already allowed
 * these scopes goes straight back.
 */
export class HearthConsent extends LitElement {
  static properties = { asked: { state: true }, error: { state: true }, busy: { state: true } };
  static styles = [
    shared,
    panel,
    css`
    :host { max-width: 34rem; margin: 2rem auto; }
    h1 { font-size: 1.3rem; }
    ul.scopes li { margin: 0.3rem 0; }
    .actions button { flex: 1; justify-content: center; }
  `,
  ];

  asked: { client: string; scopes: string[] } | undefined;
  error = '';
  busy = false;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private async load() {
    try {
      this.follow(
        await get<{ client?: string; scopes?: string[]; redirect?: string }>(
          `/api/v1/oauth2/authorize${location.search}`,
        ),
      );
    } catch (e) {
      this.error = e instanceof ApiError ? e.detail : String(e);
    }
  }

  private follow(answer: { client?: string; scopes?: string[]; redirect?: string }) {
    if (answer.redirect) {
      location.replace(answer.redirect);
    } else {
      this.asked = { client: answer.client ?? '', scopes: answer.scopes ?? [] };
    }
  }

  private async decide(approve: boolean) {
    this.busy = true;
    try {
      this.follow(
        await api<{ redirect: string }>('POST', '/api/v1/oauth2/authorize', {
          request: location.search.replace(/^\?/, ''),
          approve,
        }),
      );
    } catch (e) {
      this.busy = false;
      this.error = e instanceof ApiError ? e.detail : String(e);
    }
  }

  render() {
    if (this.error) {
      return html`<div class="card"><h1>${t('consent.problem')}</h1>
        <div class="notice error" role="alert">${this.error}</div></div>`;
    }
    if (!this.asked) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    return html`
      <section class="card" aria-labelledby="consent-title">
        <h1 id="consent-title">${t('consent.title', { client: this.asked.client })}</h1>
        <p>${t('consent.asks', { client: this.asked.client })}</p>
        <ul class="scopes">${this.asked.scopes.map((s) => html`<li data-scope=${s}>${scopeText(s)}</li>`)}</ul>
        <p class="help">${t('consent.revoke')}</p>
        <div class="actions">
          <button @click=${() => this.decide(false)} ?disabled=${this.busy}>${t('consent.deny')}</button>
          <button class="primary" @click=${() => this.decide(true)} ?disabled=${this.busy}>${t('consent.allow')}</button>
        </div>
      </section>`;
  }
}

/** Administration → Authentication: the applications that use Hearth to sign in and to call its API. */
export class HearthClients extends LitElement {
  static properties = {
    clients: { state: true },
    shown: { state: true },
    editing: { state: true },
    notice: { state: true },
  };
  static styles = [
    shared,
    panel,
    css`
    form .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 0 0.8rem; }
    @media (max-width: 700px) { form .fields { grid-template-columns: 1fr; } }
    td code { font-size: 0.8rem; }
    td .uris { font-size: 0.8rem; color: var(--muted); overflow-wrap: anywhere; }
  `,
  ];

  clients: OAuthClient[] | undefined;
  shown: OAuthClient | undefined;
  editing: number | undefined;
  notice: { kind: 'ok' | 'error'; text: string } | undefined;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private async load() {
    try {
      this.clients = await get<OAuthClient[]>('/api/v1/admin/oauth2/clients');
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
  }

  private static uris(data: FormData) {
    return String(data.get('redirectUris') ?? '')
      .split('\n')
      .map((u) => u.trim())
      .filter((u) => u);
  }

  render() {
    return html`
      <p class="muted">${t('clients.intro')}</p>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      ${this.shown ? this.secret(this.shown) : nothing}
      <form class="card" @submit=${this.register} aria-label=${t('clients.new')}>
        <h2>${t('clients.new')}</h2>
        <div class="fields">
          <div><label for="client-name">${t('clients.name')}</label>
            <input id="client-name" name="name" type="text" required maxlength="100"></div>
          <div><label for="client-type">${t('clients.type')}</label>
            <select id="client-type" name="type">
              <option value="confidential">${t('clients.confidential')}</option>
              <option value="public">${t('clients.public')}</option></select></div>
        </div>
        <label for="client-uris">${t('clients.redirectUris')}</label>
        <textarea id="client-uris" name="redirectUris" required placeholder="https://app.example/callback"></textarea>
        <div class="help">${t('clients.redirectHelp')}</div>
        <div class="actions"><button class="primary" type="submit">${t('clients.register')}</button></div>
      </form>
      ${this.list()}`;
  }

  private secret(client: OAuthClient) {
    return html`
      <section class="card made" aria-labelledby="client-made">
        <h2 id="client-made">${t('clients.made', { name: client.name })}</h2>
        <label>${t('clients.clientId')}</label>
        <div class="copy"><code data-client-id>${client.clientId}</code></div>
        ${
          client.clientSecret
            ? html`<label>${t('clients.secret')}</label>
          <div class="copy"><code data-client-secret>${client.clientSecret}</code>
            <button type="button" @click=${() => navigator.clipboard?.writeText(client.clientSecret ?? '').catch(() => undefined)}>
              ${t('admin.copy')}</button></div>
          <p class="help">${t('tokens.once')}</p>`
            : nothing
        }
        <div class="actions"><button @click=${() => {
          this.shown = undefined;
        }}>${t('tokens.done')}</button></div>
      </section>`;
  }

  private list() {
    if (!this.clients) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    if (!this.clients.length) {
      return html`<p class="muted">${t('clients.none')}</p>`;
    }
    return html`<div class="card table"><table>
      <thead><tr><th>${t('clients.name')}</th><th>${t('clients.clientId')}</th><th>${t('clients.type')}</th><th></th></tr></thead>
      <tbody>${this.clients.map((c) =>
        this.editing === c.id
          ? html`<tr data-client=${c.name}><td colspan="4">${this.editForm(c)}</td></tr>`
          : html`<tr data-client=${c.name}>
        <td>${c.name}<div class="uris">${c.redirectUris.join(' · ')}</div></td>
        <td><code>${c.clientId}</code></td>
        <td>${c.confidential ? t('clients.confidential') : t('clients.public')}</td>
        <td>
          <button class="link" @click=${() => {
            this.editing = c.id;
          }}>${t('clients.edit')}</button>
          ${c.confidential ? html`<button class="link" @click=${() => this.rotate(c)}>${t('clients.rotate')}</button>` : nothing}
          <button class="link danger" @click=${() => this.deleteClient(c)}>${t('common.delete')}</button>
        </td></tr>`,
      )}</tbody></table></div>`;
  }

  private editForm(c: OAuthClient) {
    return html`<form @submit=${(e: SubmitEvent) => this.save(e, c)} aria-label=${t('clients.edit')}>
      <label for="edit-name">${t('clients.name')}</label>
      <input id="edit-name" name="name" type="text" .value=${c.name} required maxlength="100">
      <label for="edit-uris">${t('clients.redirectUris')}</label>
      <textarea id="edit-uris" name="redirectUris" .value=${c.redirectUris.join('\n')}></textarea>
      <div class="actions"><button class="primary" type="submit">${t('common.save')}</button>
        <button type="button" @click=${() => {
          this.editing = undefined;
        }}>${t('common.cancel')}</button></div>
    </form>`;
  }

  private register = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      this.shown = await api<OAuthClient>('POST', '/api/v1/admin/oauth2/clients', {
        name: String(data.get('name') ?? ''),
        redirectUris: HearthClients.uris(data),
        confidential: data.get('type') !== 'public',
      });
      this.notice = undefined;
      form.reset();
      await this.load();
    } catch (e) {
      this.fail(e);
    }
  };

  private async save(event: SubmitEvent, client: OAuthClient) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    try {
      await api('PATCH', `/api/v1/admin/oauth2/clients/${client.id}`, {
        name: String(data.get('name') ?? ''),
        redirectUris: HearthClients.uris(data),
      });
      this.editing = undefined;
      this.notice = { kind: 'ok', text: `${client.name}: ${t('common.saved')}` };
      await this.load();
    } catch (e) {
      this.fail(e);
    }
  }

  private async rotate(client: OAuthClient) {
    if (!window.confirm(t('clients.rotateConfirm', { name: client.name }))) {
      return;
    }
    try {
      this.shown = await api<OAuthClient>('POST', `/api/v1/admin/oauth2/clients/${client.id}/secret`);
    } catch (e) {
      this.fail(e);
    }
  }

  private async deleteClient(client: OAuthClient) {
    if (!window.confirm(t('clients.deleteConfirm', { name: client.name }))) {
      return;
    }
    try {
      await api('DELETE', `/api/v1/admin/oauth2/clients/${client.id}`);
      await this.load();
    } catch (e) {
      this.fail(e);
    }
  }
}

/** Settings → Authorized applications: what the user let use their account, and revoking it. */
export class HearthAuthorized extends LitElement {
  static properties = { apps: { state: true }, notice: { state: true } };
  static styles = [shared, panel];

  apps: Authorized[] | undefined;
  notice: { kind: 'ok' | 'error'; text: string } | undefined;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private async load() {
    try {
      this.apps = await get<Authorized[]>('/api/v1/me/authorizations');
    } catch (e) {
      this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
    }
  }

  render() {
    return html`
      <p class="muted">${t('authorized.intro')}</p>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      ${
        !this.apps
          ? html`<span class="spinner" aria-label=${t('common.loading')}></span>`
          : !this.apps.length
            ? html`<p class="muted">${t('authorized.none')}</p>`
            : this.apps.map(
                (a) => html`<article class="card" data-application=${a.name}>
          <h2>${a.name}</h2>
          <div class="help">${t('authorized.since', { date: dateTime(a.authorizedAt) })}</div>
          <ul class="scopes">${a.scopes.map((s) => html`<li>${scopeText(s)}</li>`)}</ul>
          <div class="actions"><button class="danger" @click=${() => this.revoke(a)}>${t('authorized.revoke')}</button></div>
        </article>`,
              )
      }`;
  }

  private async revoke(app: Authorized) {
    if (!window.confirm(t('authorized.revokeConfirm', { name: app.name }))) {
      return;
    }
    try {
      await api('DELETE', `/api/v1/me/authorizations/${encodeURIComponent(app.clientId)}`);
      this.notice = { kind: 'ok', text: t('authorized.revoked', { name: app.name }) };
      await this.load();
    } catch (e) {
      this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
    }
  }
}

customElements.define('hearth-consent', HearthConsent);
customElements.define('hearth-clients', HearthClients);
customElements.define('hearth-authorized', HearthAuthorized);
