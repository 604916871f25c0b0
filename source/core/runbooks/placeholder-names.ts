// Names in runbook placeholders: which read as credentials (asked for masked), which are markup
// rather than blanks, and which the shell or the login sets (never a blank to fill).

// A word part that reads as a credential; short ones must be a whole part ("pat", not "path").
const secretWords =
	/token|secret|passw(or)?d|passphrase|passcode|pgpass|credential|api_?key|priv(ate)?_?key|authori[sz]ation|bearer|jwt|webhook|cookie|conn(ection)?_?str(ing)?|mnemonic|recovery_?code|signing_?(key|salt)/i;
const secretParts = new Set([
	'pass',
	'pwd',
	'pw',
	'key',
	'auth',
	'pat',
	'pin',
	'otp',
	'totp',
	'mfa',
	'dsn',
	'creds',
	'cred',
	'hmac',
	'salt',
]);
// A URL or URI of a datastore or broker carries its credentials (postgres://user:pass@host/db).
const credentialUrl =
	/(?:^|[^a-z])(?:database|db|redis|mongo(?:db)?|amqp|rabbit(?:mq)?|broker|postgres(?:ql)?|pg|mysql|sql|celery_broker)_?(?:url|uri)$/i;

export function isSecretName(name: string): boolean {
	if (secretWords.test(name) || credentialUrl.test(name)) return true;
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.split(/[^A-Za-z0-9]+/)
		.some(part => secretParts.has(part.toLowerCase()));
}

// Tag names that are markup, not blanks to fill.
export const markupTags = new Set([
	'html',
	'head',
	'body',
	'div',
	'span',
	'p',
	'br',
	'a',
	'b',
	'i',
	'u',
	'em',
	'strong',
	'ul',
	'ol',
	'li',
	'table',
	'tr',
	'td',
	'th',
	'pre',
	'code',
	'script',
	'style',
	'xml',
	'title',
	'details',
	'summary',
]);
// Set by the shell, the login or the system: never a blank the runbook wants filled.
export const environmentNames = new Set([
	'HOME',
	'PATH',
	'USER',
	'LOGNAME',
	'PWD',
	'OLDPWD',
	'SHELL',
	'LANG',
	'LANGUAGE',
	'LC_ALL',
	'LC_CTYPE',
	'TERM',
	'HOSTNAME',
	'HOST',
	'UID',
	'EUID',
	'PPID',
	'RANDOM',
	'IFS',
	'TMPDIR',
	'LINENO',
	'SECONDS',
	'BASH',
	'BASH_SOURCE',
	'BASH_VERSION',
	'FUNCNAME',
	'EDITOR',
	'VISUAL',
	'PAGER',
	'SUDO_USER',
	'SUDO_UID',
	'DISPLAY',
	'TZ',
	'OPTARG',
	'OPTIND',
	'PS1',
	'PS4',
	'REPLY',
	'PIPESTATUS',
	'XDG_RUNTIME_DIR',
	'XDG_CONFIG_HOME',
	'XDG_DATA_HOME',
	'SSH_CONNECTION',
	'SSH_CLIENT',
	'SSH_TTY',
	'MAIL',
	'COLUMNS',
	'LINES',
]);
