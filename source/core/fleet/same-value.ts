// Whether two readings say the same: plain data (objects, arrays, Maps, primitives) compared by
// content. A fleet read from Prometheus gets a new answer for every host each round; a host whose
// values are those already recorded keeps its recorded objects, so nothing merged from it is made
// again (engine/fleet/fleet-track.ts recordPrometheus). Pure.

/** Deep equality of plain data: numbers by Object.is, objects by their own keys, Maps by their entries. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) || Array.isArray(b)) {
		if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
		return true;
	}
	if (a instanceof Map || b instanceof Map) {
		if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
		for (const [key, value] of a) if (!b.has(key) || !sameValue(value, b.get(key))) return false;
		return true;
	}
	if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	for (const key of keys) if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key])) return false;
	return true;
}
