// The small field shapes pg-ops.yaml uses in many places (names, SQL identifiers, durations, URL
// paths, secret sources), shared by the schema and by the parts that bring their own config
// (service managers, checks, actions). Pure: zod only.
import {z} from 'zod';
import {parseDuration} from '../duration.js';

export const name = z
	.string()
	.regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'a name of letters, digits, ".", "_", "@" or "-"');
// SQL identifiers from config are validated here and quoted again where used.
export const sqlIdentifier = z
	.string()
	.regex(
		/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
		'a SQL identifier such as jobs or public.jobs',
	);
export const duration = z
	.string()
	.refine(v => parseDuration(v) !== undefined, 'a duration such as 90s, 15m, 1h or 2h30m');
/** How long a service must stay up after a restart before it counts as verified (services: steadySeconds). */
export const steadySeconds = z.number().min(0).max(300).optional();
export const percent = z.number().min(0).max(100);
export const urlPath = z
	.string()
	.regex(/^(\/|https?:\/\/)/, 'a path starting with / (relative to http.baseUrl) or a full http(s) URL');

// Where a secret comes from: never the YAML itself.
export const secretSource = z.union([
	z.strictObject({env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')}),
	z.strictObject({command: z.string().min(1)}),
]);

/** A regular expression written in the config: refused at load time when it does not compile. */
export const pattern = z.string().refine(value => {
	try {
		new RegExp(value);
		return true;
	} catch {
		return false;
	}
}, 'a regular expression that compiles (JavaScript syntax), e.g. RUNNING|STARTING');

/**
 * A map from exit code to a value (`{0: ok, 1: error, 2: critical}`): YAML's keys arrive as text,
 * so each must be a whole number 0-255.
 */
export const exitCodeMap = <T extends z.ZodType>(value: T) =>
	z.record(
		z.string().regex(/^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, 'an exit code, a whole number 0-255'),
		value,
	);
