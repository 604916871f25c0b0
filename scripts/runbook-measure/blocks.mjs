// Lists every fenced block markdown-it finds in a Markdown file: the 1-based line of its opening
// fence, its info string and its body, so a judgement can name each block by its line.
// usage: node scripts/runbook-measure/blocks.mjs FILE.md [--json]
import fs from 'node:fs';
import MarkdownIt from 'markdown-it';
export const fencesOf = text =>
	new MarkdownIt()
		.parse(text, {})
		.filter(token => token.type === 'fence' || token.type === 'code_block')
		.filter(token => token.type === 'fence')
		.map(token => ({line: token.map[0] + 1, info: token.info.trim(), body: token.content}));
if (import.meta.url === `file://${process.argv[1]}`) {
	const file = process.argv[2];
	const fences = fencesOf(fs.readFileSync(file, 'utf8'));
	if (process.argv.includes('--json')) console.log(JSON.stringify(fences, null, 1));
	else
		for (const fence of fences)
			console.log(`--- line ${fence.line} \`\`\`${fence.info}\n${fence.body.replace(/\n$/, '')}`);
}
