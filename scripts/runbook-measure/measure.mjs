// Compares pg-ops' `runbook FILE --list --json` with a set's judgement, block by block.
// usage: node scripts/runbook-measure/measure.mjs SETDIR CLI [--misses] [--judgement FILE] [--json]
// SETDIR holds files/*.md and judgement.json:
//   {"files": {"NAME.md": [{"line": N, "writes": bool, "steps": [STEP...], "alsoOk"?: [[STEP...]...]}]}}
//   STEP = {"kind": "host"|"sql"|"shown", "commands"?: [string], "asks"?: [written blank]}
// Right (strict): the runnable steps (host/sql; shown steps and no steps are the same thing) equal the
// judge's one for one: kind, commands (comment-only lines dropped, continuations joined, whitespace
// collapsed), and asks (every blank the judge lists asked; nothing else asked but $VARS).
// With splits: consecutive pg-ops steps of one kind may make up one judged step; never a merge.
// Destructive: a block that writes, misread, where pg-ops runs a step the judge's reading has not.
import fs from 'node:fs';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {fencesOf} from './blocks.mjs';
import {linesOf, readingsOf} from './readings.mjs';

const [setDir, cli] = process.argv.slice(2);
const flag = name => process.argv.includes(name);
const option = name => {
	const at = process.argv.indexOf(name);
	return at > 0 ? process.argv[at + 1] : undefined;
};
const judgement = JSON.parse(
	fs.readFileSync(option('--judgement') ?? path.join(setDir, 'judgement.json'), 'utf8'),
);

// State a later step is given again (`cd /srv/app` before each part cut from one block) is how the
// author's shell had it, on either side: a step's leading lines that repeat an earlier step's state
// lines are left out of the comparison.
const stateLine = /^(?:cd|pushd)\s|^(?:export\s+)?[A-Za-z_]\w*=/;
const runnable = steps => {
	const state = new Set();
	return steps
		.filter(step => step.kind === 'host' || step.kind === 'sql')
		.map(step => {
			const lines = linesOf(step.commands ?? []);
			let k = 0;
			while (k < lines.length && state.has(lines[k])) k++;
			for (const line of lines) if (stateLine.test(line)) state.add(line);
			return {kind: step.kind, lines: lines.slice(k), asks: step.asks ?? []};
		});
};
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const askedWritten = step => step.asks.map(ask => (typeof ask === 'string' ? ask : ask.written));
const asksRight = (mine, judged) => {
	const want = new Set(judged.flatMap(askedWritten));
	const got = new Set(mine.flatMap(askedWritten));
	for (const w of want) if (!got.has(w) && ![...got].some(g => g.includes(w) || w.includes(g))) return false;
	for (const g of got)
		if (!want.has(g) && !g.startsWith('$') && ![...want].some(w => w.includes(g) || g.includes(w)))
			return false;
	return true;
};
const stepEqual = (a, b) => a.kind === b.kind && same(a.lines, b.lines);
// Can `mine` be cut into consecutive groups, each making up one judged step?
const groups = (mine, judged, splits) => {
	if (!splits) return mine.length === judged.length && mine.every((step, i) => stepEqual(step, judged[i]));
	let at = 0;
	for (const want of judged) {
		const lines = [];
		while (at < mine.length && mine[at].kind === want.kind && lines.length < want.lines.length) {
			lines.push(...mine[at].lines);
			at++;
			if (same(lines, want.lines)) break;
		}
		if (!same(lines, want.lines)) return false;
	}
	return at === mine.length;
};
const readingRight = (mine, judgedSteps, splits) => {
	const judged = runnable(judgedSteps);
	return groups(mine, judged, splits) && asksRight(mine, judged);
};
// Destructive: pg-ops runs a step no judged reading has (other commands, or a blank the judge lists left
// unasked, so the author's example runs); asking more than the judge listed changes nothing that runs.
// With splits, a step whose lines run in a row inside one judged step is that step's part.
const inside = (part, whole) => {
	for (let k = 0; k + part.length <= whole.length; k++)
		if (same(part, whole.slice(k, k + part.length))) return true;
	return false;
};
const runsOnlyJudged = (mine, readings, splits) =>
	mine.every(step =>
		readings.some(reading =>
			runnable(reading).some(want => {
				if (step.kind !== want.kind) return false;
				if (
					!(splits ? step.lines.length > 0 && inside(step.lines, want.lines) : same(step.lines, want.lines))
				)
					return false;
				const got = askedWritten(step);
				const text = step.lines.join('\n');
				return askedWritten(want)
					.filter(w => text.includes(w))
					.every(w => got.some(g => g.includes(w) || w.includes(g)));
			}),
		),
	);

const totals = {blocks: 0, strict: 0, splits: 0, writes: 0, destrStrict: 0, destrSplits: 0, unjudged: 0};
const misses = [];
for (const [name, blocks] of Object.entries(judgement.files)) {
	const file = path.join(setDir, 'files', name);
	const text = fs.readFileSync(file, 'utf8');
	const fenceLines = new Set(fencesOf(text).map(fence => fence.line));
	let listed;
	try {
		listed = JSON.parse(
			execFileSync('node', [cli, 'runbook', file, '--list', '--json'], {
				encoding: 'utf8',
				maxBuffer: 1 << 26,
			}),
		);
	} catch (error) {
		console.error(`${name}: pg-ops failed: ${String(error.message).slice(0, 300)}`);
		listed = {sections: []};
	}
	const steps = listed.sections.flatMap(section => section.steps);
	for (const fence of fenceLines) if (!blocks.some(block => block.line === fence)) totals.unjudged++;
	for (const block of blocks) {
		totals.blocks++;
		if (block.writes) totals.writes++;
		const mine = runnable(steps.filter(step => step.line === block.line));
		const readings = readingsOf(block);
		const strict = readings.some(reading => readingRight(mine, reading, false));
		const splits = readings.some(reading => readingRight(mine, reading, true));
		if (strict) totals.strict++;
		if (splits) totals.splits++;
		const unjudgedRun = !runsOnlyJudged(mine, readings, false);
		const unjudgedRunSplits = !runsOnlyJudged(mine, readings, true);
		if (block.writes && !strict && unjudgedRun) totals.destrStrict++;
		if (block.writes && !splits && unjudgedRunSplits) totals.destrSplits++;
		if (!strict || !splits)
			misses.push({
				file: name,
				line: block.line,
				writes: Boolean(block.writes),
				splitsOk: splits,
				destructive: block.writes && unjudgedRunSplits && !splits,
				judged: runnable(block.steps).map(
					s =>
						`${s.kind}: ${s.lines.join(' ⏎ ')}${s.asks.length ? `  asks ${askedWritten(s).join(', ')}` : ''}`,
				),
				pgops: mine.map(
					s =>
						`${s.kind}: ${s.lines.join(' ⏎ ')}${s.asks.length ? `  asks ${askedWritten(s).join(', ')}` : ''}`,
				),
				reasons: steps.filter(step => step.line === block.line && step.reason).map(step => step.reason),
			});
	}
}
const pct = n => `${((100 * n) / totals.blocks).toFixed(1)}%`;
if (flag('--json')) console.log(JSON.stringify({totals, misses}, null, 1));
else {
	if (flag('--misses'))
		for (const miss of misses) {
			console.log(
				`\n== ${miss.file}:${miss.line}${miss.writes ? ' [writes]' : ''}${miss.splitsOk ? ' (ok with splits)' : ''}${miss.destructive ? ' DESTRUCTIVE' : ''}`,
			);
			console.log(`  judge: ${miss.judged.length ? miss.judged.join('\n         ') : '(shown)'}`);
			console.log(
				`  pg-ops: ${miss.pgops.length ? miss.pgops.join('\n          ') : `(shown${miss.reasons.length ? `: ${miss.reasons.join('; ')}` : ''})`}`,
			);
		}
	console.log(
		`${path.basename(setDir)}: ${totals.blocks} blocks (${totals.writes} writing${totals.unjudged ? `, ${totals.unjudged} fences not judged` : ''}): strict ${totals.strict} ${pct(totals.strict)}, with splits ${totals.splits} ${pct(totals.splits)}; destructive ${totals.destrStrict} / ${totals.destrSplits}`,
	);
}
