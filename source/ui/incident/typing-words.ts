// The words under an incident's typed fields (a note, a message, the closing summary): what enter
// does with it, true to this environment (a webhook or not, steps left unticked).

export type Typing = 'note' | 'message' | 'summary';

export const typingTexts: Record<Typing, {label: string; submit: string; explain: string}> = {
	note: {
		label: 'Note:',
		submit: 'adds it to the timeline',
		explain: 'What you saw or decided: it goes into the timeline and the review.',
	},
	message: {
		label: 'Message:',
		submit: 'posts it',
		explain: "enter posts it to the team's webhook (notify.webhook) and records it in the timeline.",
	},
	summary: {
		label: 'Summary:',
		submit: 'closes the incident',
		explain: 'What happened and what fixed it. enter closes the incident and writes the review.',
	},
};

/**
 * What the line under a typed field says, true to this environment: a message goes to the webhook
 * only where one is configured; closing lists the steps still not ticked.
 */
export function typingWords(
	purpose: Typing,
	webhook: boolean,
	unticked: string[],
): {label: string; submit: string; explain: string; warning?: string} {
	const words = typingTexts[purpose];
	if (purpose === 'message' && !webhook)
		return {
			...words,
			submit: 'records it',
			explain:
				'No webhook is configured (notify.webhook): enter records it in the timeline only; post it to the team yourself.',
		};
	if (purpose === 'summary' && unticked.length)
		return {
			...words,
			warning: `! ${unticked.length} ${unticked.length === 1 ? 'step' : 'steps'} not ticked: ${unticked.join(', ')} (left open in the review)`,
		};
	return words;
}
