// Waiting on Ink the way a user waits on a screen: until it has stopped drawing, not for a fixed time.
// A fixed 30 ms was enough on a quiet machine; on two busy cores a render or an effect chain takes
// longer and a test read the screen (or typed its next key) before Ink got there.
import {setImmediate as nextTurn} from 'node:timers/promises';

type Frames = {frames: readonly string[]};
type KeyInput = {listenerCount(event: string): number};

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Resolves once no new frame has been drawn over three turns of the event loop, each at least
 * 10 ms apart (React's effects and Ink's escape flush run on those turns); at most `maxMs`, since a
 * spinner never stops drawing.
 */
export async function settleInk(stdout: Frames, maxMs = 1500): Promise<void> {
	const deadline = Date.now() + maxMs;
	let seen = stdout.frames.length;
	let quiet = 0;
	while (quiet < 3 && Date.now() < deadline) {
		await pause(10);
		await nextTurn();
		if (stdout.frames.length === seen) quiet++;
		else {
			seen = stdout.frames.length;
			quiet = 0;
		}
	}
}

/**
 * Ink listens to keys only while some useInput is active (it detaches between screens): a key
 * written before it listens again is lost. Waits until it listens (at most `maxMs`).
 */
export async function inputListening(stdin: KeyInput, maxMs = 3000): Promise<void> {
	const deadline = Date.now() + maxMs;
	while (stdin.listenerCount('readable') === 0 && Date.now() < deadline) await pause(5);
}
