// Two judgements of one set side by side: share of blocks read alike, and a consensus judgement
// (the blocks both read alike) that measure.mjs can take with --judgement.
// usage: node /work/tools/agree.mjs A.json B.json [--write consensus.json] [--list]
import fs from 'node:fs';
import {linesOf, readingsOf} from './readings.mjs';
const [aFile, bFile] = process.argv.slice(2);
const a = JSON.parse(fs.readFileSync(aFile, 'utf8'));
const b = JSON.parse(fs.readFileSync(bFile, 'utf8'));
const key = steps =>
	JSON.stringify(
		steps
			.filter(s => s.kind !== 'shown')
			.map(s => [s.kind, linesOf(s.commands ?? []), [...(s.asks ?? [])].sort()]),
	);
const readings = block => readingsOf(block).map(key);
let total = 0,
	alike = 0;
const consensus = {files: {}};
for (const [name, blocks] of Object.entries(a.files)) {
	const other = b.files[name] ?? [];
	consensus.files[name] = [];
	for (const block of blocks) {
		total++;
		const twin = other.find(x => x.line === block.line);
		const ok = twin && readings(block).some(r => readings(twin).includes(r));
		if (ok) {
			alike++;
			consensus.files[name].push(block);
		} else if (process.argv.includes('--list'))
			console.log(
				`${name}:${block.line}\n  A: ${readings(block).join(' | ')}\n  B: ${twin ? readings(twin).join(' | ') : '(none)'}`,
			);
	}
}
console.log(`agree on ${alike} / ${total} (${((100 * alike) / total).toFixed(1)}%)`);
const at = process.argv.indexOf('--write');
if (at > 0) fs.writeFileSync(process.argv[at + 1], JSON.stringify(consensus, null, 1));
