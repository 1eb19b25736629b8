// English and German, chosen from the browser's languages. Every English key must have its German twin (the
// compiler checks), and {name} placeholders are filled as text, never as HTML.

const en = {
  'app.name': 'Hearth',
  'nav.dashboard': 'Dashboard',
  'nav.connections': 'Connected accounts',
  'nav.admin': 'Administration',
  'nav.signOut': 'Sign out',
  'nav.menu': 'Account menu',
  'nav.notFound': 'This page does not exist.',
  'nav.forbidden': 'Only administrators can see this page.',
  'nav.home': 'Back to the dashboard',
  'login.title': 'Sign in to Hearth',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.wrong': 'Wrong username or password.',
  'login.throttled': 'Too many attempts. Try again in {seconds} seconds.',
  'login.disabled': 'This account is disabled.',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.save': 'Save',
  'common.saved': 'Saved.',
  'common.cancel': 'Cancel',
  'common.delete': 'Delete',
  'common.remove': 'Remove',
  'common.error': 'Something went wrong: {detail}',
  'common.unreachable': 'Hearth could not be reached. Check your network.',
  'dashboard.title': 'Dashboard',
  'dashboard.customize': 'Customize',
  'dashboard.customizeTitle': 'Choose and order your widgets',
  'dashboard.moveUp': 'Move {name} up',
  'dashboard.moveDown': 'Move {name} down',
  'dashboard.none': 'No widgets are shown. Choose some under “Customize”.',
  'widget.empty': 'Nothing here yet.',
  'widget.notConnected': 'Connect your {name} account to see this.',
  'widget.expired': 'Your {name} connection has expired.',
  'widget.unreachable': '{name} is unreachable.',
  'widget.timeout': '{name} did not answer in time.',
  'widget.unread': '{count} unread',
  'connect.waiting': 'Sign in to {name} in the window that opened and grant access. Waiting…',
  'connect.openAgain': 'Open the login window again',
  'connect.expired': 'The login was not completed in time. Start again.',
  'connect.popupBlocked':
    'Your browser blocked the login window. Allow pop-ups for Hearth, or open it with the button below.',
  'connect.token': 'Access token',
  'connect.instanceUrl': 'Server address',
  'connect.instanceUrlHint': 'For example https://example.com',
  'connect.submit': 'Connect',
  'connections.title': 'Connected accounts',
  'connections.intro':
    'Connect your accounts once; Hearth shows them on your dashboard, in search and in notifications.',
  'connections.connectedAs': 'Connected as {name}',
  'connections.since': 'since {date}',
  'connections.notConnected': 'Not connected',
  'connections.expired': 'Connection expired — reconnect',
  'connections.reason.refresh_unused': '{name} ended the access because it went unused for too long.',
  'connections.reason.refresh_lifetime':
    '{name} ended the access: it reached the longest time {name} grants after consent.',
  'connections.reason.refresh_refused':
    '{name} refused to renew the access: the password may have changed, or the access was revoked.',
  'connections.reason.credential_refused': '{name} refused the connection’s credential.',
  'connections.disconnect': 'Disconnect',
  'connections.disconnectConfirm': 'Disconnect {name}? Hearth forgets the credentials and revokes them at {name}.',
  'connections.disconnected': '{name} is disconnected.',
  'connections.connected': '{name} is connected.',
  'connections.failed': 'Connecting {name} failed: {detail}',
  'connections.none': 'No installed plugin needs an account.',
  'search.placeholder': 'Search everything',
  'search.label': 'Search',
  'search.searching': 'Searching…',
  'search.nothing': 'No results',
  'search.more': 'Load more',
  'search.expired': 'Connection expired',
  'search.failed': 'Could not search {name}',
  'search.timeout': '{name} took too long',
  'notifications.title': 'Notifications',
  'notifications.open': 'Notifications, {count} unread',
  'notifications.none': 'You are all caught up.',
  'notifications.markRead': 'Mark read',
  'notifications.dismiss': 'Dismiss',
  'notifications.markAllRead': 'Mark all read',
  'admin.title': 'Administration',
  'admin.plugins': 'Plugins',
  'admin.users': 'Users',
  'admin.connections': 'Connections',
  'admin.enabled': 'Enabled',
  'admin.state.running': 'Running',
  'admin.state.disabled': 'Disabled',
  'admin.state.failed': 'Failed',
  'admin.settings': 'Settings',
  'admin.fixFields': 'Some values are not valid; see the fields above.',
  'admin.secretSet': 'Set — enter a new value to replace it',
  'admin.secretUnset': 'Not set',
  'admin.clearSecret': 'Remove the stored value',
  'admin.fromConfig': 'From the server configuration',
  'admin.default': 'Default: {value}',
  'admin.redirectUri': 'Redirect URI to register at the upstream',
  'admin.copy': 'Copy',
  'admin.copied': 'Copied',
  'admin.newUser': 'New user',
  'admin.username': 'Username',
  'admin.displayName': 'Display name',
  'admin.password': 'Password',
  'admin.role': 'Role',
  'admin.role.user': 'User',
  'admin.role.admin': 'Administrator',
  'admin.create': 'Create',
  'admin.disable': 'Disable',
  'admin.enable': 'Enable',
  'admin.makeAdmin': 'Make administrator',
  'admin.makeUser': 'Make user',
  'admin.userDisabled': 'disabled',
  'admin.deleteUser': 'Delete user {name}?',
  'admin.user': 'User',
  'admin.plugin': 'Plugin',
  'admin.account': 'Account',
  'admin.status': 'Status',
  'admin.status.connected': 'Connected',
  'admin.status.expired': 'Expired',
  'admin.since': 'Since',
  'admin.removeConnection': 'Remove the connection of {name} to {plugin}?',
  'admin.noConnections': 'Nobody has connected an account yet.',
} as const;

type Key = keyof typeof en;

const de: Record<Key, string> = {
  'app.name': 'Hearth',
  'nav.dashboard': 'Übersicht',
  'nav.connections': 'Verbundene Konten',
  'nav.admin': 'Verwaltung',
  'nav.signOut': 'Abmelden',
  'nav.menu': 'Kontomenü',
  'nav.notFound': 'Diese Seite gibt es nicht.',
  'nav.forbidden': 'Nur Administratoren können diese Seite sehen.',
  'nav.home': 'Zurück zur Übersicht',
  'login.title': 'Bei Hearth anmelden',
  'login.username': 'Benutzername',
  'login.password': 'Passwort',
  'login.submit': 'Anmelden',
  'login.wrong': 'Benutzername oder Passwort ist falsch.',
  'login.throttled': 'Zu viele Versuche. Versuche es in {seconds} Sekunden erneut.',
  'login.disabled': 'Dieses Konto ist deaktiviert.',
  'common.loading': 'Wird geladen …',
  'common.retry': 'Erneut versuchen',
  'common.save': 'Speichern',
  'common.saved': 'Gespeichert.',
  'common.cancel': 'Abbrechen',
  'common.delete': 'Löschen',
  'common.remove': 'Entfernen',
  'common.error': 'Etwas ist schiefgegangen: {detail}',
  'common.unreachable': 'Hearth ist nicht erreichbar. Prüfe deine Verbindung.',
  'dashboard.title': 'Übersicht',
  'dashboard.customize': 'Anpassen',
  'dashboard.customizeTitle': 'Widgets auswählen und anordnen',
  'dashboard.moveUp': '{name} nach oben',
  'dashboard.moveDown': '{name} nach unten',
  'dashboard.none': 'Es werden keine Widgets angezeigt. Wähle welche unter „Anpassen“.',
  'widget.empty': 'Noch nichts da.',
  'widget.notConnected': 'Verbinde dein {name}-Konto, um dies zu sehen.',
  'widget.expired': 'Deine Verbindung zu {name} ist abgelaufen.',
  'widget.unreachable': '{name} nicht erreichbar',
  'widget.timeout': '{name} hat nicht rechtzeitig geantwortet.',
  'widget.unread': '{count} ungelesen',
  'connect.waiting': 'Melde dich im geöffneten Fenster bei {name} an und erlaube den Zugriff. Warte …',
  'connect.openAgain': 'Anmeldefenster erneut öffnen',
  'connect.expired': 'Die Anmeldung wurde nicht rechtzeitig abgeschlossen. Beginne erneut.',
  'connect.popupBlocked':
    'Dein Browser hat das Anmeldefenster blockiert. Erlaube Pop-ups für Hearth oder öffne es mit der Schaltfläche unten.',
  'connect.token': 'Zugriffstoken',
  'connect.instanceUrl': 'Serveradresse',
  'connect.instanceUrlHint': 'Zum Beispiel https://example.com',
  'connect.submit': 'Verbinden',
  'connections.title': 'Verbundene Konten',
  'connections.intro':
    'Verbinde deine Konten einmal; Hearth zeigt sie in der Übersicht, in der Suche und bei den Benachrichtigungen.',
  'connections.connectedAs': 'Verbunden als {name}',
  'connections.since': 'seit {date}',
  'connections.notConnected': 'Nicht verbunden',
  'connections.expired': 'Verbindung abgelaufen – neu verbinden',
  'connections.reason.refresh_unused': '{name} hat den Zugriff beendet, weil er zu lange nicht genutzt wurde.',
  'connections.reason.refresh_lifetime':
    '{name} hat den Zugriff beendet: Er hat die längste Dauer erreicht, die {name} nach einer Zustimmung gewährt.',
  'connections.reason.refresh_refused':
    '{name} hat die Verlängerung des Zugriffs abgelehnt: Vielleicht wurde das Passwort geändert oder der Zugriff widerrufen.',
  'connections.reason.credential_refused': '{name} hat die Zugangsdaten der Verbindung abgelehnt.',
  'connections.disconnect': 'Trennen',
  'connections.disconnectConfirm': '{name} trennen? Hearth vergisst die Zugangsdaten und widerruft sie bei {name}.',
  'connections.disconnected': '{name} ist getrennt.',
  'connections.connected': '{name} ist verbunden.',
  'connections.failed': 'Verbinden mit {name} fehlgeschlagen: {detail}',
  'connections.none': 'Kein installiertes Plugin braucht ein Konto.',
  'search.placeholder': 'Alles durchsuchen',
  'search.label': 'Suche',
  'search.searching': 'Suche läuft …',
  'search.nothing': 'Keine Treffer',
  'search.more': 'Mehr laden',
  'search.expired': 'Verbindung abgelaufen',
  'search.failed': '{name} konnte nicht durchsucht werden',
  'search.timeout': '{name} hat zu lange gebraucht',
  'notifications.title': 'Benachrichtigungen',
  'notifications.open': 'Benachrichtigungen, {count} ungelesen',
  'notifications.none': 'Du bist auf dem neuesten Stand.',
  'notifications.markRead': 'Als gelesen markieren',
  'notifications.dismiss': 'Verwerfen',
  'notifications.markAllRead': 'Alle als gelesen markieren',
  'admin.title': 'Verwaltung',
  'admin.plugins': 'Plugins',
  'admin.users': 'Benutzer',
  'admin.connections': 'Verbindungen',
  'admin.enabled': 'Aktiviert',
  'admin.state.running': 'Läuft',
  'admin.state.disabled': 'Deaktiviert',
  'admin.state.failed': 'Fehlgeschlagen',
  'admin.settings': 'Einstellungen',
  'admin.fixFields': 'Einige Werte sind ungültig; siehe die Felder oben.',
  'admin.secretSet': 'Gesetzt – neuen Wert eingeben, um ihn zu ersetzen',
  'admin.secretUnset': 'Nicht gesetzt',
  'admin.clearSecret': 'Gespeicherten Wert entfernen',
  'admin.fromConfig': 'Aus der Serverkonfiguration',
  'admin.default': 'Standard: {value}',
  'admin.redirectUri': 'Weiterleitungs-URI für die Registrierung beim Dienst',
  'admin.copy': 'Kopieren',
  'admin.copied': 'Kopiert',
  'admin.newUser': 'Neuer Benutzer',
  'admin.username': 'Benutzername',
  'admin.displayName': 'Anzeigename',
  'admin.password': 'Passwort',
  'admin.role': 'Rolle',
  'admin.role.user': 'Benutzer',
  'admin.role.admin': 'Administrator',
  'admin.create': 'Anlegen',
  'admin.disable': 'Deaktivieren',
  'admin.enable': 'Aktivieren',
  'admin.makeAdmin': 'Zum Administrator machen',
  'admin.makeUser': 'Zum Benutzer machen',
  'admin.userDisabled': 'deaktiviert',
  'admin.deleteUser': 'Benutzer {name} löschen?',
  'admin.user': 'Benutzer',
  'admin.plugin': 'Plugin',
  'admin.account': 'Konto',
  'admin.status': 'Status',
  'admin.status.connected': 'Verbunden',
  'admin.status.expired': 'Abgelaufen',
  'admin.since': 'Seit',
  'admin.removeConnection': 'Die Verbindung von {name} zu {plugin} entfernen?',
  'admin.noConnections': 'Noch hat niemand ein Konto verbunden.',
};

/** The UI's language: the first of the browser's languages that Hearth speaks, else English. */
export const lang: 'en' | 'de' =
  (navigator.languages ?? [navigator.language])
    .map((l) => l.slice(0, 2).toLowerCase())
    .find((l): l is 'en' | 'de' => l === 'en' || l === 'de') ?? 'en';

document.documentElement.lang = lang;

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text: string = (lang === 'de' ? de : en)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const relativeFormat = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: lang === 'de' ? 'short' : 'long' });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "5 minutes ago" / "vor 5 Min."; "just now" below ten seconds. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) {
    return '';
  }
  let value = (new Date(iso).getTime() - now) / 1000;
  if (Math.abs(value) < 10) {
    return relativeFormat.format(0, 'second');
  }
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) {
      return relativeFormat.format(Math.round(value), unit);
    }
    value /= size;
  }
  return '';
}

const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

/** A full, localized date and time (for tooltips and "since" lines). */
export function dateTime(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '';
}
