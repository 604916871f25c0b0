// Takes media/console.svg: the built CLI on a fresh demo in a real terminal (tmux), captured
// with its colours (capture-pane -e) and drawn as SVG text. Run after `npm run build`:
//   node scripts/screenshot.mjs [--columns 100] [--rows 30] [--out media/console.svg]
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {parseArgs} from 'node:util';

const {values} = parseArgs({
	options: {
		columns: {type: 'string', default: '100'},
		rows: {type: 'string', default: '30'},
		out: {type: 'string', default: 'media/console.svg'},
		keys: {type: 'string', default: ''},
	},
});
// xterm's 16 colours, as most dark terminal themes show them.
const palette = [
	'#1e1e1e',
	'#e06c75',
	'#98c379',
	'#e5c07b',
	'#61afef',
	'#c678dd',
	'#56b6c2',
	'#d7dae0',
	'#5c6370',
	'#ff7b86',
	'#b5e890',
	'#ffd68a',
	'#7cc4ff',
	'#de9bf0',
	'#7fd8e4',
	'#ffffff',
];
const foreground = '#d7dae0';
const background = '#1e1e1e';

const columns = Number(values.columns);
const rows = Number(values.rows);
const socket = `pgops-shot-${process.pid}`;
const tmux = (...args) =>
	execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});

tmux(
	'new-session',
	'-d',
	'-s',
	'shot',
	'-x',
	String(columns),
	'-y',
	String(rows),
	`env TERM=xterm-256color ${process.execPath} dist/cli.js --demo`,
);
try {
	const deadline = Date.now() + 30_000;
	while (!/5 SLO[^\n]*(ok|WARNING|CRITICAL)/.test(tmux('capture-pane', '-p', '-t', 'shot'))) {
		if (Date.now() > deadline)
			throw new Error(
				`the console did not show its panes within 30 s:\n${tmux('capture-pane', '-p', '-t', 'shot')}`,
			);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
	await new Promise(resolve => setTimeout(resolve, 1500)); // a second refresh, so ages read "now"
	for (const key of values.keys.split(',').filter(Boolean)) {
		tmux('send-keys', '-t', 'shot', key);
		await new Promise(resolve => setTimeout(resolve, 300));
	}
	const screen = tmux('capture-pane', '-p', '-e', '-t', 'shot');
	writeFileSync(values.out, toSvg(screen, columns, rows));
	console.log(`wrote ${values.out}`);
} finally {
	// q lets the console stop its demo; kill-server is the fallback.
	try {
		tmux('send-keys', '-t', 'shot', 'q');
		await new Promise(resolve => setTimeout(resolve, 2000));
		tmux('kill-server');
	} catch {
		// already gone
	}
}

function toSvg(screen, columns, rows) {
	const cellWidth = 8.4;
	const lineHeight = 17;
	const lines = screen.split('\n').slice(0, rows);
	const texts = [];
	lines.forEach((line, row) => {
		let style = {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false};
		let column = 0;
		for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
			const sgr = /^\x1b\[([0-9;]*)m$/.exec(part);
			if (sgr) {
				style = applySgr(style, sgr[1]);
				continue;
			}
			if (!part) continue;
			const chars = [...part];
			const fg = style.inverse ? (style.bg ?? background) : (style.fg ?? foreground);
			const bg = style.inverse ? (style.fg ?? foreground) : style.bg;
			const x = 10 + column * cellWidth;
			const y = 10 + row * lineHeight;
			if (bg)
				texts.push(
					`<rect x="${x.toFixed(1)}" y="${y}" width="${(chars.length * cellWidth).toFixed(1)}" height="${lineHeight}" fill="${bg}"/>`,
				);
			const text = part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
			if (text.trim())
				texts.push(
					`<text x="${x.toFixed(1)}" y="${y + 13}" fill="${fg}"${style.bold ? ' font-weight="bold"' : ''}${style.dim ? ' opacity="0.6"' : ''} textLength="${(chars.length * cellWidth).toFixed(1)}" lengthAdjust="spacingAndGlyphs" xml:space="preserve">${text}</text>`,
				);
			column += chars.length;
		}
	});
	const width = 20 + columns * cellWidth;
	const height = 20 + rows * lineHeight;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">
<rect width="100%" height="100%" rx="6" fill="${background}"/>
${texts.join('\n')}
</svg>
`;
}

function applySgr(style, codes) {
	const next = {...style};
	const list = codes === '' ? [0] : codes.split(';').map(Number);
	for (let i = 0; i < list.length; i++) {
		const code = list[i];
		if (code === 0)
			Object.assign(next, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false});
		else if (code === 1) next.bold = true;
		else if (code === 2) next.dim = true;
		else if (code === 7) next.inverse = true;
		else if (code === 22) Object.assign(next, {bold: false, dim: false});
		else if (code === 27) next.inverse = false;
		else if (code >= 30 && code <= 37) next.fg = palette[code - 30];
		else if (code >= 90 && code <= 97) next.fg = palette[code - 90 + 8];
		else if (code === 39) next.fg = undefined;
		else if (code >= 40 && code <= 47) next.bg = palette[code - 40];
		else if (code >= 100 && code <= 107) next.bg = palette[code - 100 + 8];
		else if (code === 49) next.bg = undefined;
		else if ((code === 38 || code === 48) && list[i + 1] === 5) {
			const color = xterm256(list[i + 2]);
			if (code === 38) next.fg = color;
			else next.bg = color;
			i += 2;
		}
	}
	return next;
}

function xterm256(n) {
	if (n < 16) return palette[n];
	if (n >= 232) {
		const v = 8 + (n - 232) * 10;
		return `rgb(${v},${v},${v})`;
	}
	const i = n - 16;
	const level = v => (v === 0 ? 0 : 55 + v * 40);
	return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}
