// An environment's look (issue 12 section 5): its colour on its name in the header and on the
// borders, so prod never looks like staging. Pure: zod only. The UI passes the colour through
// ui/theme.ts, which drops every colour under NO_COLOR.
import {z} from 'zod';

/** The terminal colours a theme may name (Ink's, by chalk's names), besides #rrggbb. */
export const themeColorNames = [
	'red',
	'green',
	'yellow',
	'blue',
	'magenta',
	'cyan',
	'white',
	'gray',
	'redBright',
	'greenBright',
	'yellowBright',
	'blueBright',
	'magentaBright',
	'cyanBright',
	'whiteBright',
] as const;

const themeColor = z
	.string()
	.refine(
		value => (themeColorNames as readonly string[]).includes(value) || /^#[0-9a-fA-F]{6}$/.test(value),
		`a colour: ${themeColorNames.join(', ')}, or #rrggbb`,
	);

export const environmentThemeSchema = z.strictObject({
	// The environment's colour: its name in the header, the focused pane's border and the screens' borders.
	color: themeColor.optional(),
	// Every pane's border in that colour too, not only the focused one's (default: on for a protected environment).
	borders: z.boolean().optional(),
});

export type EnvironmentTheme = z.infer<typeof environmentThemeSchema>;

/** The look a console draws with: `theme:` where given, else a protected environment's red borders or the usual cyan. */
export type EnvironmentLook = {color: string; borders: boolean};

export function environmentLook(env: {protected: boolean; theme?: EnvironmentTheme}): EnvironmentLook {
	return {
		color: env.theme?.color ?? (env.protected ? 'red' : 'cyan'),
		borders: env.theme?.borders ?? env.protected,
	};
}
