// A plan, then its apply (`kubeadm upgrade plan` / `kubeadm upgrade apply`, `terraform plan` /
// `terraform apply`): the operator reads the plan before applying it (and takes the version it names),
// so the apply is a step of its own, never run straight after the plan in one go.

type Item = {text: string; firstLine: number; lastLine: number};

const words = (text: string) =>
	text
		.replace(/\s#\s.*$/, '')
		.trim()
		.replace(/^sudo\s+(?:-\S+\s+)*/, '')
		.split(/\s+/);

/** The words before `plan` (`kubeadm upgrade`), when the command is a plan. */
function planOf(text: string): string | undefined {
	const found = words(text);
	const at = found.indexOf('plan');
	return at >= 1 && at <= 2 ? found.slice(0, at).join(' ') : undefined;
}

/** Cuts before an apply whose plan runs earlier in the group. */
export function planApplyApart<T extends Item>(group: T[]): T[][] {
	const parts: T[][] = [[]];
	const planned = new Set<string>();
	for (const item of group) {
		const found = words(item.text);
		const at = found.indexOf('apply');
		const tool = at >= 1 && at <= 2 ? found.slice(0, at).join(' ') : undefined;
		if (tool !== undefined && planned.has(tool) && parts.at(-1)!.length > 0) parts.push([]);
		parts.at(-1)!.push(item);
		const plan = planOf(item.text);
		if (plan !== undefined) planned.add(plan);
	}
	return parts;
}
