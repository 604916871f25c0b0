// Which SQL dialect a block is written in. pg-ops runs SQL on PostgreSQL only: a MySQL
// `CREATE USER 'u'@'%' IDENTIFIED BY …`, a T-SQL `SELECT TOP 10`, an Oracle `FROM dual` is shown
// with its dialect named, never sent to PostgreSQL. A runbook about MySQL alone (it names MySQL and
// never PostgreSQL) has its SQL without PostgreSQL evidence read as MySQL too.
import {scanSql} from './sql-lexer.js';

export type SqlDialect =
	| 'postgresql'
	| 'mysql'
	| 'sql server'
	| 'oracle'
	| 'sqlite'
	| 'cql'
	| 'clickhouse'
	| 'cockroachdb'
	| 'questdb';

/** Fence labels that name a dialect. */
export const dialectLanguages: Record<string, SqlDialect> = {
	mysql: 'mysql',
	mariadb: 'mysql',
	tsql: 'sql server',
	't-sql': 'sql server',
	mssql: 'sql server',
	sqlserver: 'sql server',
	plsql: 'oracle',
	oracle: 'oracle',
	sqlplus: 'oracle',
	sqlite: 'sqlite',
	sqlite3: 'sqlite',
	cql: 'cql',
	cassandra: 'cql',
	clickhouse: 'clickhouse',
	cockroach: 'cockroachdb',
	cockroachdb: 'cockroachdb',
	questdb: 'questdb',
};

const evidence: Array<[SqlDialect, RegExp]> = [
	[
		'mysql',
		/'[^'\n]*'@'[^'\n]*'|`[^`\n]+`|\bIDENTIFIED\s+(?:BY|WITH)\b|\bAUTO_INCREMENT\b|\bENGINE\s*=\s*(?:InnoDB|MyISAM|Aria)|\bSHOW\s+(?:SLAVE|MASTER|REPLICA|BINARY|(?:FULL\s+)?PROCESSLIST|DATABASES|TABLES|GRANTS|(?:GLOBAL\s+)?VARIABLES|(?:GLOBAL\s+)?STATUS|ENGINE|CREATE\s+TABLE|INDEX|COLUMNS)\b|\bFLUSH\s+(?:PRIVILEGES|TABLES|LOGS|HOSTS)\b|\b(?:START|STOP|RESET)\s+(?:SLAVE|REPLICA|MASTER)\b|\bCHANGE\s+(?:MASTER|REPLICATION\s+SOURCE)\s+TO\b|\bPURGE\s+BINARY\s+LOGS\b|\bSET\s+(?:GLOBAL|PERSIST)\b|\b(?:UN)?LOCK\s+TABLES\b|\\G\s*$|^\s*DELIMITER\b|^\s*USE\s+\w+\s*;?\s*$|\bmysql\.(?:user|db)\b|\bINTO\s+OUTFILE\b|\bperformance_schema\b|\bON\s+\*\.\*|\bKILL\s+(?:QUERY\s+)?\d+|\bOPTIMIZE\s+TABLE\b|\bINSERT\s+IGNORE\b|\bON\s+DUPLICATE\s+KEY\b/im,
	],
	[
		'sql server',
		/^\s*GO\s*$|\[[\w ]+\]\.\[|\bSELECT\s+TOP\s*\(?\d|\bWITH\s*\(\s*NOLOCK\s*\)|\bsp_\w+|\bDBCC\b|@@\w+|\bsys\.(?:dm_\w+|databases|tables|objects)\b|\bEXEC(?:UTE)?\s+(?:sp_|xp_|dbo\.)|\bGETDATE\s*\(|\bDECLARE\s+@/im,
	],
	[
		'oracle',
		/\bFROM\s+DUAL\b|\bg?v\$\w+|\bDBMS_\w+|\bNVL\s*\(|\bROWNUM\b|\bSYSDATE\b|\bALTER\s+SYSTEM\s+KILL\s+SESSION\b|\bdba_\w+|\bVARCHAR2\b|^\s*\/\s*$/im,
	],
	['sqlite', /\bPRAGMA\b|\bsqlite_master\b/i],
	['cql', /\bKEYSPACE\b|\bCONSISTENCY\s+\w+|\bWITH\s+replication\s*=/i],
	['clickhouse', /\bENGINE\s*=\s*\w*MergeTree|\bsystem\.(?:parts|merges|mutations|replicas)\b/i],
	[
		'cockroachdb',
		/\b(?:SET|RESET|SHOW)\s+CLUSTER\s+SETTINGS?\b|\bcrdb_internal\.|\bCONFIGURE\s+ZONE\b|\bSHOW\s+(?:RANGES|JOBS|ZONE\s+CONFIGURATIONS?)\b/i,
	],
	// PostgreSQL's CHECKPOINT takes no argument.
	[
		'questdb',
		/\bCHECKPOINT\s+(?:CREATE|RELEASE)\b|\bcheckpoint_status\s*\(|\bSAMPLE\s+BY\b|\bLATEST\s+ON\b|\bwal_tables\s*\(/i,
	],
];
const postgresEvidence =
	/::[a-z]|\bpg_\w+|\$\d|\bRETURNING\b|\bILIKE\b|\bJSONB\b|\bVACUUM\b|\bCONCURRENTLY\b|\bREINDEX\b|\bgen_random_uuid\b|\binterval\s+'|\bnow\(\)/i;

/** The block's dialect from its own text: what other dialects write and PostgreSQL does not. */
export function sqlDialect(code: string, documentDialect?: SqlDialect): {dialect: SqlDialect; sign?: string} {
	// Strings and comments hide nothing but the user@host quotes: judge on the text with comments blanked.
	const contexts = scanSql(code);
	const text = [...code].map((c, k) => (contexts[k] === 'comment' ? ' ' : c)).join('');
	for (const [dialect, pattern] of evidence) {
		const match = pattern.exec(text);
		if (match) return {dialect, sign: match[0].trim()};
	}
	if (documentDialect && documentDialect !== 'postgresql' && !postgresEvidence.test(text))
		return {dialect: documentDialect};
	return {dialect: 'postgresql'};
}

const mentions: Array<[SqlDialect, RegExp]> = [
	[
		'postgresql',
		/\b(?:postgres(?:ql)?|psql|pg_\w+|patroni|pgbouncer|timescale(?:db)?|citus|cloudnativepg|crunchy)\b/i,
	],
	['mysql', /\b(?:mysqld?|mysqldump|mariadb|innodb|percona|vitess)\b/i],
	['sql server', /\b(?:sql server|mssql|sqlcmd|t-sql)\b/i],
	['oracle', /\b(?:oracle|sqlplus|rman)\b/i],
	['sqlite', /\bsqlite3?\b/i],
	['cql', /\b(?:cassandra|cqlsh|scylla(?:db)?)\b/i],
	['clickhouse', /\bclickhouse\b/i],
	['cockroachdb', /\bcockroach(?:db)?\b/i],
	['questdb', /\bquestdb\b/i],
];

/** The one database a runbook is about, when it names exactly one. */
export function documentDialect(text: string): SqlDialect | undefined {
	const named = mentions.filter(([, pattern]) => pattern.test(text)).map(([dialect]) => dialect);
	return named.length === 1 ? named[0] : undefined;
}
