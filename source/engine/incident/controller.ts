// What the console's incident screen may ask of the engine (the UI never does I/O itself). The
// engine's IncidentDesk implements it; the open incident itself is in the store (`state.incident`).
import type {IncidentStepId, Severity, SeverityDefinition} from '../../core/incidents/types.js';

export interface IncidentController {
	/** The environment's severities (config merged over the defaults), P1 first. */
	readonly severities: SeverityDefinition[];
	/** Whether notify.webhook is configured: Communicate posts there, else it only records the message. */
	readonly webhookConfigured: boolean;
	/** Opens an incident on this environment (one at a time); recorded and saved at once. */
	open(input: {severity: Severity; title: string}): void;
	/** Changes the severity (recorded in the timeline; the response target moves with it). */
	setSeverity(severity: Severity): void;
	/** Ticks (or unticks) a checklist step. Ticking "assess" first attaches a snapshot of every pane. */
	tick(step: IncidentStepId, done: boolean): void;
	/** Attaches every pane's rows, as they are now, to the timeline. */
	snapshot(): void;
	/** A note the operator typed, into the timeline. */
	note(text: string): void;
	/** Posts the message to the configured webhook and records that it did (or why it could not). */
	communicate(text: string): Promise<void>;
	/** Shows a service's recent logs (journal or compose logs, incidents.logLines lines) in the detail view, and records it. */
	investigate(service: string): Promise<void>;
	/** Closes the incident and writes the Markdown review; resolves to its path (also in the store and the notice). */
	close(input: {summary: string; leftOpen?: string[]}): Promise<string>;
}
