import { css } from 'lit';

/** Design tokens and the few shared patterns (buttons, cards, badges, forms), adopted by every component. */
export const shared = css`
  :host {
    --accent: #c2410c;
    --accent-strong: #9a3412;
    --accent-soft: #ffedd5;
    --on-accent: #ffffff;
    --text: #1c1917;
    --muted: #57534e;
    --faint: #a8a29e;
    --line: #e7e5e4;
    --surface: #ffffff;
    --page: #f6f5f3;
    --danger: #b91c1c;
    --danger-soft: #fee2e2;
    --ok: #15803d;
    --ok-soft: #dcfce7;
    --radius: 10px;
    --shadow: 0 1px 2px rgb(0 0 0 / 6%), 0 1px 8px rgb(0 0 0 / 4%);
    color: var(--text);
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
    font-size: 15px;
    line-height: 1.45;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --accent: #fb923c;
      --accent-strong: #fdba74;
      --accent-soft: #431407;
      --on-accent: #1c1917;
      --text: #f5f5f4;
      --muted: #d6d3d1;
      --faint: #78716c;
      --line: #3a3634;
      --surface: #262321;
      --page: #1b1a19;
      --danger: #f87171;
      --danger-soft: #450a0a;
      --ok: #4ade80;
      --ok-soft: #052e16;
    }
  }
  *, *::before, *::after { box-sizing: border-box; }
  a { color: var(--accent-strong); }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; font-weight: 650; }
  h2 { font-size: 1.1rem; margin: 0; font-weight: 600; }
  button, .button {
    font: inherit; font-size: 0.9rem; font-weight: 550; cursor: pointer;
    border: 1px solid var(--line); border-radius: 8px; padding: 0.45rem 0.9rem;
    background: var(--surface); color: var(--text); text-decoration: none; display: inline-flex;
    align-items: center; gap: 0.4rem; line-height: 1.2;
  }
  button:hover, .button:hover { border-color: var(--faint); }
  button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
  button.primary:hover, .button.primary:hover { background: var(--accent-strong); border-color: var(--accent-strong); }
  button.danger { color: var(--danger); }
  button.link { border: none; background: none; padding: 0.2rem 0.3rem; color: var(--accent-strong); }
  button:disabled { opacity: 0.55; cursor: default; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  .card {
    background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius);
    box-shadow: var(--shadow);
  }
  .badge {
    display: inline-block; min-width: 1.4rem; padding: 0.05rem 0.45rem; border-radius: 999px;
    background: var(--accent); color: var(--on-accent); font-size: 0.75rem; font-weight: 650; text-align: center;
  }
  .muted { color: var(--muted); }
  .notice { padding: 0.6rem 0.8rem; border-radius: 8px; background: var(--accent-soft); }
  .notice.error { background: var(--danger-soft); color: var(--danger); }
  .notice.ok { background: var(--ok-soft); color: var(--ok); }
  label { display: block; font-size: 0.85rem; font-weight: 600; margin: 0.8rem 0 0.25rem; }
  input[type='text'], input[type='password'], input[type='url'], input[type='number'], input[type='search'], select {
    font: inherit; width: 100%; padding: 0.5rem 0.65rem; border: 1px solid var(--line); border-radius: 8px;
    background: var(--page); color: var(--text);
  }
  .help { font-size: 0.8rem; color: var(--muted); margin-top: 0.2rem; }
  .field-error { font-size: 0.8rem; color: var(--danger); margin-top: 0.2rem; }
  .spinner {
    display: inline-block; width: 1rem; height: 1rem; border-radius: 50%; vertical-align: middle;
    border: 2px solid var(--line); border-top-color: var(--accent); animation: spin 0.8s linear infinite;
  }
  @keyframes spin { to { transform: rotate(360deg); } }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
  table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.55rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
  th { font-size: 0.8rem; color: var(--muted); font-weight: 600; }
`;
