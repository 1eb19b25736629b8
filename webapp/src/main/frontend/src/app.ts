import { LitElement, html, css } from 'lit';
import { get, api, User } from './api.js';
import { t } from './i18n.js';
import { follow, navigate } from './router.js';
import './tokens.js';
import './applications.js';
import { shared } from './styles.js';
import './login.js';
import './dashboard.js';
import './search.js';
import './notifications.js';
import './connections.js';
import './admin.js';

/** The application shell: who is signed in, the header (search, bell, menu), and the page for the location. */
export class HearthApp extends LitElement {
  static properties = { user: { state: true }, path: { state: true }, menuOpen: { state: true } };
  static styles = [
    shared,
    css`
    :host { display: block; min-height: 100vh; background: var(--page); }
    header {
      position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 1rem;
      padding: 0.6rem 1.25rem; background: var(--surface); border-bottom: 1px solid var(--line);
    }
    .brand { display: flex; align-items: center; gap: 0.5rem; font-weight: 700; font-size: 1.1rem;
      color: var(--text); text-decoration: none; }
    .brand img { width: 1.7rem; height: 1.7rem; }
    hearth-search { flex: 1; max-width: 36rem; margin: 0 auto; }
    .menu { position: relative; }
    .menu > button { border-radius: 999px; padding: 0.35rem 0.8rem; }
    .menu ul {
      position: absolute; right: 0; top: calc(100% + 0.4rem); list-style: none; margin: 0; padding: 0.35rem;
      min-width: 14rem; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius);
      box-shadow: var(--shadow);
    }
    .menu a, .menu ul button {
      display: block; width: 100%; text-align: left; padding: 0.5rem 0.7rem; border: none; border-radius: 6px;
      color: var(--text); text-decoration: none; background: none; font-weight: 500;
    }
    .menu a:hover, .menu ul button:hover { background: var(--page); }
    main { padding: 1.5rem 1.25rem 3rem; max-width: 80rem; margin: 0 auto; }
    .empty { text-align: center; padding: 4rem 1rem; }
    @media (max-width: 640px) {
      header { flex-wrap: wrap; gap: 0.6rem; padding: 0.6rem 0.8rem; }
      hearth-search { order: 3; flex-basis: 100%; max-width: none; }
      .brand span { display: none; }
      .spacer { flex: 1; }
      main { padding: 1rem 0.75rem 2rem; }
    }
  `,
  ];

  user: User | null | undefined = undefined;
  path = location.pathname;
  menuOpen = false;

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('popstate', this.route);
    window.addEventListener('hearth-route', this.route);
    window.addEventListener('hearth-signed-out', this.signedOut);
    document.addEventListener('click', this.closeMenu);
    this.loadUser();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.route);
    window.removeEventListener('hearth-route', this.route);
    window.removeEventListener('hearth-signed-out', this.signedOut);
    document.removeEventListener('click', this.closeMenu);
    super.disconnectedCallback();
  }

  private route = () => {
    this.path = location.pathname;
    this.menuOpen = false;
  };

  private signedOut = () => {
    this.user = null;
  };

  private closeMenu = (event: Event) => {
    if (this.menuOpen && !event.composedPath().includes(this.renderRoot.querySelector('.menu') as EventTarget)) {
      this.menuOpen = false;
    }
  };

  private async loadUser() {
    try {
      this.user = await get<User>('/api/v1/me');
    } catch {
      this.user = null;
    }
  }

  render() {
    if (this.user === undefined) {
      return html``;
    }
    if (this.user === null) {
      return html`<hearth-login @hearth-signed-in=${this.signedIn}></hearth-login>`;
    }
    if (this.path === '/login') {
      queueMicrotask(() => navigate(this.next(), true));
      return html``;
    }
    return html`
      <header>
        <a class="brand" href="/" @click=${follow}><img src="/assets/favicon.svg" alt=""><span>${t('app.name')}</span></a>
        <hearth-search></hearth-search>
        <span class="spacer"></span>
        <hearth-bell></hearth-bell>
        <div class="menu">
          <button aria-haspopup="menu" aria-expanded=${this.menuOpen} aria-label=${t('nav.menu')}
            @click=${() => {
              this.menuOpen = !this.menuOpen;
            }}>${this.user.displayName || this.user.username} ▾</button>
          ${
            this.menuOpen
              ? html`
            <ul role="menu">
              <li role="none"><a role="menuitem" href="/" @click=${follow}>${t('nav.dashboard')}</a></li>
              <li role="none"><a role="menuitem" href="/settings/connections" @click=${follow}>${t('nav.connections')}</a></li>
              <li role="none"><a role="menuitem" href="/settings/tokens" @click=${follow}>${t('nav.tokens')}</a></li>
              <li role="none"><a role="menuitem" href="/settings/applications" @click=${follow}>${t('nav.applications')}</a></li>
              ${
                this.user.role === 'admin'
                  ? html`
                <li role="none"><a role="menuitem" href="/admin/plugins" @click=${follow}>${t('nav.admin')}</a></li>`
                  : ''
              }
              <li role="none"><button role="menuitem" @click=${this.signOut}>${t('nav.signOut')}</button></li>
            </ul>`
              : ''
          }
        </div>
      </header>
      <main>${this.page()}</main>`;
  }

  private page() {
    const path = this.path.replace(/\/+$/, '') || '/';
    if (path === '/') {
      return html`<hearth-dashboard></hearth-dashboard>`;
    }
    if (path === '/settings' || path === '/settings/connections') {
      return html`<hearth-connections></hearth-connections>`;
    }
    if (path === '/oauth2/authorize') {
      return html`<hearth-consent></hearth-consent>`;
    }
    if (path === '/settings/applications') {
      return html`<h1>${t('nav.applications')}</h1><hearth-authorized></hearth-authorized>`;
    }
    if (path === '/settings/tokens') {
      return html`<h1>${t('nav.tokens')}</h1>
        <hearth-tokens kind="personal" ?admin=${this.user?.role === 'admin'}></hearth-tokens>`;
    }
    const admin = /^\/admin(?:\/(plugins|users|connections|authentication))?$/.exec(path);
    if (admin) {
      return this.user?.role === 'admin'
        ? html`<hearth-admin .tab=${admin[1] ?? 'plugins'} .me=${this.user}></hearth-admin>`
        : this.empty(t('nav.forbidden'));
    }
    return this.empty(t('nav.notFound'));
  }

  private empty(text: string) {
    return html`<div class="empty"><p>${text}</p><a href="/" @click=${follow}>${t('nav.home')}</a></div>`;
  }

  /** Where to go after signing in: the page the visitor asked for, if it is one of ours. */
  private next(): string {
    const next = new URLSearchParams(location.search).get('next');
    if (!next || !next.startsWith('/')) {
      return '/';
    }
    try {
      const url = new URL(next, location.origin);
      return url.origin === location.origin ? url.pathname + url.search : '/';
    } catch {
      return '/';
    }
  }

  private signedIn = (event: CustomEvent<User>) => {
    this.user = event.detail;
    if (location.pathname === '/login') {
      navigate(this.next(), true);
    } else {
      this.route();
    }
  };

  private signOut = async () => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } finally {
      this.user = null;
      navigate('/login', true);
    }
  };

  updated() {
    // Unauthenticated visits show the sign-in page under /login?next=<where they were going>.
    if (this.user === null && location.pathname !== '/login') {
      const next = location.pathname + location.search;
      history.replaceState(null, '', '/login' + (next === '/' ? '' : '?next=' + encodeURIComponent(next)));
    }
  }
}

customElements.define('hearth-app', HearthApp);
