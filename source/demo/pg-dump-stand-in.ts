// STAND-IN FOR pg_dump (pg-ops demo): the demo's PostgreSQL is PGlite, which has no pg_dump, so this
// writes a plain SQL script of schema public's ordinary tables through the ordinary `pg` client:
// optional DROPs (--clean, --if-exists), owned sequences, tables with defaults, rows as multi-row
// INSERTs (as pg_dump --rows-per-insert writes them), sequence values, constraints and indexes.
// Not covered: other schemas, views, functions, identity columns, partitions, grants.
import type pg from 'pg';
import type {PgDumpOptions} from './database-tool-options.js';

// Names come quoted by the server (quote_ident), so keywords and capitals survive.
type Table = {oid: number; name: string};
type Column = {name: string; type: string; notNull: boolean; default: string | null};
type Sequence = {
	name: string;
	column: string;
	type: string;
	start: string;
	increment: string;
	min: string;
	max: string;
	cache: string;
	cycle: boolean;
};

const rowsPerInsert = 1000;
// Every value as PostgreSQL's own text form, which is what an untyped SQL literal takes back.
const asText = {getTypeParser: () => (value: string) => value};

export async function dumpDatabase(
	client: pg.Client,
	options: Pick<PgDumpOptions, 'clean' | 'ifExists'>,
	write: (text: string) => void,
): Promise<void> {
	const tables = (
		await client.query<Table>(`SELECT c.oid::int AS oid, quote_ident(c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition ORDER BY c.relname`)
	).rows;
	write(
		`-- pg_dump stand-in (pg-ops demo): PGlite has no pg_dump. Plain SQL of schema public's tables, ${new Date().toISOString()}.\n\n`,
	);
	if (options.clean)
		for (const table of [...tables].reverse())
			write(`DROP TABLE ${options.ifExists ? 'IF EXISTS ' : ''}${qualified(table.name)} CASCADE;\n`);
	const foreignKeys: string[] = [];
	for (const table of tables) {
		write('\n');
		const sequences = await ownedSequences(client, table);
		for (const s of sequences)
			write(
				`CREATE SEQUENCE ${qualified(s.name)} AS ${s.type} START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ''};\n`,
			);
		const columns = await tableColumns(client, table);
		write(
			`CREATE TABLE ${qualified(table.name)} (\n${columns.map(c => `\t${c.name} ${c.type}${c.default ? ` DEFAULT ${c.default}` : ''}${c.notNull ? ' NOT NULL' : ''}`).join(',\n')}\n);\n`,
		);
		for (const s of sequences)
			write(`ALTER SEQUENCE ${qualified(s.name)} OWNED BY ${qualified(table.name)}.${s.column};\n`);
		await writeRows(client, table, columns, write);
		for (const s of sequences) {
			const value = (
				await client.query<{last_value: string; is_called: boolean}>(
					`SELECT last_value::text, is_called FROM ${qualified(s.name)}`,
				)
			).rows[0]!;
			write(
				`SELECT pg_catalog.setval(${literal(qualified(s.name))}, ${value.last_value}, ${value.is_called});\n`,
			);
		}
		const constraints = (
			await client.query<{name: string; type: string; definition: string}>(
				`SELECT quote_ident(conname) AS name, contype AS type, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1 AND contype IN ('p', 'u', 'c', 'x', 'f') ORDER BY conname`,
				[table.oid],
			)
		).rows;
		for (const c of constraints) {
			const statement = `ALTER TABLE ONLY ${qualified(table.name)} ADD CONSTRAINT ${c.name} ${c.definition};\n`;
			if (c.type === 'f')
				foreignKeys.push(statement); // after every table exists and is filled
			else write(statement);
		}
		const indexes = (
			await client.query<{definition: string}>(
				`SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i WHERE i.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY i.indexrelid`,
				[table.oid],
			)
		).rows;
		for (const index of indexes) write(`${index.definition};\n`);
	}
	if (foreignKeys.length > 0) write(`\n${foreignKeys.join('')}`);
}

async function tableColumns(client: pg.Client, table: Table): Promise<Column[]> {
	return (
		await client.query<Column>(
			`SELECT quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default
		FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
			[table.oid],
		)
	).rows;
}

/** Sequences a column owns (serial columns): created before the table whose default uses them. */
async function ownedSequences(client: pg.Client, table: Table): Promise<Sequence[]> {
	return (
		await client.query<Sequence>(
			`SELECT quote_ident(s.relname) AS name, quote_ident(a.attname) AS column, format_type(q.seqtypid, NULL) AS type, q.seqstart::text AS start, q.seqincrement::text AS increment,
			q.seqmin::text AS min, q.seqmax::text AS max, q.seqcache::text AS cache, q.seqcycle AS cycle
		FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_sequence q ON q.seqrelid = s.oid
		JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
		WHERE d.refobjid = $1 AND d.classid = 'pg_class'::regclass AND d.deptype = 'a' ORDER BY s.relname`,
			[table.oid],
		)
	).rows;
}

async function writeRows(
	client: pg.Client,
	table: Table,
	columns: Column[],
	write: (text: string) => void,
): Promise<void> {
	const names = columns.map(c => c.name).join(', ');
	const result = await client.query<unknown[]>({
		text: `SELECT ${names} FROM ONLY ${qualified(table.name)}`,
		rowMode: 'array',
		types: asText,
	});
	for (let start = 0; start < result.rows.length; start += rowsPerInsert) {
		const tuples = result.rows
			.slice(start, start + rowsPerInsert)
			.map(row => `\t(${row.map(literal).join(', ')})`);
		write(`INSERT INTO ${qualified(table.name)} (${names}) VALUES\n${tuples.join(',\n')};\n`);
	}
}

function literal(value: unknown): string {
	return value === null ? 'NULL' : `'${String(value).replaceAll("'", "''")}'`;
}

function qualified(quotedName: string): string {
	return `public.${quotedName}`;
}
