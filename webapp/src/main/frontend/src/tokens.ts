import { LitElement, html, css, nothing } from 'lit';
import { get, api, ApiError, ApiToken } from './api.js';
import { t, dateTime } from './i18n.js';
import { shared } from './styles.js';

const SCOPES = ['api_read', 'api_write', 'admin'] as const;
const VALIDITIES = ['P1D', 'P7D', 'P1M', 'P3M', 'P1Y'] as const;

/**
 * API tokens of one kind: system API tokens (Administration → Authentication) or the user's personal access tokens
 * (Settings → API tokens). Make one (name, scopes, validity), see it once with a copy button, list them with their
 * status and last use, delete them.
 */
export class HearthTokens extends LitElement {
  static properties = {
    kind: {},
    admin: { type: Boolean },
    tokens: { state: true },
    made: { state: true },
    notice: { state: true },
    copied: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; }
    form { padding: 1rem 1.2rem; margin-bottom: 1rem; }
    form .fields { display: grid; grid-template-columns: 2fr 1fr; gap: 0 0.8rem; }
    fieldset { border: none; padding: 0; margin: 0.8rem 0 0; }
    legend { font-size: 0.85rem; font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
    fieldset label { display: inline-flex; gap: 0.35rem; align-items: center; font-weight: 500; margin: 0 1rem 0 0; }
    .actions { margin-top: 1rem; }
    .made { padding: 1rem 1.2rem; margin-bottom: 1rem; border-color: var(--ok); }
    .made p { margin: 0 0 0.6rem; }
    .copy { display: flex; gap: 0.5rem; }
    .copy code { flex: 1; padding: 0.45rem 0.6rem; background: var(--page); border: 1px solid var(--line);
      border-radius: 8px; overflow-wrap: anywhere; font-size: 0.85rem; }
    .status { font-size: 0.8rem; padding: 0.1rem 0.5rem; border-radius: 999px; white-space: nowrap; }
    .status.expired, .status.ended { background: var(--danger-soft); color: var(--danger); }
    .status.active { background: var(--ok-soft); color: var(--ok); }
    .scope { font-size: 0.8rem; padding: 0.05rem 0.4rem; border: 1px solid var(--line); border-radius: 6px;
      margin-right: 0.25rem; white-space: nowrap; }
    .notice { margin-bottom: 1rem; }
    .table { overflow-x: auto; }
    @media (max-width: 700px) { form .fields { grid-template-columns: 1fr; } }
  `,
  ];

  kind: 'system' | 'personal' = 'personal';
  admin = false;
  tokens: ApiToken[] | undefined;
  made: ApiToken | undefined;
  notice: { kind: 'ok' | 'error'; text: string } | undefined;
  copied = false;

  private get path() {
    return this.kind === 'system' ? '/api/v1/admin/system-tokens' : '/api/v1/me/tokens';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private async load() {
    try {
      this.tokens = await get<ApiToken[]>(this.path);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
  }

  render() {
    const scopes = SCOPES.filter((s) => s !== 'admin' || this.admin);
    return html`
      <p class="muted">${t(`tokens.intro.${this.kind}`)}</p>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      ${
        this.made
          ? html`
        <section class="card made" aria-labelledby="made-title">
          <h2 id="made-title">${t('tokens.made', { name: this.made.name })}</h2>
          <p>${t('tokens.once')}</p>
          <div class="copy"><code data-token>${this.made.token}</code>
            <button type="button" @click=${this.copy}>${this.copied ? t('admin.copied') : t('admin.copy')}</button></div>
          <div class="actions"><button @click=${() => {
            this.made = undefined;
          }}>${t('tokens.done')}</button></div>
        </section>`
          : nothing
      }
      <form class="card" @submit=${this.create} aria-label=${t('tokens.new')}>
        <h2>${t('tokens.new')}</h2>
        <div class="fields">
          <div><label for="token-name">${t('tokens.name')}</label>
            <input id="token-name" name="name" type="text" required maxlength="100"></div>
          <div><label for="token-validity">${t('tokens.validity')}</label>
            <select id="token-validity" name="validity">${VALIDITIES.map(
              (v) => html`<option value=${v} ?selected=${v === 'P1Y'}>${t(`tokens.validity.${v}`)}</option>`,
            )}</select></div>
        </div>
        <fieldset><legend>${t('tokens.scopes')}</legend>${scopes.map(
          (s) => html`<label><input type="checkbox" name="scopes" value=${s}>${t(`tokens.scope.${s}`)}</label>`,
        )}</fieldset>
        <div class="actions"><button class="primary" type="submit">${t('tokens.create')}</button></div>
      </form>
      ${this.list()}`;
  }

  private list() {
    if (!this.tokens) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    if (!this.tokens.length) {
      return html`<p class="muted">${t('tokens.none')}</p>`;
    }
    return html`<div class="card table"><table>
      <thead><tr><th>${t('tokens.name')}</th><th>${t('tokens.scopes')}</th><th>${t('tokens.expires')}</th>
        <th>${t('tokens.lastUsed')}</th><th></th></tr></thead>
      <tbody>${this.tokens.map(
        (token) => html`<tr data-token-name=${token.name}>
        <td>${token.name}<div class="help"><code>${token.hint}</code> · ${dateTime(token.createdAt)}</div></td>
        <td>${token.scopes.map((s) => html`<span class="scope">${s}</span>`)}</td>
        <td>${dateTime(token.expiresAt)}
          ${token.status === 'active' ? nothing : html`<span class="status ${token.status}">${t(`tokens.status.${token.status}`)}</span>`}</td>
        <td>${token.lastUsedAt ? dateTime(token.lastUsedAt) : html`<span class="muted">${t('tokens.never')}</span>`}</td>
        <td><button class="link danger" @click=${() => this.deleteToken(token)}>${t('common.delete')}</button></td>
      </tr>`,
      )}</tbody>
    </table></div>`;
  }

  private create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      this.made = await api<ApiToken>('POST', this.path, {
        name: String(data.get('name') ?? ''),
        scopes: data.getAll('scopes').map(String),
        validity: String(data.get('validity') ?? 'P1Y'),
      });
      this.copied = false;
      this.notice = undefined;
      form.reset();
      await this.load();
    } catch (e) {
      this.fail(e);
    }
  };

  private copy = async () => {
    await navigator.clipboard?.writeText(this.made?.token ?? '').catch(() => undefined);
    this.copied = true;
  };

  private async deleteToken(token: ApiToken) {
    if (!window.confirm(t('tokens.delete', { name: token.name }))) {
      return;
    }
    try {
      await api('DELETE', `${this.path}/${token.id}`);
      if (this.made?.id === token.id) {
        this.made = undefined;
      }
      await this.load();
    } catch (e) {
      this.fail(e);
    }
  }
}

customElements.define('hearth-tokens', HearthTokens);
