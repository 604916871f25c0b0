// Finds and reads the configuration file: --config, else ./pg-ops.yaml, else the user's config dir (XDG).
import {existsSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseConfig, ConfigError} from '../core/config/parse.js';
import type {Config, NamedEnvironment} from '../core/config/schema.js';

export const configFileName = 'pg-ops.yaml';

export function userConfigPath(): string {
	const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
	return path.join(base, 'pg-ops', configFileName);
}

/** The config file to use and where else was looked, for the "no config" message. */
export function findConfigFile(explicit?: string, cwd = process.cwd()): {path?: string; looked: string[]} {
	if (explicit) return {path: path.resolve(cwd, explicit), looked: [explicit]};
	const candidates = [path.join(cwd, configFileName), userConfigPath()];
	return {path: candidates.find(c => existsSync(c)), looked: candidates};
}

export class ConfigFileError extends Error {}

/** The largest configuration pg-ops reads: thousands of environments fit; a 65 MB file is a mistake or an attack. */
export const maxConfigBytes = 8 * 1024 * 1024;

export function loadConfigFile(file: string): Config {
	let text: string;
	try {
		const stat = statSync(file);
		if (!stat.isFile()) throw new ConfigFileError(`${file}: not a regular file`);
		if (stat.size > maxConfigBytes)
			throw new ConfigFileError(
				`${file}: ${(stat.size / (1024 * 1024)).toFixed(1)} MiB, more than the ${maxConfigBytes / (1024 * 1024)} MiB a configuration may have (is it the right file?)`,
			);
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof ConfigFileError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigFileError(
			`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
		);
	}
	return parseConfig(text, path.relative(process.cwd(), file) || file);
}

export function pickEnvironment(config: Config, name: string, file: string): NamedEnvironment {
	const env = config.environments[name];
	if (!env)
		throw new ConfigFileError(
			`${file}: no environment named "${name}" (have: ${Object.keys(config.environments).join(', ')})`,
		);
	return {...env, name, configFile: file};
}

export {ConfigError};
