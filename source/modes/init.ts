// `pg-ops init`: writes the commented example configuration, never over an existing file.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {exampleConfig} from '../core/config/example-config.js';
import {configFileName} from '../adapters/config-file.js';

export function runInit(target: string | undefined): {file: string; written: boolean; message: string} {
	const file = path.resolve(target ?? configFileName);
	try {
		// "wx": fail if it exists, atomically, instead of checking first and racing.
		writeFileSync(file, exampleConfig, {flag: 'wx'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST')
			return {
				file,
				written: false,
				message: `${file} already exists; pg-ops init never overwrites (move it away, or pass --config NEW_FILE)`,
			};
		return {file, written: false, message: `${file}: ${(error as Error).message}`};
	}
	return {
		file,
		written: true,
		message: `wrote ${file}: edit the prod environment, then run pg-ops --config ${path.relative(process.cwd(), file) || file}`,
	};
}
