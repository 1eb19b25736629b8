import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { get, api, ApiError, AdminConnection, PluginDetails, PluginStatus, SettingView, User } from './api.js';
import { t, dateTime } from './i18n.js';
import { follow } from './router.js';
import { shared } from './styles.js';
import './tokens.js';
import './applications.js';

type Tab = 'plugins' | 'users' | 'connections' | 'authentication';

/**
 * Administration: plugins (state, settings from their declarations), users, everyone's connections, and
 * authentication (system API tokens, OAuth applications).
 */
export class HearthAdmin extends LitElement {
  static properties = {
    tab: {},
    me: { attribute: false },
    plugins: { state: true },
    details: { state: true },
    users: { state: true },
    connections: { state: true },
    notice: { state: true },
    errors: { state: true },
    copied: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; }
    nav { display: flex; gap: 0.3rem; border-bottom: 1px solid var(--line); margin-bottom: 1.2rem; }
    nav a { padding: 0.55rem 0.9rem; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent;
      font-weight: 600; }
    nav a[aria-current='page'] { color: var(--accent-strong); border-bottom-color: var(--accent); }
    article { padding: 1rem 1.2rem; margin-bottom: 0.9rem; }
    .row { display: flex; align-items: center; gap: 0.8rem; flex-wrap: wrap; }
    .row h2 { flex: 1; }
    .state { font-size: 0.8rem; padding: 0.15rem 0.55rem; border-radius: 999px; background: var(--page); }
    .state.running { background: var(--ok-soft); color: var(--ok); }
    .state.failed { background: var(--danger-soft); color: var(--danger); }
    .reason { font-size: 0.85rem; color: var(--danger); margin: 0.4rem 0 0; }
    .toggle { display: flex; align-items: center; gap: 0.4rem; margin: 0; font-weight: 500; }
    details { margin-top: 0.8rem; }
    summary { cursor: pointer; font-weight: 600; color: var(--accent-strong); }
    form.settings { max-width: 36rem; }
    .check { display: flex; align-items: center; gap: 0.45rem; font-weight: 500; }
    .actions { display: flex; gap: 0.5rem; margin-top: 1rem; align-items: center; }
    .copy { display: flex; gap: 0.5rem; }
    .copy code { flex: 1; padding: 0.45rem 0.6rem; background: var(--page); border: 1px solid var(--line);
      border-radius: 8px; overflow-wrap: anywhere; font-size: 0.85rem; }
    .notice { margin-bottom: 1rem; }
    form.new { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)) auto; gap: 0.6rem; align-items: end;
      padding: 1rem 1.2rem; margin-bottom: 1rem; }
    form.new label { margin-top: 0; }
    @media (max-width: 800px) { form.new { grid-template-columns: 1fr; } }
    td .link { white-space: nowrap; }
    h2.section { margin-top: 2rem; }
    .table { overflow-x: auto; }
  `,
  ];

  tab: Tab = 'plugins';
  me!: User;
  plugins: PluginStatus[] | undefined;
  details: Map<string, PluginDetails> = new Map();
  users: User[] | undefined;
  connections: AdminConnection[] | undefined;
  notice: { kind: 'ok' | 'error'; text: string } | undefined;
  errors: Record<string, string> = {};
  copied = '';

  willUpdate(changed: Map<string, unknown>) {
    if (changed.has('tab')) {
      this.notice = undefined;
      this.load();
    }
  }

  private async load() {
    try {
      if (this.tab === 'plugins') {
        this.plugins = await get<PluginStatus[]>('/api/v1/plugins');
        const details = await Promise.all(
          this.plugins
            .filter((p) => p.state !== 'failed')
            .map((p) => get<PluginDetails>(`/api/v1/admin/plugins/${p.id}`)),
        );
        this.details = new Map(details.map((d) => [d.id, d]));
      } else if (this.tab === 'users') {
        this.users = await get<User[]>('/api/v1/admin/users');
      } else if (this.tab === 'connections') {
        [this.connections, this.users] = await Promise.all([
          get<AdminConnection[]>('/api/v1/admin/connections'),
          get<User[]>('/api/v1/admin/users'),
        ]);
        if (!this.plugins) {
          this.plugins = await get<PluginStatus[]>('/api/v1/plugins');
        }
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown) {
    this.notice = { kind: 'error', text: e instanceof ApiError ? e.detail : String(e) };
  }

  render() {
    const tabs: Tab[] = ['plugins', 'users', 'connections', 'authentication'];
    return html`
      <h1>${t('admin.title')}</h1>
      <nav>${tabs.map(
        (tab) => html`<a href="/admin/${tab}" @click=${follow}
        aria-current=${tab === this.tab ? 'page' : nothing}>${t(`admin.${tab}`)}</a>`,
      )}</nav>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      ${this.current()}`;
  }

  private current() {
    switch (this.tab) {
      case 'plugins':
        return this.pluginsTab();
      case 'users':
        return this.usersTab();
      case 'connections':
        return this.connectionsTab();
      case 'authentication':
        return html`<h2>${t('admin.systemTokens')}</h2><hearth-tokens kind="system" admin></hearth-tokens>
          <h2 class="section">${t('admin.oauthClients')}</h2><hearth-clients></hearth-clients>`;
    }
  }

  // Plugins

  private pluginsTab() {
    if (!this.plugins) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    return html`<p class="muted" role="note">${t('admin.pluginsTrusted')}</p>${this.plugins.map((p) => {
      const details = p.state === 'failed' ? undefined : this.details.get(p.id);
      return html`
        <article class="card" data-plugin=${p.id} data-state=${p.state} aria-labelledby="plugin-${p.id}-${p.state}">
          <div class="row">
            <h2 id="plugin-${p.id}-${p.state}">${p.name} <span class="muted">${p.version}</span></h2>
            <span class="state ${p.state}">${t(`admin.state.${p.state}`)}</span>
            <label class="toggle"><input type="checkbox" .checked=${p.state !== 'disabled'}
              @change=${(e: Event) => this.enable(p, (e.target as HTMLInputElement).checked)}>${t('admin.enabled')}</label>
          </div>
          ${p.reason ? html`<p class="reason">${p.reason}</p>` : nothing}
          ${
            details && details.settings.length
              ? html`
            <details ?open=${this.errors[`${p.id}`] !== undefined}>
              <summary>${t('admin.settings')}</summary>
              ${this.settingsForm(details)}
            </details>`
              : nothing
          }
        </article>`;
    })}`;
  }

  private settingsForm(plugin: PluginDetails) {
    const oauth = plugin.settings.some((s) => s.name === 'clientId');
    const redirect = `${location.origin}/api/v1/connections/${plugin.id}/callback`;
    return html`
      <form class="settings" @submit=${(e: SubmitEvent) => this.saveSettings(e, plugin)} novalidate>
        ${plugin.settings.map((s) => this.field(plugin, s))}
        ${
          oauth
            ? html`
          <label for="redirect-${plugin.id}">${t('admin.redirectUri')}</label>
          <div class="copy"><code id="redirect-${plugin.id}">${redirect}</code>
            <button type="button" @click=${() => this.copy(redirect)}>${this.copied === redirect ? t('admin.copied') : t('admin.copy')}</button></div>`
            : nothing
        }
        ${this.errors[plugin.id] ? html`<div class="field-error" role="alert">${this.errors[plugin.id]}</div>` : nothing}
        <div class="actions"><button class="primary" type="submit">${t('common.save')}</button></div>
      </form>`;
  }

  private field(plugin: PluginDetails, s: SettingView) {
    const id = `${plugin.id}-${s.name}`;
    const error = this.errors[id];
    const help = html`
      ${s.help ? html`<div class="help">${s.help}</div>` : nothing}
      ${s.source === 'config' ? html`<div class="help">${t('admin.fromConfig')}</div>` : nothing}
      ${s.defaultValue && !s.secret ? html`<div class="help">${t('admin.default', { value: s.defaultValue })}</div>` : nothing}
      ${error ? html`<div class="field-error" role="alert">${error}</div>` : nothing}`;
    if (s.type === 'boolean') {
      return html`<label class="check"><input type="checkbox" name=${s.name} .checked=${live((s.value ?? s.defaultValue) === 'true')}>
        ${s.label}</label>${help}`;
    }
    if (s.secret) {
      return html`
        <label for=${id}>${s.label}</label>
        <input id=${id} name=${s.name} type="password" autocomplete="new-password"
          placeholder=${s.set ? t('admin.secretSet') : t('admin.secretUnset')}>
        ${s.set ? html`<label class="check"><input type="checkbox" name="clear:${s.name}">${t('admin.clearSecret')}</label>` : nothing}
        ${help}`;
    }
    return html`
      <label for=${id}>${s.label}</label>
      <input id=${id} name=${s.name} type=${s.type === 'url' ? 'url' : s.type === 'integer' ? 'number' : 'text'}
        .value=${live(s.value ?? '')} placeholder=${s.defaultValue ?? ''}>
      ${help}`;
  }

  private async saveSettings(event: SubmitEvent, plugin: PluginDetails) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    // Values go as JSON of their type: booleans as true/false, whole numbers as numbers, the rest as strings.
    const settings: Record<string, string | number | boolean | null> = {};
    for (const s of plugin.settings) {
      if (s.type === 'boolean') {
        const value = data.has(s.name);
        if (String(value) !== (s.value ?? s.defaultValue ?? 'false')) {
          settings[s.name] = value;
        }
      } else if (s.secret) {
        const value = String(data.get(s.name) ?? '');
        if (value) {
          settings[s.name] = value;
        } else if (data.has(`clear:${s.name}`)) {
          settings[s.name] = null;
        }
      } else {
        const value = String(data.get(s.name) ?? '').trim();
        if (value !== (s.value ?? '')) {
          settings[s.name] =
            value === '' ? null : s.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
        }
      }
    }
    this.errors = {};
    try {
      const saved = await api<PluginDetails>('PUT', `/api/v1/admin/plugins/${plugin.id}`, { settings });
      this.details = new Map(this.details).set(plugin.id, saved);
      // Secrets are write-only: what was typed is gone once stored. The other fields show the saved values.
      form.querySelectorAll<HTMLInputElement>('input[type=password]').forEach((input) => {
        input.value = '';
      });
      form.querySelectorAll<HTMLInputElement>('input[name^="clear:"]').forEach((input) => {
        input.checked = false;
      });
      this.notice = { kind: 'ok', text: `${plugin.name}: ${t('common.saved')}` };
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body.errors) && e.body.errors.length) {
        // Each message under its field; the form's own line says only that something needs fixing.
        const errors: Record<string, string> = { [plugin.id]: t('admin.fixFields') };
        for (const error of e.body.errors as { field?: string; message?: string }[]) {
          const name = (error.field ?? '').split('.').pop() ?? '';
          errors[`${plugin.id}-${name}`] = error.message ?? '';
        }
        this.errors = errors;
      } else {
        this.errors = { [plugin.id]: e instanceof ApiError ? e.detail : String(e) };
      }
    }
  }

  private enable(plugin: PluginStatus, enabled: boolean) {
    return this.act(async () => {
      await api('PUT', `/api/v1/admin/plugins/${plugin.id}`, { enabled });
      this.plugins = await get<PluginStatus[]>('/api/v1/plugins');
    });
  }

  private async copy(text: string) {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    this.copied = text;
    window.setTimeout(() => {
      this.copied = '';
    }, 2000);
  }

  // Users

  private usersTab() {
    if (!this.users) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    return html`
      <form class="card new" @submit=${this.createUser} aria-label=${t('admin.newUser')}>
        <div><label for="nu-name">${t('admin.username')}</label><input id="nu-name" name="username" type="text" required></div>
        <div><label for="nu-display">${t('admin.displayName')}</label><input id="nu-display" name="displayName" type="text"></div>
        <div><label for="nu-password">${t('admin.password')}</label>
          <input id="nu-password" name="password" type="password" autocomplete="new-password" required minlength="8"></div>
        <div><label for="nu-role">${t('admin.role')}</label><select id="nu-role" name="role">
          <option value="user">${t('admin.role.user')}</option><option value="admin">${t('admin.role.admin')}</option></select></div>
        <button class="primary" type="submit">${t('admin.create')}</button>
      </form>
      <div class="card table"><table>
        <thead><tr><th>${t('admin.username')}</th><th>${t('admin.displayName')}</th><th>${t('admin.role')}</th>
          <th>${t('admin.since')}</th><th></th></tr></thead>
        <tbody>${this.users.map(
          (u) => html`<tr data-user=${u.username}>
          <td>${u.username}${u.disabled ? html` <span class="muted">(${t('admin.userDisabled')})</span>` : nothing}</td>
          <td>${u.displayName ?? ''}</td>
          <td>${t(u.role === 'admin' ? 'admin.role.admin' : 'admin.role.user')}</td>
          <td>${dateTime(u.createdAt)}</td>
          <td>${
            u.id === this.me.id
              ? nothing
              : html`
            <button class="link" @click=${() => this.changeUser(u, { disabled: !u.disabled })}>
              ${u.disabled ? t('admin.enable') : t('admin.disable')}</button>
            <button class="link" @click=${() => this.changeUser(u, { role: u.role === 'admin' ? 'user' : 'admin' })}>
              ${u.role === 'admin' ? t('admin.makeUser') : t('admin.makeAdmin')}</button>
            <button class="link danger" @click=${() => this.deleteUser(u)}>${t('common.delete')}</button>`
          }</td>
        </tr>`,
        )}</tbody>
      </table></div>`;
  }

  private createUser = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await api('POST', '/api/v1/admin/users', {
        username: String(data.get('username') ?? ''),
        password: String(data.get('password') ?? ''),
        displayName: String(data.get('displayName') ?? '') || null,
        role: String(data.get('role') ?? 'user'),
      });
      form.reset();
      this.notice = { kind: 'ok', text: t('common.saved') };
      this.users = await get<User[]>('/api/v1/admin/users');
    } catch (e) {
      this.fail(e);
    }
  };

  private changeUser(user: User, change: Partial<User>) {
    return this.act(async () => {
      await api('PATCH', `/api/v1/admin/users/${user.id}`, change);
      this.users = await get<User[]>('/api/v1/admin/users');
    });
  }

  private deleteUser(user: User) {
    return this.act(
      async () => {
        await api('DELETE', `/api/v1/admin/users/${user.id}`);
        this.users = await get<User[]>('/api/v1/admin/users');
      },
      t('admin.deleteUser', { name: user.username }),
    );
  }

  /** Runs a change (after the administrator confirmed it, when a question is given), showing what went wrong. */
  private async act(change: () => Promise<void>, question?: string) {
    if (question && !window.confirm(question)) {
      return;
    }
    try {
      await change();
    } catch (e) {
      this.fail(e);
    }
  }

  // Connections

  private connectionsTab() {
    if (!this.connections || !this.users) {
      return html`<span class="spinner" aria-label=${t('common.loading')}></span>`;
    }
    if (!this.connections.length) {
      return html`<p class="muted">${t('admin.noConnections')}</p>`;
    }
    const users = new Map(this.users.map((u) => [u.id, u.username]));
    const plugins = new Map((this.plugins ?? []).map((p) => [p.id, p.name]));
    return html`<div class="card table"><table>
      <thead><tr><th>${t('admin.user')}</th><th>${t('admin.plugin')}</th><th>${t('admin.account')}</th>
        <th>${t('admin.status')}</th><th>${t('admin.since')}</th><th></th></tr></thead>
      <tbody>${this.connections.map(
        (c) => html`<tr>
        <td>${users.get(c.userId) ?? c.userId}</td>
        <td>${plugins.get(c.pluginId) ?? c.pluginId}</td>
        <td>${c.accountName ?? ''}<div class="help">${c.instanceUrl ?? ''}</div></td>
        <td>${c.status === 'connected' || c.status === 'expired' ? t(`admin.status.${c.status}`) : c.status}</td>
        <td>${dateTime(c.createdAt)}</td>
        <td><button class="link danger" @click=${() =>
          this.removeConnection(
            c,
            users.get(c.userId) ?? '',
            plugins.get(c.pluginId) ?? c.pluginId,
          )}>${t('common.remove')}</button></td>
      </tr>`,
      )}</tbody>
    </table></div>`;
  }

  private removeConnection(c: AdminConnection, user: string, plugin: string) {
    return this.act(
      async () => {
        await api('DELETE', `/api/v1/admin/connections/${c.id}`);
        this.connections = await get<AdminConnection[]>('/api/v1/admin/connections');
      },
      t('admin.removeConnection', { name: user, plugin }),
    );
  }
}

customElements.define('hearth-admin', HearthAdmin);
