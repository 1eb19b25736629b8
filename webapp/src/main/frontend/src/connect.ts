import { LitElement, html, css } from 'lit';
import { api, ApiError, Connection, Flow, safeUrl } from './api.js';
import { t } from './i18n.js';
import { shared } from './styles.js';

interface Started {
  authorizeUrl?: string;
  loginUrl?: string;
  pollId?: string;
}

/**
 * The ways to connect one plugin's account, as buttons: OAuth 2.0 leaves for the upstream and comes back to the
 * settings page; Login Flow v2 opens the upstream's login in a new window and waits until Hearth has the app
 * password; a token flow asks for the token (and the server address when the plugin wants it).
 * Fires `hearth-connected` when the account is connected here, `hearth-connect-failed` with a message otherwise.
 */
export class HearthConnect extends LitElement {
  static properties = {
    connection: { attribute: false },
    waiting: { state: true },
    tokenFlow: { state: true },
    error: { state: true },
    loginUrl: { state: true },
    busy: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .waiting { display: flex; gap: 0.6rem; align-items: flex-start; }
    .waiting p { margin: 0 0 0.5rem; }
    form { max-width: 28rem; }
    form .buttons { margin-top: 0.9rem; }
    .notice { margin-top: 0.6rem; }
  `,
  ];

  connection!: Connection;
  waiting = false;
  tokenFlow: Flow | null = null;
  error = '';
  loginUrl = '';
  busy = false;
  private polling = 0;

  disconnectedCallback() {
    this.stopPolling();
    super.disconnectedCallback();
  }

  render() {
    if (this.waiting) {
      return html`
        <div class="waiting" role="status">
          <span class="spinner" aria-hidden="true"></span>
          <div>
            <p>${t('connect.waiting', { name: this.connection.pluginName })}</p>
            ${this.error ? html`<p class="notice" role="alert">${this.error}</p>` : ''}
            <div class="buttons">
              <a class="button" href=${safeUrl(this.loginUrl) ?? '#'} target="_blank" rel="noopener noreferrer">${t('connect.openAgain')}</a>
              <button @click=${this.cancel}>${t('common.cancel')}</button>
            </div>
          </div>
        </div>`;
    }
    if (this.tokenFlow) {
      const flow = this.tokenFlow;
      return html`
        <form @submit=${this.submitToken}>
          ${
            flow.instanceUrl
              ? html`
            <label for="instance">${t('connect.instanceUrl')}</label>
            <input id="instance" name="instanceUrl" type="url" required placeholder="https://" autocomplete="url">
            <div class="help">${t('connect.instanceUrlHint')}</div>`
              : ''
          }
          <label for="token">${t('connect.token')}</label>
          <input id="token" name="token" type="password" required autocomplete="off">
          ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
          <div class="buttons">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t('connect.submit')}</button>
            <button type="button" @click=${this.cancel}>${t('common.cancel')}</button>
          </div>
        </form>`;
    }
    return html`
      <div class="buttons">
        ${this.connection.flows.map(
          (flow, i) => html`
          <button class=${i === 0 ? 'primary' : ''} ?disabled=${this.busy} @click=${() => this.start(flow)}>
            ${flow.label}</button>`,
        )}
      </div>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}`;
  }

  private async start(flow: Flow) {
    this.error = '';
    if (flow.type === 'token') {
      this.tokenFlow = flow;
      return;
    }
    // A window opened later than the click is blocked as a pop-up: open it now, point it at the login once known.
    const popup = flow.type === 'login-flow-v2' ? window.open('', '_blank') : null;
    this.busy = true;
    try {
      const started = await api<Started>('POST', `/api/v1/connections/${this.connection.pluginId}`, {
        flow: flow.type,
      });
      if (started.authorizeUrl) {
        location.assign(started.authorizeUrl);
        return;
      }
      const loginUrl = safeUrl(started.loginUrl);
      if (loginUrl && started.pollId) {
        this.loginUrl = loginUrl;
        if (popup) {
          popup.opener = null;
          popup.location.href = loginUrl;
        } else {
          this.error = t('connect.popupBlocked');
        }
        this.waiting = true;
        this.poll(started.pollId);
      } else {
        popup?.close();
      }
    } catch (e) {
      popup?.close();
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private poll(pollId: string) {
    const generation = ++this.polling;
    const tick = async () => {
      if (generation !== this.polling) {
        return;
      }
      try {
        const answer = await api<{ status: string }>('POST', `/api/v1/connections/${this.connection.pluginId}/poll`, {
          pollId,
        });
        if (generation !== this.polling) {
          return;
        }
        if (answer.status === 'connected') {
          this.waiting = false;
          this.stopPolling();
          this.dispatchEvent(
            new CustomEvent('hearth-connected', { bubbles: true, composed: true, detail: this.connection.pluginId }),
          );
          return;
        }
        window.setTimeout(tick, 2000);
      } catch (e) {
        this.waiting = false;
        this.stopPolling();
        this.error =
          e instanceof ApiError && (e.status === 410 || e.status === 404)
            ? t('connect.expired')
            : t('connections.failed', { name: this.connection.pluginName, detail: (e as Error).message });
      }
    };
    window.setTimeout(tick, 1500);
  }

  private stopPolling() {
    this.polling++;
  }

  private cancel = () => {
    this.stopPolling();
    this.waiting = false;
    this.tokenFlow = null;
    this.error = '';
  };

  private async submitToken(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const body: Record<string, string> = { flow: 'token', token: String(form.get('token') ?? '') };
    if (form.has('instanceUrl')) {
      body.instanceUrl = String(form.get('instanceUrl'));
    }
    this.busy = true;
    this.error = '';
    try {
      await api('POST', `/api/v1/connections/${this.connection.pluginId}`, body);
      this.tokenFlow = null;
      this.dispatchEvent(
        new CustomEvent('hearth-connected', { bubbles: true, composed: true, detail: this.connection.pluginId }),
      );
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private fail(e: unknown) {
    this.error = t('connections.failed', {
      name: this.connection.pluginName,
      detail: e instanceof ApiError ? e.detail : String(e),
    });
  }
}

customElements.define('hearth-connect', HearthConnect);
