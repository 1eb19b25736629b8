import { LitElement, html, css } from 'lit';
import { api, get, ApiError, User } from './api.js';
import { t } from './i18n.js';
import { shared } from './styles.js';

/** The sign-in form. On success it fires `hearth-signed-in` with the user. */
export class HearthLogin extends LitElement {
  static properties = { error: { state: true }, busy: { state: true }, methods: { state: true } };
  static styles = [
    shared,
    css`
    :host { display: grid; place-items: center; min-height: 100vh; background: var(--page); padding: 1rem; }
    form { width: min(24rem, 100%); padding: 2rem; }
    .brand { display: flex; align-items: center; gap: 0.6rem; margin-bottom: 1.2rem; }
    .brand img { width: 2.2rem; height: 2.2rem; }
    button { width: 100%; justify-content: center; margin-top: 1.4rem; padding: 0.65rem; }
    .notice { margin-top: 1rem; }
    .external { display: flex; width: 100%; justify-content: center; margin-top: 1.4rem; padding: 0.65rem; }
    .or { text-align: center; color: var(--muted); font-size: 0.85rem; margin: 1.2rem 0 0; }
  `,
  ];

  error = '';
  busy = false;
  methods: Methods = { password: true };

  connectedCallback() {
    super.connectedCallback();
    const code = new URLSearchParams(location.search).get('error');
    if (code && EXTERNAL_ERRORS.includes(code as ExternalError)) {
      this.error = t(`login.${code as ExternalError}`);
    }
    get<Methods>('/api/v1/auth/methods')
      .then((methods) => {
        this.methods = methods;
      })
      .catch(() => undefined);
  }

  render() {
    const external = this.methods.external;
    const next = new URLSearchParams(location.search).get('next') ?? '/';
    return html`
      <form class="card" @submit=${this.submit} novalidate>
        <div class="brand"><img src="/assets/favicon.svg" alt=""><h1>${t('login.title')}</h1></div>
        ${
          external
            ? html`<a class="button primary external" href="${external.url}?next=${encodeURIComponent(next)}">
            ${t('login.external', { name: external.name })}</a>`
            : ''
        }
        ${external && this.methods.password ? html`<p class="or">${t('login.or')}</p>` : ''}
        ${
          this.methods.password
            ? html`
        <label for="username">${t('login.username')}</label>
        <input id="username" name="username" type="text" autocomplete="username" required autofocus>
        <label for="password">${t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>`
            : ''
        }
        ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
        ${
          this.methods.password
            ? html`<button class=${external ? '' : 'primary'} type="submit" ?disabled=${this.busy}>${t('login.submit')}</button>`
            : ''
        }
      </form>`;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const answer = await api<{ user: User }>('POST', '/api/v1/auth/login', {
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
        cookieOnly: true,
      });
      this.dispatchEvent(new CustomEvent('hearth-signed-in', { detail: answer.user, bubbles: true, composed: true }));
    } catch (e) {
      this.error = loginError(e);
    } finally {
      this.busy = false;
    }
  }
}

/** How one can sign in here: with a password, through an external provider, or both. */
interface Methods {
  password: boolean;
  external?: { name: string; url: string };
}

/** The codes the external sign-in's callback sends back here. */
const EXTERNAL_ERRORS = ['oidc_failed', 'oidc_unavailable', 'oidc_denied', 'oidc_expired', 'oidc_disabled'] as const;
type ExternalError = (typeof EXTERNAL_ERRORS)[number];

function loginError(e: unknown): string {
  if (!(e instanceof ApiError)) {
    return t('common.unreachable');
  }
  if (e.status === 429) {
    return t('login.throttled', { seconds: Number(e.body.retryAfter ?? 60) });
  }
  if (e.code === 'account_disabled') {
    return t('login.disabled');
  }
  if (e.status === 401 || e.status === 400) {
    return t('login.wrong');
  }
  return e.status === 0 ? t('common.unreachable') : t('common.error', { detail: e.detail });
}

customElements.define('hearth-login', HearthLogin);
