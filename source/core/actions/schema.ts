// The procedures a team writes (DESIGN 13): `actions:` on an environment, each a name, typed inputs,
// steps (a command on the host, SQL, an HTTP request) with an optional verification and undo, whether
// it changes anything, and how it is confirmed. Run by the same runner as the built-in procedures.
// Validated where it is read: a placeholder naming no input, a secret on a command line, an input
// type or pattern that cannot be, each refused at its field. Pure: zod only.
import {z} from 'zod';
import {name, urlPath} from '../config/fields.js';
import {placeholdersIn} from './template.js';

export const inputTypes = ['text', 'number', 'choice', 'secret'] as const;
export type InputType = (typeof inputTypes)[number];

const inputName = z
	.string()
	.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an input name of letters, digits and "_" (it is written {{name}})');

const pattern = z.string().superRefine((text, ctx) => {
	try {
		new RegExp(text, 'u');
	} catch (error) {
		ctx.addIssue({code: 'custom', message: `a regular expression (${(error as Error).message})`});
	}
});

const inputSchema = z
	.strictObject({
		name: inputName,
		type: z.enum(inputTypes),
		// What the operator is asked: "the MLflow run id".
		description: z.string().optional(),
		// text: the whole value must match (anchored).
		pattern: pattern.optional(),
		// choice: the values allowed.
		choices: z.array(z.string().min(1)).min(1).optional(),
		min: z.number().optional(),
		max: z.number().optional(),
		default: z.union([z.string(), z.number()]).optional(),
	})
	.superRefine((input, ctx) => {
		const wrong = (field: string, message: string) => ctx.addIssue({code: 'custom', path: [field], message});
		if (input.pattern !== undefined && input.type !== 'text')
			wrong('pattern', `only on a text input (this one is ${input.type})`);
		if (input.choices !== undefined && input.type !== 'choice')
			wrong('choices', `only on a choice input (this one is ${input.type})`);
		if (input.type === 'choice' && !input.choices)
			wrong('choices', 'the values a choice input allows: choices: [blue, green]');
		if ((input.min !== undefined || input.max !== undefined) && input.type !== 'number')
			wrong(input.min !== undefined ? 'min' : 'max', `only on a number input (this one is ${input.type})`);
		if (input.default === undefined) return;
		if (input.type === 'secret')
			return wrong('default', 'no default for a secret: secrets never go in pg-ops.yaml');
		const problem = inputProblem(input, String(input.default));
		if (problem) wrong('default', `a valid value: ${problem}`);
	});
export type ActionInput = z.infer<typeof inputSchema>;

/** Why `value` is not a valid value of `input`, or undefined. */
export function inputProblem(input: ActionInput, value: string): string | undefined {
	switch (input.type) {
		case 'text':
		case 'secret':
			if (value === '') return `${input.name} is empty`;
			if (/[\u0000-\u001f\u007f]/.test(value)) return `${input.name} holds a control character`;
			if (input.pattern !== undefined && !new RegExp(`^(?:${input.pattern})$`, 'u').test(value))
				return `${input.name} must match ${input.pattern}`;
			return undefined;
		case 'number': {
			const number = Number(value);
			if (value.trim() === '' || !Number.isFinite(number)) return `${input.name} must be a number`;
			if (input.min !== undefined && number < input.min) return `${input.name} must be at least ${input.min}`;
			if (input.max !== undefined && number > input.max) return `${input.name} must be at most ${input.max}`;
			return undefined;
		}
		case 'choice':
			return input.choices!.includes(value)
				? undefined
				: `${input.name} must be one of ${input.choices!.join(', ')}`;
	}
}

// A step's or a verification's one source, as fields of one shape (an error then names its field).
const commandFields = {
	command: z.string().min(1).optional(),
	// Runs through sudo -n where the environment uses sudo.
	sudo: z.boolean().optional(),
	// A secret input written to the command's standard input (never its command line).
	stdin: inputName.optional(),
	timeoutSeconds: z.number().positive().max(3600).optional(),
};
const sqlFields = {sql: z.string().min(1).optional()};
const httpFields = {
	http: urlPath.optional(),
	expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
	// Send the environment's ops token (http.token).
	token: z.boolean().optional(),
};

const verifySchema = z
	.strictObject({
		title: z.string().optional(),
		...commandFields,
		...sqlFields,
		...httpFields,
		// http: a top-level JSON field that must equal `equals`; sql: the query's one value must equal it.
		field: z
			.string()
			.regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a top-level JSON field name')
			.optional(),
		equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
		// A check of the environment's `checks:` going green.
		check: name.optional(),
		// A service of the environment's `services:` active again (its manager's status check).
		service: name.optional(),
		// Asked again until it passes or this time is up (default: once; a service: 60 s).
		withinSeconds: z.number().positive().max(3600).optional(),
	})
	.superRefine((verify, ctx) => oneSource(verify, ['command', 'sql', 'http', 'check', 'service'], ctx));
export type ActionVerify = z.infer<typeof verifySchema>;

const undoSchema = z
	.strictObject({title: z.string().optional(), ...commandFields, ...sqlFields, ...httpFields})
	.superRefine((undo, ctx) => oneSource(undo, ['command', 'sql', 'http'], ctx));
export type ActionUndo = z.infer<typeof undoSchema>;

const stepSchema = z
	.strictObject({
		title: z.string().optional(),
		...commandFields,
		...sqlFields,
		...httpFields,
		verify: z.union([verifySchema, z.array(verifySchema).min(1)]).optional(),
		undo: undoSchema.optional(),
		// false: this step only reads (a precondition, say), so a run that fails there changed nothing.
		mutates: z.boolean().optional(),
	})
	.superRefine((step, ctx) => {
		oneSource(step, ['command', 'sql', 'http'], ctx);
		if (step.mutates === false && step.undo)
			ctx.addIssue({
				code: 'custom',
				path: ['undo'],
				message: 'no undo on a step with mutates: false (it changes nothing to put back)',
			});
	});
export type ActionStep = z.infer<typeof stepSchema>;

function oneSource(value: Record<string, unknown>, sources: readonly string[], ctx: z.RefinementCtx): void {
	const given = sources.filter(source => value[source] !== undefined);
	if (given.length !== 1)
		ctx.addIssue({
			code: 'custom',
			path: given.length > 1 ? [given[1]!] : [],
			message: `exactly one of ${sources.join(', ')}${given.length > 1 ? ` (not both ${given[0]} and ${given[1]})` : ''}`,
		});
	const source = given[0];
	if (source !== 'command')
		for (const field of ['sudo', 'stdin', 'timeoutSeconds'])
			if (value[field] !== undefined)
				ctx.addIssue({
					code: 'custom',
					path: [field],
					message: `only with command (this is ${source ?? 'nothing'})`,
				});
	if (source !== 'http')
		for (const field of ['expectStatus', 'token'])
			if (value[field] !== undefined)
				ctx.addIssue({
					code: 'custom',
					path: [field],
					message: `only with http (this is ${source ?? 'nothing'})`,
				});
}

/** How a run is confirmed: y; the environment's name typed; or the value of its `target` input typed. */
export const confirmKinds = ['plain', 'environment', 'target'] as const;
export type ConfirmKind = (typeof confirmKinds)[number];

export const actionSchema = z
	.strictObject({
		name,
		title: z.string().optional(),
		description: z.string().optional(),
		inputs: z.array(inputSchema).default([]),
		steps: z.array(stepSchema).min(1),
		// false: it only reads (a diagnosis), so read-only mode runs it.
		mutates: z.boolean().default(true),
		confirm: z.enum(confirmKinds).default('plain'),
		// confirm: target: the input whose value is typed to confirm (the slot, the run id).
		target: inputName.optional(),
		// A key in the console (a letter; one pg-ops answers to itself is refused: core/actions/environment.ts).
		key: z
			.string()
			.regex(/^[A-Za-z]$/, 'one letter (a key pg-ops does not use itself, e.g. P)')
			.optional(),
	})
	.superRefine((action, ctx) => {
		if (!action.mutates)
			action.steps.forEach((step, i) => {
				if (step.mutates)
					ctx.addIssue({
						code: 'custom',
						path: ['steps', i, 'mutates'],
						message: 'not true in an action with mutates: false (the whole action only reads)',
					});
			});
		const inputs = new Map(action.inputs.map(input => [input.name, input]));
		const seen = new Set<string>();
		action.inputs.forEach((input, i) => {
			if (seen.has(input.name))
				ctx.addIssue({
					code: 'custom',
					path: ['inputs', i, 'name'],
					message: `a name no other input has (${input.name} is used twice)`,
				});
			seen.add(input.name);
		});
		if (action.confirm === 'target') {
			if (!action.target)
				ctx.addIssue({
					code: 'custom',
					path: ['target'],
					message: 'the input whose value is typed to confirm (confirm: target)',
				});
			else if (!inputs.has(action.target))
				ctx.addIssue({
					code: 'custom',
					path: ['target'],
					message: `an input of this action (${[...inputs.keys()].join(', ') || 'it has none'})`,
				});
			else if (inputs.get(action.target)!.type === 'secret')
				ctx.addIssue({
					code: 'custom',
					path: ['target'],
					message: 'an input that is not a secret (it is typed and shown)',
				});
		} else if (action.target !== undefined)
			ctx.addIssue({code: 'custom', path: ['target'], message: 'only with confirm: target'});
		action.steps.forEach((step, i) => {
			const at = ['steps', i];
			templatedProblems(step, inputs, at, ctx);
			const verifies =
				step.verify === undefined ? [] : Array.isArray(step.verify) ? step.verify : [step.verify];
			verifies.forEach((verify, j) =>
				templatedProblems(verify, inputs, [...at, 'verify', ...(Array.isArray(step.verify) ? [j] : [])], ctx),
			);
			if (step.undo) templatedProblems(step.undo, inputs, [...at, 'undo'], ctx);
		});
	});
export type ActionConfig = z.infer<typeof actionSchema>;

/** Every {{name}} names an input; a secret never appears on a command line, only through stdin. */
function templatedProblems(
	part: {command?: string; sql?: string; http?: string; stdin?: string; equals?: unknown},
	inputs: ReadonlyMap<string, ActionInput>,
	at: Array<string | number>,
	ctx: z.RefinementCtx,
): void {
	for (const field of ['command', 'sql', 'http', 'equals'] as const) {
		const text = part[field];
		if (typeof text !== 'string') continue;
		for (const placeholder of placeholdersIn(text)) {
			const input = inputs.get(placeholder);
			if (!input)
				ctx.addIssue({
					code: 'custom',
					path: [...at, field],
					message: `{{${placeholder}}} names no input of this action (${[...inputs.keys()].join(', ') || 'it has none'})`,
				});
			else if (input.type === 'secret')
				ctx.addIssue({
					code: 'custom',
					path: [...at, field],
					message: `{{${placeholder}}} is a secret: it reaches a command on its standard input only (stdin: ${placeholder}), never its command line, SQL or URL`,
				});
		}
	}
	if (part.stdin !== undefined) {
		const input = inputs.get(part.stdin);
		if (input?.type !== 'secret')
			ctx.addIssue({
				code: 'custom',
				path: [...at, 'stdin'],
				message: input
					? `a secret input (${part.stdin} is ${input.type}: write {{${part.stdin}}} in the command)`
					: `a secret input of this action (${part.stdin} is none)`,
			});
	}
}
