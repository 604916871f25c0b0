// One wording for "this endpoint answered JSON of the wrong shape", naming the first bad field.
import type {z} from 'zod';

export function describeJsonMismatch(source: string, error: z.ZodError, expected?: string): string {
	const issue = error.issues[0];
	const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
	const what = expected ?? issue?.message ?? 'another shape';
	return `unexpected JSON from ${source}${where}: expected ${what}`;
}
