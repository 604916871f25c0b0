// An environment's look in pg-ops.yaml (issue 12 section 5): `theme:` validated like every field,
// and the look a console draws with when it is absent (a protected environment's red borders).
import {describe, expect, it} from 'vitest';
import {ConfigError, parseConfig} from '../../source/core/config/parse.js';
import {environmentLook} from '../../source/core/config/theme.js';

const config = (theme: string, extra = '') =>
	`environments:\n  prod:\n    transport: local\n${extra}    theme: ${theme}\n`;

const problems = (text: string) => {
	try {
		parseConfig(text, 'pg-ops.yaml');
	} catch (error) {
		if (error instanceof ConfigError) return error.message.split('\n');
		throw error;
	}
	throw new Error('expected the config to be refused');
};

describe('theme: in pg-ops.yaml', () => {
	it('a named colour or #rrggbb, and borders, are read', () => {
		const prod = parseConfig(config('{color: magenta, borders: true}'), 'pg-ops.yaml').environments.prod!;
		expect(environmentLook(prod)).toEqual({color: 'magenta', borders: true});
		const hex = parseConfig(config("{color: '#ff8800'}"), 'pg-ops.yaml').environments.prod!;
		expect(environmentLook(hex)).toEqual({color: '#ff8800', borders: false});
	});

	it('without it: a protected environment is red with every border, any other cyan with the focused one only', () => {
		const text =
			'environments:\n  prod:\n    transport: local\n    protected: true\n  staging:\n    transport: local\n';
		const {prod, staging} = parseConfig(text, 'pg-ops.yaml').environments;
		expect(environmentLook(prod!)).toEqual({color: 'red', borders: true});
		expect(environmentLook(staging!)).toEqual({color: 'cyan', borders: false});
		// A protected environment keeps its borders unless its theme says otherwise.
		const own = parseConfig(config('{color: yellow}', '    protected: true\n'), 'pg-ops.yaml').environments
			.prod!;
		expect(environmentLook(own)).toEqual({color: 'yellow', borders: true});
	});

	it('a colour pg-ops does not know, a misspelt field and a wrong type name file, line and field', () => {
		expect(problems(config('{color: purple}'))).toEqual([
			'pg-ops.yaml:4:20: environments.prod.theme.color: expected a colour: red, green, yellow, blue, magenta, cyan, white, gray, redBright, greenBright, yellowBright, blueBright, magentaBright, cyanBright, whiteBright, or #rrggbb',
		]);
		expect(problems(config('{colour: red}'))[0]).toBe(
			'pg-ops.yaml:4:13: environments.prod.theme.colour: unknown field; check the spelling against docs/CONFIG.md',
		);
		expect(problems(config('{borders: yes please}'))[0]).toMatch(
			/^pg-ops\.yaml:4:22: environments\.prod\.theme\.borders: expected a boolean/,
		);
	});
});
