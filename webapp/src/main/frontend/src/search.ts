import { LitElement, html, css, nothing } from 'lit';
import { get, ProviderInfo, ProviderResult, SearchEntry, safeUrl } from './api.js';
import { t } from './i18n.js';
import { shared } from './styles.js';

interface Group {
  id: string;
  name: string;
  status: ProviderResult['status'] | 'loading';
  entries: SearchEntry[];
  cursor: string | null;
  loadingMore: boolean;
}

/**
 * The search box: typing (debounced) asks every provider at once over one event stream; each provider's group
 * appears as it answers, a slow one shows a spinner without holding the others back, and an older query's late
 * answers are dropped. "Load more" follows the provider's cursor. Arrow keys move through the results, Enter
 * opens one, Escape closes.
 */
export class HearthSearch extends LitElement {
  static properties = {
    term: { state: true },
    groups: { state: true },
    open: { state: true },
    active: { state: true },
  };
  static styles = [
    shared,
    css`
    :host { display: block; position: relative; }
    input[type='search'] { background: var(--page); border-radius: 999px; padding-left: 2.1rem; }
    .icon { position: absolute; left: 0.8rem; top: 50%; transform: translateY(-50%); color: var(--muted); pointer-events: none; }
    .panel {
      position: absolute; left: 0; right: 0; top: calc(100% + 0.4rem); max-height: min(70vh, 36rem); overflow: auto;
      background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow);
      padding: 0.4rem;
    }
    section + section { border-top: 1px solid var(--line); margin-top: 0.3rem; padding-top: 0.3rem; }
    h3 { display: flex; align-items: center; gap: 0.5rem; margin: 0.35rem 0.5rem; font-size: 0.75rem;
      text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
    h3 .spinner { width: 0.8rem; height: 0.8rem; }
    ul { list-style: none; margin: 0; padding: 0; }
    a.entry { display: flex; gap: 0.6rem; align-items: center; padding: 0.45rem 0.5rem; border-radius: 8px;
      color: inherit; text-decoration: none; }
    a.entry[aria-selected='true'], a.entry:hover { background: var(--accent-soft); }
    a.entry img { width: 1.8rem; height: 1.8rem; border-radius: 6px; object-fit: cover; }
    .text { min-width: 0; }
    .title { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .subline { font-size: 0.82rem; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .status { font-size: 0.85rem; color: var(--muted); padding: 0.2rem 0.5rem 0.4rem; }
    .status.error { color: var(--danger); }
    .more { margin: 0.2rem 0.5rem 0.4rem; }
  `,
  ];

  term = '';
  groups: Group[] = [];
  open = false;
  active = -1;
  private providers: ProviderInfo[] | undefined;
  /** The term whose answers are shown; "Load more" continues it, whatever is typed meanwhile. */
  private searched = '';
  private generation = 0;
  private stream: EventSource | undefined;
  private debounce = 0;

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener('click', this.outside);
  }

  disconnectedCallback() {
    document.removeEventListener('click', this.outside);
    this.stream?.close();
    super.disconnectedCallback();
  }

  private outside = (event: Event) => {
    if (this.open && !event.composedPath().includes(this)) {
      this.open = false;
    }
  };

  render() {
    const entries = this.flat();
    return html`
      <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor"
        stroke-width="2.2" stroke-linecap="round"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>
      <input type="search" role="combobox" aria-label=${t('search.label')} placeholder=${t('search.placeholder')}
        aria-expanded=${this.open} aria-controls="results" aria-autocomplete="list"
        aria-activedescendant=${this.active >= 0 ? `result-${this.active}` : nothing}
        .value=${this.term} @input=${this.typed} @keydown=${this.key} @focus=${() => {
          this.open = this.term.trim() !== '';
        }}>
      ${
        this.open
          ? html`
        <div class="panel" id="results" role="listbox" aria-label=${t('search.label')}>
          ${this.groups.map((g) => this.group(g, entries))}
          ${
            this.groups.every((g) => g.status !== 'loading') && !this.groups.some((g) => this.shows(g))
              ? html`<div class="status">${t('search.nothing')}</div>`
              : nothing
          }
        </div>`
          : nothing
      }`;
  }

  /** Providers the user has not connected, and empty answers, take no room. */
  private shows(group: Group): boolean {
    return group.status !== 'not_connected' && !(group.status === 'ok' && !group.entries.length);
  }

  private group(group: Group, all: SearchEntry[]) {
    if (!this.shows(group)) {
      return nothing;
    }
    return html`
      <section aria-label=${group.name} data-provider=${group.id}>
        <h3>${group.name}${
          group.status === 'loading'
            ? html`<span class="spinner" role="status"
          aria-label=${t('search.searching')}></span>`
            : nothing
        }</h3>
        ${this.groupStatus(group)}
        <ul>${group.entries.map((entry) => {
          const index = all.indexOf(entry);
          const link = safeUrl(entry.link);
          const thumbnail = safeUrl(entry.thumbnailUrl);
          return html`<li><a class="entry" id="result-${index}" role="option" aria-selected=${index === this.active}
              href=${link ?? nothing} target="_blank" rel="noopener noreferrer">
            ${thumbnail ? html`<img src=${thumbnail} alt="" loading="lazy">` : nothing}
            <span class="text"><div class="title">${entry.title}</div>
              ${entry.subline ? html`<div class="subline">${entry.subline}</div>` : nothing}</span>
          </a></li>`;
        })}</ul>
        ${
          group.status === 'ok' && group.cursor
            ? html`<button class="link more" ?disabled=${group.loadingMore}
          @click=${() => this.more(group)}>${t('search.more')}</button>`
            : nothing
        }
      </section>`;
  }

  private groupStatus(group: Group) {
    switch (group.status) {
      case 'expired':
        return html`<div class="status">${t('search.expired')}</div>`;
      case 'timeout':
        return html`<div class="status error">${t('search.timeout', { name: group.name })}</div>`;
      case 'error':
        return html`<div class="status error">${t('search.failed', { name: group.name })}</div>`;
      default:
        return nothing;
    }
  }

  private flat(): SearchEntry[] {
    return this.groups.flatMap((g) => g.entries);
  }

  private typed = (event: InputEvent) => {
    this.term = (event.target as HTMLInputElement).value;
    this.generation++; // answers to what was typed before are late now
    window.clearTimeout(this.debounce);
    this.debounce = window.setTimeout(() => this.search(), 250);
  };

  private async search() {
    const term = this.term.trim();
    const generation = ++this.generation;
    this.stream?.close();
    this.active = -1;
    if (!term) {
      this.groups = [];
      this.open = false;
      return;
    }
    if (!this.providers) {
      // Only to show each provider's spinner at once; without the list, groups appear as their answers come.
      this.providers = await get<{ providers: ProviderInfo[] }>('/api/v1/search/providers').then(
        (answer) => answer.providers,
        () => undefined,
      );
      if (generation !== this.generation) {
        return;
      }
    }
    this.searched = term;
    this.groups = (this.providers ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      status: 'loading',
      entries: [],
      cursor: null,
      loadingMore: false,
    }));
    this.open = true;
    const stream = new EventSource(`/api/v1/search/stream?term=${encodeURIComponent(term)}`);
    this.stream = stream;
    stream.addEventListener('provider', (event) => {
      if (generation !== this.generation) {
        return;
      }
      const answer = JSON.parse((event as MessageEvent).data) as ProviderResult;
      const group: Group = {
        id: answer.id,
        name: answer.name,
        status: answer.status,
        entries: answer.entries,
        cursor: answer.cursor,
        loadingMore: false,
      };
      this.groups = this.groups.some((g) => g.id === answer.id)
        ? this.groups.map((g) => (g.id === answer.id ? group : g))
        : [...this.groups, group];
    });
    stream.addEventListener('done', () => stream.close());
    stream.addEventListener('error', () => {
      stream.close();
      if (generation === this.generation) {
        this.groups = this.groups.map((g) => (g.status === 'loading' ? { ...g, status: 'error' } : g));
      }
    });
  }

  private update1(id: string, change: Partial<Group>) {
    this.groups = this.groups.map((g) => (g.id === id ? { ...g, ...change } : g));
  }

  private async more(group: Group) {
    const generation = this.generation;
    this.update1(group.id, { loadingMore: true });
    try {
      const answer = await get<{ providers: ProviderResult[] }>(
        `/api/v1/search?provider=${encodeURIComponent(group.id)}` +
          `&term=${encodeURIComponent(this.searched)}&cursor=${encodeURIComponent(group.cursor ?? '')}`,
      );
      if (generation !== this.generation) {
        return;
      }
      const page = answer.providers[0];
      const current = this.groups.find((g) => g.id === group.id)!;
      this.update1(
        group.id,
        page.status === 'ok'
          ? { entries: [...current.entries, ...page.entries], cursor: page.cursor, loadingMore: false }
          : { status: page.status, cursor: null, loadingMore: false },
      );
    } catch {
      this.update1(group.id, { loadingMore: false, status: 'error' });
    }
  }

  private key = (event: KeyboardEvent) => {
    const entries = this.flat();
    if (event.key === 'Escape') {
      this.open = false;
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.open = true;
      if (entries.length) {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.active = (this.active + step + entries.length) % entries.length;
        this.updateComplete.then(() =>
          this.renderRoot.querySelector(`#result-${this.active}`)?.scrollIntoView({ block: 'nearest' }),
        );
      }
      return;
    }
    if (event.key === 'Enter') {
      window.clearTimeout(this.debounce);
      const link = this.active >= 0 ? safeUrl(entries[this.active]?.link) : undefined;
      if (link) {
        window.open(link, '_blank', 'noopener');
      } else {
        this.search();
      }
    }
  };
}

customElements.define('hearth-search', HearthSearch);
