// One shell script per host per refresh: every shell probe is a section with its own markers
// and exit code, so a single exec (one SSH round trip) feeds all the panes.
export type BatchSection = {id: string; command: string};
export type SectionResult = {id: string; output: string; exitCode: number};

export function buildBatchScript(sections: BatchSection[], nonce: string, prelude = ''): string {
	const lines = [prelude];
	for (const {id, command} of sections) {
		lines.push(
			`printf '\\n@@${nonce}:begin:%s\\n' '${id}'`,
			`( ${command} ) 2>&1 </dev/null`,
			`printf '\\n@@${nonce}:end:%s:%s\\n' '${id}' "$?"`,
		);
	}
	return lines.filter(Boolean).join('\n') + '\n';
}

/** Splits a batch's output into sections; a section with no end marker (the batch was cut off) is left out. */
export function parseBatchOutput(output: string, nonce: string): Map<string, SectionResult> {
	const results = new Map<string, SectionResult>();
	const pattern = new RegExp(`\\n@@${nonce}:begin:([^\\n]+)\\n([\\s\\S]*?)\\n@@${nonce}:end:\\1:(\\d+)\\n`, 'g');
	for (const match of ('\n' + output).matchAll(pattern)) {
		const [, id, body, code] = match;
		// The end marker starts on a fresh line; a command's own final newline is not part of its output.
		results.set(id!, {id: id!, output: body!.replace(/\n$/, ''), exitCode: Number(code)});
	}
	return results;
}
