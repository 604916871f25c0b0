// A Markdown runbook as a checklist: its sections and steps with status marks (j/k to move), the
// selected step's explanation and code below. enter asks the step's placeholders and hands it to
// the engine, whose procedure screens then show the plan, confirmation, progress and result.
// It renders the store's `runbook` and calls the controller; it never runs anything itself.
// Its keys come from the app's input handler (hooks/use-screen-keys.ts), one press at a time.
import React, {useRef, useState} from 'react';
import {Box} from 'ink';
import {Text} from '../SafeText.js';
import {helpGroup, type KeyPress} from '../../core/key-table.js';
import type {RunbookStep} from '../../core/runbooks/types.js';
import {stepsOf, type RunbookController, type RunbookView} from '../../engine/runbooks/runbook-view.js';
import {ContextHelp, type HelpContext} from '../HelpScreen.js';
import {useScreenKeys, type ScreenKeys} from '../hooks/use-screen-keys.js';
import {color} from '../theme.js';
import {useEnvLook} from '../env-look.js';
import {LineView, windowOf, wrapped, type Line} from '../procedures/lines.js';
import {detailLines, listLines, type ListLine} from './runbook-lines.js';
import {runbookHints, runbookKeyFor, runbookKeys, type RunbookScreenKind} from './runbook-keys.js';
import type {Notice} from '../../engine/store.js';
import {fit} from '../text.js';
import {placeholderInput, placeholderKey, type PlaceholderInput} from './placeholder-input.js';
import {PlaceholderPrompt} from './PlaceholderPrompt.js';

/** prompt: the values being typed for `step`. */
type Ui = {screen: RunbookScreenKind; step?: RunbookStep; prompt?: PlaceholderInput};

type Props = {
	/** The app's keys while this screen shows. */
	keys: ScreenKeys;
	view: RunbookView;
	controller: RunbookController;
	readOnly: boolean;
	width: number;
	/** Rows for the screen without its two footer lines. */
	height: number;
	notice?: Notice;
	notify(text: string, level?: 'info' | 'warning' | 'error'): void;
	onQuit(): void;
	/** The selected step, kept by the caller: the screen is unmounted while a step's procedure screens show. */
	selectedId?: string;
	onSelect(id: string): void;
};

export const readOnlyBanner = 'read-only: steps are shown, not run';

export function RunbookScreen({
	keys,
	view,
	controller,
	readOnly,
	width,
	height,
	notice,
	notify,
	onQuit,
	selectedId,
	onSelect,
}: Props) {
	const {accent} = useEnvLook();
	const steps = view.runbook ? stepsOf(view.runbook) : [];
	// Keys can arrive faster than the screen redraws: the handler reads the latest selection, not this render's.
	const latestSelected = useRef(selectedId);
	const select = (id: string) => {
		latestSelected.current = id;
		onSelect(id);
	};
	// Keys arrive faster than the screen redraws ("value\r", enter and the first letter): each sees what the previous did.
	const ui = useRef<Ui>({screen: 'list'});
	const [, redraw] = useState(0);
	const set = (next: Ui) => {
		ui.current = next;
		redraw(n => n + 1);
	};
	const index = Math.max(
		0,
		steps.findIndex(s => s.id === selectedId),
	);
	const selected: RunbookStep | undefined = steps[index];

	const run = (step: RunbookStep, values: Record<string, string>, masked: string[] = []) => {
		set({screen: 'list'});
		controller.runStep(step.id, values, masked);
	};

	const promptKey = (press: KeyPress) => {
		const {step, prompt} = ui.current;
		if (!step || !prompt) return set({screen: 'list'});
		const {input, outcome} = placeholderKey(prompt, press);
		if (outcome === 'quit') return onQuit();
		if (outcome === 'cancel') {
			set({screen: 'list'});
			return notify(`step ${step.id}: cancelled; nothing was run`);
		}
		if (outcome === 'submit') return run(step, input.values, input.masked);
		set({...ui.current, prompt: input});
	};

	useScreenKeys(keys, press => {
		const {screen} = ui.current;
		if (screen === 'prompt') return promptKey(press);
		const index = Math.max(
			0,
			steps.findIndex(s => s.id === latestSelected.current),
		);
		const selected = steps[index];
		if (screen === 'help') {
			const id = runbookKeyFor('help', press);
			if (id === 'quit') return onQuit();
			if (id === 'close') set({screen: 'list'});
			return;
		}
		const id = runbookKeyFor('list', press);
		if (id === 'quit') return onQuit();
		if (id === 'help') return set({screen: 'help'});
		if (!selected) return;
		if (id === 'down' || id === 'up')
			return select(steps[Math.max(0, Math.min(steps.length - 1, index + (id === 'down' ? 1 : -1)))]!.id);
		if (id === 'skip') {
			if (selected.kind === 'show') return;
			return view.steps[selected.id]?.status === 'skipped'
				? controller.reset(selected.id)
				: controller.skip(selected.id);
		}
		if (id !== 'run') return;
		if (selected.kind === 'show')
			return notify(
				`step ${selected.id} is shown, not run: ${selected.reason ?? `a ${selected.language || 'plain'} block`}`,
				'warning',
			);
		if (readOnly) return notify(`${readOnlyBanner}: step ${selected.id} was not run`, 'warning');
		if (selected.placeholders.length > 0)
			return set({
				screen: 'prompt',
				step: selected,
				prompt: placeholderInput(selected.placeholders, {...view.defaults, ...view.values}),
			});
		run(selected, {});
	});
	const {screen, step: asking, prompt} = ui.current;

	const inner = width - 4;
	const head: Line[] = [...wrapped(`${view.runbook?.title ?? view.file}  (${view.file})`, inner, 'title')];
	if (readOnly) head.push({text: readOnlyBanner, tone: 'warn'});
	if (view.error) head.push(...wrapped(view.error, inner, 'bad'));

	const footer = <RunbookFooter width={width} screen={screen} notice={notice} readOnly={readOnly} />;
	if (screen === 'prompt' && asking && prompt) {
		return (
			<Box flexDirection="column" width={width}>
				<PlaceholderPrompt title={`runbook: ${asking.title}`} input={prompt} width={width} />
				{footer}
			</Box>
		);
	}
	if (screen === 'help') {
		return (
			<Box flexDirection="column" width={width}>
				<ContextHelp context={runbookHelp} width={width} />
				{footer}
			</Box>
		);
	}

	const room = Math.max(6, height - 2 - head.length);
	const list = listLines(view, inner);
	const selectedLine = list.findIndex(line => line.stepId === selected?.id);
	const detail = selected ? detailLines(view, selected, inner) : [];
	// The list takes what it needs, at least 40% of the room when the selected step's detail wants more.
	const listRoom = Math.max(
		3,
		Math.min(list.length, Math.max(Math.floor(room * 0.4), room - detail.length - 1)),
	);
	const listView = windowOf(list, listRoom, selectedLine - Math.floor(listRoom / 2));
	const detailRoom = Math.max(1, room - listRoom - 1);
	const detailView = windowOf(detail, detail.length > detailRoom ? detailRoom - 1 : detailRoom, 0);
	return (
		<Box flexDirection="column" width={width}>
			<Box
				flexDirection="column"
				width={width}
				height={height}
				borderStyle="single"
				borderColor={readOnly ? color('yellow') : accent}
				paddingX={1}
			>
				{head.map((line, i) => (
					<LineView key={`h${i}`} line={line} />
				))}
				{steps.length === 0 && !view.error ? (
					<Text dimColor>no steps: this file has no fenced code blocks</Text>
				) : null}
				{(listView.shown as ListLine[]).map((line, i) => (
					<Text
						key={`l${i}`}
						inverse={line.stepId !== undefined && line.stepId === selected?.id}
						wrap="truncate"
					>
						<LineView line={line} />
					</Text>
				))}
				<Text dimColor>{'─'.repeat(Math.max(0, inner))}</Text>
				{detailView.shown.map((line, i) => (
					<LineView key={`d${i}`} line={line} />
				))}
				{detailView.below > 0 ? <Text dimColor>{`(${detailView.below} more lines)`}</Text> : null}
			</Box>
			{footer}
		</Box>
	);
}

const noticeColors = {info: 'cyan', warning: 'yellow', error: 'red'} as const;

/** The latest notice, then the keys this screen answers to (from runbook-keys.ts). */
function RunbookFooter({
	width,
	screen,
	notice,
	readOnly,
}: {
	width: number;
	screen: RunbookScreenKind;
	notice?: Notice;
	readOnly: boolean;
}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text color={notice ? color(noticeColors[notice.level]) : undefined}>
				{fit(notice?.text ?? '', width)}
			</Text>
			{/* The prompt shows its own keys (it is reused without this footer). */}
			<Text dimColor wrap="truncate">
				{screen === 'prompt' ? ' ' : runbookHints(screen, readOnly)}
			</Text>
		</Box>
	);
}

/** `?`: the checklist's keys and the prompt's, from the same table, and how a step runs. */
const runbookHelp: HelpContext = {
	title: 'runbook keys',
	groups: [
		helpGroup(runbookKeys, 'The steps', ['list']),
		helpGroup(runbookKeys, "While asking for a step's values", ['prompt'], {leaveOut: ['type']}),
	],
	notes: [
		'esc backs out of what is open over the steps (this help, the values); the steps are the top: q quits there, ctrl+c from anywhere, never while a step runs.',
		"Each step runs on the environment's host through pg-ops' procedure engine: its exact command, a confirmation, the output and the exit code, and the audit log. Masked values are asked for on every run and never kept. Blocks that are not commands (JSON, YAML, output) are shown, not run; SQL blocks run through the database connection.",
	],
};
