// A team's Markdown runbook as pg-ops reads it: headings are sections, fenced blocks are steps
// (shell blocks run on the host, SQL blocks through the database, anything else is only shown),
// and the prose before a block explains it. Pure data; core/runbooks/parse.ts builds it.

export type RunbookStepKind =
	/** A shell block (bash, sh, shell, console, or an unlabelled block that reads as commands): run on the host. */
	| 'shell'
	/** An SQL block: run through the environment's database connection. */
	| 'sql'
	/** Anything else (JSON, YAML, output, prose in a block): shown, never run. */
	| 'show';

export type Placeholder = {
	/** As written in the runbook: "<run_id>", "YOUR_TOKEN", "$OPS_VERIFY_TOKEN", "YYYY-MM-DD". */
	token: string;
	/** What the operator is asked for: "run_id", "OPS_VERIFY_TOKEN". */
	name: string;
	/** Asked for masked, never shown, logged or written (its name reads as a token, password, key or secret). */
	secret: boolean;
	/**
	 * variable: "$VAR", the value reaches the command as that environment variable; otherwise the text is
	 * replaced by a reference to the value: angle "<run_id>", word "YOUR_TOKEN", template "{{ x }}",
	 * "[HOST|IP]" or "${db-name}", literal an example secret written as a value ("--password changeme").
	 */
	style: 'angle' | 'word' | 'variable' | 'template' | 'literal';
	/** An earlier step sets this variable (each step runs in its own shell): its id, and the value it writes out, if it does (offered, editable). */
	setIn?: {step: string; value?: string};
};

export type RunbookStep = {
	/** Stable within the file: "2.3" (section 2, its third block); "2.3a", "2.3b" for a block's marked alternatives. */
	id: string;
	/** The section's title, and a short title of its own (the first command, or the prose's first words). */
	section: string;
	title: string;
	kind: RunbookStepKind;
	/** The fence's info string ("bash", "sql", ""). */
	language: string;
	/** What runs: a shell step's commands (for a transcript: only the commands, prompts removed), an SQL step's SQL; a shown block as written. */
	code: string;
	/** The block as written (indentation of an enclosing list removed), for the screen. */
	written?: string;
	/** The exact commands (or SQL statements) that will run, each whole (continuation lines, here-document body); empty when shown. */
	commands?: string[];
	/** Why a block is shown and not run ("looks like output", "MySQL SQL", "interactive: …"). */
	reason?: string;
	/** It needs a person at a terminal: shown, never run with a closed standard input. */
	interactive?: boolean;
	/** One of a cheat sheet's separate recipes (steps 3.2a, 3.2b …): why it is a list to pick one from, never a sequence. */
	choice?: string;
	/** Taken from inline code in a numbered list item, not from a fenced block. */
	fromInlineCode?: boolean;
	/** The prose before the block in the same section (paragraphs, list items, table rows as text). */
	explanation: string[];
	placeholders: Placeholder[];
	/** Runs until stopped (journalctl -f, logs -f, tail -f, watch ...): streamed, with a way to stop it. */
	longRunning: boolean;
	/**
	 * A shell step with a one-shot command that asks for a terminal (`docker exec -it db psql -c …`,
	 * `kubectl run -it … -- nslookup x`): it runs in a pseudo-terminal, where nothing is typed and its
	 * errors come with its output. Absent otherwise.
	 */
	terminal?: true;
	/**
	 * A shell step typed in a shell an earlier command opened on another machine (`ssh es-node-4`, line
	 * 190), or one of several machines a runbook's prompts name (`root@etcd-01:~#`): it runs only where
	 * pg-ops finds itself on that machine (the plan checks the host's names first), never elsewhere.
	 * `name` as written: a host name, an address, or a blank the operator fills; `why`, how the runbook
	 * says so ("line 190 opened `ssh es-node-4`").
	 */
	onMachine?: {name: string; why: string};
	/** 1-based line of the opening fence (or of the list item) in the file, for messages. */
	line: number;
	/** The runbook file as given (Runbook.file), so a step alone can say where it comes from ("app-vm.md:42"). */
	file: string;
};

export type RunbookSection = {
	title: string;
	level: number;
	line: number;
	steps: RunbookStep[];
	explanation: string[];
};

export type Runbook = {
	/** The file as given, for messages. */
	file: string;
	/** The first level-1 heading, else the file name. */
	title: string;
	sections: RunbookSection[];
};
