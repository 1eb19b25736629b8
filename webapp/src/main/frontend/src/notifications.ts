import { LitElement, html, css, nothing } from 'lit';
import { get, api, Notification, safeUrl } from './api.js';
import { t, relativeTime, dateTime } from './i18n.js';
import { shared } from './styles.js';

/**
 * The bell: the unread count, kept live over Hearth's notification stream (the browser's EventSource reconnects on
 * its own, unless Hearth ended the stream with an `end` event), and a panel with the notifications, each linking to where it happened, to mark read or dismiss.
 */
export class HearthBell extends LitElement {
  static properties = { unread: { state: true }, open: { state: true }, items: { state: true } };
  static styles = [
    shared,
    css`
    :host { display: block; position: relative; }
    .bell { position: relative; border-radius: 999px; padding: 0.45rem; color: var(--muted); }
    .bell .badge { position: absolute; top: -0.35rem; right: -0.45rem; font-size: 0.7rem; }
    .panel {
      position: absolute; right: 0; top: calc(100% + 0.4rem); width: min(24rem, 92vw); max-height: 70vh; overflow: auto;
      background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow);
    }
    .head { display: flex; justify-content: space-between; align-items: center; padding: 0.7rem 0.9rem;
      border-bottom: 1px solid var(--line); }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 0.65rem 0.9rem; border-bottom: 1px solid var(--line); }
    li.unread { background: var(--accent-soft); }
    li a { color: inherit; text-decoration: none; display: block; }
    .title { font-weight: 600; }
    .body { font-size: 0.87rem; color: var(--muted); overflow-wrap: anywhere; }
    .meta { display: flex; align-items: center; gap: 0.3rem; margin-top: 0.25rem; font-size: 0.78rem; color: var(--muted); }
    .meta .spacer { flex: 1; }
    .none { padding: 1.5rem 1rem; text-align: center; }
  `,
  ];

  unread = 0;
  open = false;
  items: Notification[] = [];
  private stream: EventSource | undefined;

  connectedCallback() {
    super.connectedCallback();
    this.stream = new EventSource('/api/v1/notifications/stream');
    this.stream.addEventListener('unread', (event) => {
      this.unread = (JSON.parse((event as MessageEvent).data) as { unread: number }).unread;
    });
    // Hearth ends a stream whose session is over, or the oldest when a user opens too many: do not reopen it.
    this.stream.addEventListener('end', () => this.stream?.close());
    this.stream.addEventListener('notification', (event) => {
      const arrived = JSON.parse((event as MessageEvent).data) as Notification;
      if (!this.items.some((n) => n.id === arrived.id)) {
        this.items = [arrived, ...this.items];
        if (!arrived.read) {
          this.unread += 1;
        }
      }
    });
    document.addEventListener('click', this.outside);
  }

  disconnectedCallback() {
    this.stream?.close();
    document.removeEventListener('click', this.outside);
    super.disconnectedCallback();
  }

  private outside = (event: Event) => {
    if (this.open && !event.composedPath().includes(this)) {
      this.open = false;
    }
  };

  render() {
    const label = t('notifications.open', { count: this.unread });
    return html`
      <button class="bell" aria-label=${label} title=${label} aria-expanded=${this.open} @click=${this.toggle}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            this.open = false;
          }
        }}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor"
          stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/>
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>
        ${this.unread > 0 ? html`<span class="badge" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : nothing}
      </button>
      ${
        this.open
          ? html`
        <div class="panel" role="region" aria-label=${t('notifications.title')}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Escape') {
              this.open = false;
            }
          }}>
          <div class="head"><h2>${t('notifications.title')}</h2>
            <button class="link" ?disabled=${this.unread === 0} @click=${this.readAll}>${t('notifications.markAllRead')}</button>
          </div>
          ${
            this.items.length
              ? html`<ul>${this.items.map((n) => this.item(n))}</ul>`
              : html`<p class="none muted">${t('notifications.none')}</p>`
          }
        </div>`
          : nothing
      }`;
  }

  private item(n: Notification) {
    const link = safeUrl(n.link);
    const text = html`<div class="title">${n.title}</div>${n.body ? html`<div class="body">${n.body}</div>` : nothing}`;
    return html`<li class=${n.read ? '' : 'unread'}>
      ${link ? html`<a href=${link} target="_blank" rel="noopener noreferrer" @click=${() => this.read(n)}>${text}</a>` : text}
      <div class="meta">
        ${n.actor ? html`<span>${n.actor} ·</span>` : nothing}
        <time datetime=${n.time} title=${dateTime(n.time)}>${relativeTime(n.time)}</time>
        <span class="spacer"></span>
        ${n.read ? nothing : html`<button class="link" @click=${() => this.read(n)}>${t('notifications.markRead')}</button>`}
        <button class="link" @click=${() => this.dismiss(n)}>${t('notifications.dismiss')}</button>
      </div>
    </li>`;
  }

  private toggle = async () => {
    this.open = !this.open;
    if (this.open) {
      const answer = await get<{ notifications: Notification[]; unreadCount: number }>(
        '/api/v1/notifications?limit=50',
      );
      this.items = answer.notifications;
      this.unread = answer.unreadCount;
    }
  };

  private async read(n: Notification) {
    if (n.read) {
      return;
    }
    await api('POST', `/api/v1/notifications/${n.id}/read`);
    this.items = this.items.map((i) => (i.id === n.id ? { ...i, read: true } : i));
    this.unread = Math.max(0, this.unread - 1);
  }

  private async dismiss(n: Notification) {
    await api('DELETE', `/api/v1/notifications/${n.id}`);
    this.items = this.items.filter((i) => i.id !== n.id);
    if (!n.read) {
      this.unread = Math.max(0, this.unread - 1);
    }
  }

  private readAll = async () => {
    await api('POST', '/api/v1/notifications/read-all');
    this.items = this.items.map((i) => ({ ...i, read: true }));
    this.unread = 0;
  };
}

customElements.define('hearth-bell', HearthBell);
