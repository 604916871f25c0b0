// The keys of the open `:` line: typed text, backspace, ↑/↓ through this session's lines, esc to
// close it, enter to run it. A line that does not parse keeps the line open with what is wrong (the
// keys typed next are the line's, never console commands); one that parses closes it and runs.
import {parseCommandLine, type CommandContext} from '../../core/command-line/commands.js';
import {remember} from '../../core/command-line/history.js';
import type {KeyPress} from '../../core/key-table.js';
import {dialogKeyFor} from '../dialog-keys.js';
import {commandLineText, type ViewAction, type ViewState} from '../hooks/use-console-view.js';
import {runCommand, type CommandActions, type CommandHistory} from './run-command.js';

export function handleCommandKey(
	press: KeyPress,
	deps: {
		view: ViewState;
		history: CommandHistory;
		dispatch(action: ViewAction): void;
		context(): CommandContext;
		actions(): CommandActions;
	},
): void {
	const {view, history, dispatch} = deps;
	switch (dialogKeyFor('command', press)) {
		case 'cancel':
			return dispatch({type: 'close'});
		case 'older':
			return dispatch({type: 'commandRecall', by: -1, history: history.entries});
		case 'newer':
			return dispatch({type: 'commandRecall', by: 1, history: history.entries});
		case 'erase':
			return dispatch({type: 'commandErase', history: history.entries});
		case 'type':
			return dispatch({type: 'commandType', text: press.input, history: history.entries});
		case 'quit':
			return deps.actions().quit();
		case 'run': {
			const line = commandLineText(view, history.entries);
			history.entries = remember(history.entries, line);
			const parsed = parseCommandLine(line, deps.context());
			if (parsed.kind === 'error') return dispatch({type: 'commandRefused', line, message: parsed.message});
			dispatch({type: 'close'});
			if (parsed.kind === 'command') runCommand(parsed.command, deps.actions());
			return;
		}
	}
}
