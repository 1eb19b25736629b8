// Hearth's REST API as the UI uses it. The session is the HttpOnly cookie set at sign-in; every error is an
// application/problem+json body, turned into an ApiError here.

import { lang } from './i18n.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** Codes that mean "sign in again"; the app listens for `hearth-signed-out`. */
const SIGNED_OUT = new Set(['authentication_required', 'token_expired', 'token_invalid', 'session_ended']);

export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  // The server writes plugin texts in the language the UI shows, not in the browser's first choice.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'network_error', 'Hearth could not be reached.');
  }
  const type = response.headers.get('Content-Type') ?? '';
  const json = type.includes('json')
    ? await response.json().catch((e: Error) => {
        if (e.name === 'AbortError') {
          throw e;
        }
        return {};
      })
    : {};
  if (!response.ok) {
    const code = typeof json.code === 'string' ? json.code : `http_${response.status}`;
    if (response.status === 401 && SIGNED_OUT.has(code) && !path.endsWith('/auth/login')) {
      window.dispatchEvent(new CustomEvent('hearth-signed-out'));
    }
    throw new ApiError(
      response.status,
      code,
      typeof json.detail === 'string' ? json.detail : response.statusText,
      json,
    );
  }
  return (response.status === 204 ? undefined : json) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, signal);

// The shapes Hearth answers (see the OpenAPI document at /openapi).

export interface User {
  id: number;
  username: string;
  displayName: string | null;
  role: 'user' | 'admin';
  disabled: boolean;
  createdAt: string;
}

export interface Flow {
  type: 'token' | 'oauth2' | 'login-flow-v2' | string;
  label: string;
  instanceUrl: boolean;
}

export interface Connection {
  pluginId: string;
  pluginName: string;
  status: 'connected' | 'not_connected' | 'expired' | 'error';
  accountName: string | null;
  instanceUrl: string | null;
  connectedAt: string | null;
  /** Why an expired connection expired. */
  reason: 'refresh_unused' | 'refresh_lifetime' | 'refresh_refused' | 'credential_refused' | null;
  /** What the upstream said when it refused. */
  reasonDetail: string | null;
  flows: Flow[];
}

export interface WidgetInfo {
  id: string;
  pluginId: string;
  title: string;
  iconUrl: string | null;
  order: number;
  reloadInterval: number;
  webComponent: { tagName: string; module: string } | null;
  needsConnection: boolean;
  visible: boolean;
}

export interface WidgetItem {
  id: string;
  title: string;
  subtitle: string | null;
  link: string | null;
  iconUrl: string | null;
  timestamp: string | null;
  badge: number;
  /** The row's state as a coloured label. */
  status: { label: string; tone: 'NEUTRAL' | 'ACTIVE' | 'DONE' | 'ATTENTION' } | null;
}

export interface WidgetResult {
  id: string;
  status: 'ok' | 'not_connected' | 'expired' | 'error' | 'timeout';
  items: WidgetItem[];
  totalBadge: number | null;
  emptyText: string | null;
  buttons: { type: string; text: string; link: string }[];
  message: string | null;
  loadedAt: string;
}

export interface SearchEntry {
  title: string;
  subline: string | null;
  link: string | null;
  thumbnailUrl: string | null;
}

export interface ProviderInfo {
  id: string;
  pluginId: string;
  name: string;
  order: number;
}

export interface ProviderResult {
  id: string;
  name: string;
  status: 'ok' | 'not_connected' | 'expired' | 'error' | 'timeout';
  entries: SearchEntry[];
  cursor: string | null;
  message: string | null;
}

export interface Notification {
  id: number;
  pluginId: string;
  title: string;
  body: string | null;
  link: string | null;
  actor: string | null;
  time: string;
  read: boolean;
}

export interface PluginStatus {
  id: string;
  name: string;
  version: string;
  state: 'running' | 'disabled' | 'failed';
  reason: string | null;
  source: string | null;
}

export interface SettingView {
  name: string;
  label: string;
  type: 'string' | 'url' | 'boolean' | 'integer';
  help: string | null;
  secret: boolean;
  defaultValue: string | null;
  value: string | null;
  source: string | null;
  set: boolean;
}

export interface PluginDetails extends PluginStatus {
  settings: SettingView[];
}

export interface AdminConnection {
  id: number;
  userId: number;
  pluginId: string;
  status: string;
  accountName: string | null;
  instanceUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Only http(s) links reach an href: upstream data never becomes a javascript: URL. */
/** A system API token or personal access token; {@code token} only in the answer that made it. */
export interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  hint: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  status: 'active' | 'expired' | 'ended';
  token?: string;
}

/** An application registered with Hearth's OAuth provider; {@code clientSecret} only once. */
export interface OAuthClient {
  id: number;
  clientId: string;
  name: string;
  redirectUris: string[];
  confidential: boolean;
  createdAt: string;
  clientSecret?: string;
}

/** An application the user authorized. */
export interface Authorized {
  clientId: string;
  name: string;
  scopes: string[];
  authorizedAt: string;
}

export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
