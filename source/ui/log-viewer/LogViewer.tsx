// The one log viewer (issue 12 section 1): long text (a service's logs, a step's output, incident
// Investigate, a fleet host's service) scrolled, searched, filtered, wrapped, followed, saved and
// copied. Its place and search are its own state (core/log-view/); what it shows comes from the
// screen it sits on, and anything that does I/O (more lines, follow, save, copy) is a callback the
// screen passes, served by the engine. Keys reach it from the screen's one input handler through
// LogViewerKeys, so it answers only what it knows and the screen keeps esc, q and its own keys.
import React, {useLayoutEffect, useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {hintRows, hintText, keyFor, type KeyPress} from '../../core/key-table.js';
import {
	defaultLogPreferences,
	initialLogView,
	logWindow,
	revealLine,
	scrollLog,
	shownIndexes,
	type LogBuffer,
	type LogPreferences,
	type LogScroll,
	type LogView,
} from '../../core/log-view/log-view.js';
import {lineMatches, matchParts, nextMatch, withoutTimestamp} from '../../core/log-view/log-text.js';
import {editLine} from '../keys.js';
import {color} from '../theme.js';
import {truncate} from '../text.js';
import {logHelp, logKeys, type LogKeyId, type LogOffers} from './log-keys.js';

/** The screen's side of the viewer's keys: `press` says whether the viewer took the key. */
export class LogViewerKeys {
	private handler?: (press: KeyPress) => boolean;

	attach(handler: (press: KeyPress) => boolean): () => void {
		this.handler = handler;
		return () => {
			if (this.handler === handler) this.handler = undefined;
		};
	}

	press(press: KeyPress): boolean {
		return this.handler ? this.handler(press) : false;
	}
}

export type LogViewerProps = {
	buffer: LogBuffer;
	width: number;
	/** Rows for the viewer: its lines, its status line and its hint line. */
	height: number;
	keys: LogViewerKeys;
	preferences?: LogPreferences;
	onPreferences?(preferences: LogPreferences): void;
	/** Scrolled up past the oldest line: the screen fetches older lines, if it can. */
	onOlder?(): void;
	following?: boolean;
	/** `f`: start or stop following; absent where nothing can be followed. */
	onFollow?(): void;
	onSave?(lines: readonly string[]): void;
	onCopy?(line: string): void;
	/** What esc does on the screen the viewer sits on, for its help ("back to the panes"). */
	back?: string;
	/** Shown when the buffer has no line ("(no log lines)"). */
	empty?: string;
	/** What the screen says under the lines (fetching older lines, why following ended). */
	note?: string;
	/** `?` opened or closed the viewer's keys: the screen may give it all its rows meanwhile. */
	onHelp?(open: boolean): void;
};

export function LogViewer(props: LogViewerProps) {
	const {buffer, width, height, keys} = props;
	const [, redraw] = useState(0);
	// The latest view, read and written by the key handler: keys in one chunk come before a redraw.
	const viewRef = useRef<LogView>(undefined as unknown as LogView);
	viewRef.current ??= initialLogView(props.preferences ?? defaultLogPreferences);
	const [message, setMessage] = useState<string>();
	const latest = useRef(props);
	latest.current = props;
	const screen = {rows: Math.max(1, height - 2), width};
	const view = viewRef.current;
	const show = (line: string) => (view.timestamps ? line : withoutTimestamp(line));

	useLayoutEffect(
		() =>
			keys.attach(press => {
				const taken = handle(press, viewRef.current, latest.current);
				return taken;
			}),
		[keys],
	);

	const set = (next: LogView) => {
		viewRef.current = next;
		redraw(n => n + 1);
	};

	function handle(press: KeyPress, view: LogView, p: LogViewerProps): boolean {
		const screen = {rows: Math.max(1, p.height - 2), width: p.width};
		const show = (line: string) => (view.timestamps ? line : withoutTimestamp(line));
		if (view.help) {
			if (press.ctrl && press.input === 'c') return false;
			set({...view, help: false});
			p.onHelp?.(false);
			return true;
		}
		const offers: LogOffers = {follow: Boolean(p.onFollow), save: Boolean(p.onSave), copy: Boolean(p.onCopy)};
		const id: LogKeyId | undefined = keyFor(logKeys, view.draft === undefined ? 'view' : 'search', press);
		if (!id || id === 'quit') return false;
		setMessage(undefined);
		const scroll = (move: LogScroll) => {
			const moved = scrollLog(p.buffer, view, screen, move, show);
			set(moved.view);
			if (moved.wantsOlder) {
				if (p.onOlder) p.onOlder();
				else setMessage('no older lines');
			}
		};
		const preferences = (next: LogView) => {
			set(next);
			p.onPreferences?.({wrap: next.wrap, timestamps: next.timestamps});
		};
		const find = (query: string, from: number, by: 1 | -1, base: LogView) => {
			const at = nextMatch(p.buffer.lines, query, from, by);
			if (at === undefined) {
				set({...base, query, match: undefined});
				setMessage(`no line matches "${query}"`);
				return;
			}
			set(revealLine(p.buffer, {...base, query, match: at}, screen, at));
		};
		switch (id) {
			case 'down':
				scroll({kind: 'line', by: 1});
				return true;
			case 'up':
				scroll({kind: 'line', by: -1});
				return true;
			case 'pageDown':
				scroll({kind: 'page', by: 1});
				return true;
			case 'pageUp':
				scroll({kind: 'page', by: -1});
				return true;
			case 'halfDown':
				scroll({kind: 'half', by: 1});
				return true;
			case 'halfUp':
				scroll({kind: 'half', by: -1});
				return true;
			case 'top':
				scroll({kind: 'top'});
				return true;
			case 'bottom':
				scroll({kind: 'bottom'});
				return true;
			// A part the screen does not offer leaves the key to the screen (a procedure's s stops its step).
			case 'follow':
				if (!offers.follow) return false;
				else {
					if (!p.following) set({...view, fromEnd: 0});
					p.onFollow!();
				}
				return true;
			case 'search':
				set({...view, draft: ''});
				return true;
			case 'next':
			case 'previous': {
				if (!view.query) {
					setMessage('/ searches first; then n and N move between the matches');
					return true;
				}
				const window = logWindow(p.buffer, view, screen, show);
				const from = view.match ?? window.lines.at(-1)?.index ?? p.buffer.lines.length;
				find(view.query, from, id === 'next' ? -1 : 1, view);
				return true;
			}
			case 'filter':
				if (!view.query) {
					setMessage('/ searches first; then & shows only the lines it matches');
					return true;
				}
				{
					// The current match stays in view as the other lines go or come back.
					const next: LogView = {...view, filter: !view.filter, fromEnd: 0};
					set(view.match === undefined ? next : revealLine(p.buffer, next, screen, view.match));
				}
				return true;
			case 'wrap':
				preferences({...view, wrap: !view.wrap});
				return true;
			case 'timestamps':
				preferences({...view, timestamps: !view.timestamps});
				return true;
			case 'save':
				if (!p.onSave) return false;
				p.onSave(p.buffer.lines);
				return true;
			case 'copy': {
				if (!p.onCopy) return false;
				const window = logWindow(p.buffer, view, screen, show);
				const index = view.match ?? window.lines.at(-1)?.index;
				if (index === undefined) setMessage('no line to copy');
				else p.onCopy(p.buffer.lines[index]!);
				return true;
			}
			case 'help':
				set({...view, help: true});
				p.onHelp?.(true);
				return true;
			case 'apply': {
				const query = view.draft ?? '';
				const base: LogView = {...view, draft: undefined};
				if (!query) {
					set({...base, query: undefined, match: undefined, filter: false});
					return true;
				}
				// Up from just below the newest line on screen: the nearest match at or above it.
				const window = logWindow(p.buffer, view, screen, show);
				const from = (window.lines.at(-1)?.index ?? p.buffer.lines.length - 1) + 1;
				find(query, from, -1, base);
				return true;
			}
			case 'cancel':
				set({...view, draft: undefined});
				return true;
			case 'erase':
			case 'type':
				set({...view, draft: editLine(view.draft ?? '', press)});
				return true;
		}
		return false;
	}

	if (view.help) return <LogHelp back={props.back ?? 'goes back'} width={width} height={height} />;

	const window = logWindow(buffer, view, screen, show);
	const status: string[] = [];
	if (window.above > 0) status.push(`↑ ${window.above} more above`);
	if (window.below > 0) status.push(`↓ ${window.below} more below`);
	if (view.query) {
		const matching = shownIndexes(buffer, {...view, filter: true});
		const rank = view.match === undefined ? 0 : matching.indexOf(view.match) + 1;
		status.push(
			`/${view.query}: ${rank > 0 ? `${rank} of ${matching.length}` : `${matching.length}`} matching${view.filter ? `, only they shown` : ''}`,
		);
	}
	if (props.following) status.push('following (f stops)');
	if (props.note) status.push(props.note);
	if (!view.wrap) status.push('cut (w wraps)');
	if (!view.timestamps) status.push('no timestamps (t)');
	const offers: LogOffers = {
		follow: Boolean(props.onFollow),
		save: Boolean(props.onSave),
		copy: Boolean(props.onCopy),
	};
	const hints = hintRows(logKeys, 'view', offers)
		.map(row => hintText(row))
		.join('  ');
	const rows = window.lines.flatMap(line =>
		rowsOfLine(line.text, view.query, width, view.wrap, line.rows).map((parts, r) => ({
			key: `${line.index}.${r}`,
			parts,
			current: line.index === view.match,
		})),
	);
	return (
		<Box flexDirection="column" width={width}>
			{buffer.lines.length === 0 ? <Text dimColor>{props.empty ?? '(no lines)'}</Text> : null}
			{buffer.lines.length > 0 && window.total === 0 ? (
				<Text dimColor>{truncate(`no line matches "${view.query}" (& shows every line)`, width)}</Text>
			) : null}
			{rows.map(row => (
				<Text key={row.key} wrap="truncate" bold={row.current}>
					{row.parts.map((part, i) =>
						part.match ? (
							<Text key={i} inverse color={color('yellow')}>
								{part.text}
							</Text>
						) : (
							part.text
						),
					)}
				</Text>
			))}
			{Array.from(
				{
					length: Math.max(
						0,
						screen.rows - rows.length - (buffer.lines.length === 0 || window.total === 0 ? 1 : 0),
					),
				},
				(_, i) => (
					<Text key={`pad${i}`}> </Text>
				),
			)}
			{view.draft !== undefined ? (
				<Text color={color('cyan')}>{truncate(`/${view.draft}▌  enter searches, esc drops it`, width)}</Text>
			) : (
				<Text color={message ? color('yellow') : undefined} dimColor={!message}>
					{truncate(message ?? (status.join(' · ') || `${buffer.lines.length} lines, all shown`), width)}
				</Text>
			)}
			<Text dimColor>{truncate(`j/k PgUp/PgDn g/G scroll  ${hints}  ? keys`, width)}</Text>
		</Box>
	);
}

type Part = {text: string; match: boolean};

// A line's screen rows: cut to the width, or wrapped at exactly the width (the window's row count
// counts code points the same way), with its matches marked; at most `maxRows`.
function rowsOfLine(
	text: string,
	query: string | undefined,
	width: number,
	wrap: boolean,
	maxRows: number,
): Part[][] {
	const parts = query && lineMatches(text, query) ? matchParts(text, query) : [{text, match: false}];
	if (!wrap) return [cutParts(parts, width)];
	const rows: Part[][] = [];
	let row: Part[] = [];
	let used = 0;
	for (const part of parts) {
		let chars = [...part.text];
		while (chars.length > 0) {
			const room = Math.max(1, width - used);
			const piece = chars.slice(0, room);
			row.push({text: piece.join(''), match: part.match});
			used += piece.length;
			chars = chars.slice(room);
			if (used >= width) {
				rows.push(row);
				row = [];
				used = 0;
			}
		}
	}
	if (row.length > 0 || rows.length === 0) rows.push(row);
	return rows.slice(0, Math.max(1, maxRows));
}

function cutParts(parts: Part[], width: number): Part[] {
	const total = parts.reduce((n, p) => n + [...p.text].length, 0);
	if (total <= width) return parts;
	const out: Part[] = [];
	let room = width - 1;
	for (const part of parts) {
		if (room <= 0) break;
		const chars = [...part.text].slice(0, room);
		out.push({text: chars.join(''), match: part.match});
		room -= chars.length;
	}
	out.push({text: '…', match: false});
	return out;
}

// `?`: the viewer's keys in the viewer's own rows (it sits inside another screen's frame): one
// column of "keys  what", two when the width allows, the notes last.
function LogHelp({back, width, height}: {back: string; width: number; height: number}) {
	const help = logHelp(back);
	const lines = help.groups.flatMap(group => [
		{text: group.title, title: true},
		...group.rows.map(row => ({text: `${row.keys.padEnd(12)} ${row.description}`, title: false})),
	]);
	const columns = lines.length > height - 4 ? 2 : 1;
	// Two columns split where a group starts, as near the middle as that goes.
	const starts = lines.flatMap((line, i) => (line.title && i > 0 ? [i] : []));
	const perColumn =
		columns === 1
			? lines.length
			: starts.reduce(
					(best, i) => (Math.abs(i - lines.length / 2) < Math.abs(best - lines.length / 2) ? i : best),
					lines.length,
				);
	const columnWidth = Math.floor(width / columns);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>{truncate(help.title, width)}</Text>
			<Box>
				{Array.from({length: columns}, (_, c) => (
					<Box key={c} flexDirection="column" width={columnWidth}>
						{(c === 0 ? lines.slice(0, perColumn) : lines.slice(perColumn)).map((line, i) => (
							<Text key={i} bold={line.title} color={line.title ? color('cyan') : undefined}>
								{truncate(line.text, columnWidth - 1)}
							</Text>
						))}
					</Box>
				))}
			</Box>
			{(help.notes ?? []).map(note => (
				<Text key={note} dimColor wrap="wrap">
					{note}
				</Text>
			))}
		</Box>
	);
}
