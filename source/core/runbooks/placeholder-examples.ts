// Values a runbook writes literally that are its author's, not the operator's: a moment
// (`--retain-after 2020-10-28T12:11:10+03:00`), a name that says it is an example (`example_backup`), a
// path in the author's home (`/Users/edan/…`), an AWS resource of the author's account (`vol-098b…`),
// a UUID the author's system generated, and the disk a command formats or mounts (`mkfs -t xfs /dev/xvdf`: the next machine's disk may have
// another name, and the wrong one is formatted), a process id to kill (process-ids.ts). Asked for, never
// run as written.
import type {FormMatch} from './placeholder-forms.js';
import {commandPosition} from './placeholder-bare-words.js';
import {changes} from './only-looks.js';
import {killedIds} from './process-ids.js';
import type {ShellContext} from './shell-lexer.js';

// An ISO 8601 moment with its time: nobody runs a runbook at the moment its author wrote it.
const moment =
	/(?<![\w.:-])\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?(?![\w:.-])/g;
// A name made with such a moment (borg's `::host.example.com-2019-02-07T05:10:02`): that archive, that run.
const momentInName =
	/(?<![\w.-])[A-Za-z][\w.-]*[-_]\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?(?![\w:.-])/g;
// `/Users/edan/Library/…`: a path in the author's own home on a Mac.
const authorsHome = /(?<![\w./-])\/Users\/[A-Za-z][\w.-]*\/[\w./-]*[\w/]/g;
// `vol-098b39dabf29eaa66`, `i-0abc…`, `sg-…`: an AWS resource of the author's account.
const awsResource =
	/(?<![\w-])(?:vol|i|sg|subnet|vpc|ami|snap|eni|igw|rtb|acl|nat|eipalloc|lt|fs|db)-(?=[0-9a-f]*[a-f])[0-9a-f]{8,17}(?![\w-])/g;
// A hex id of twelve or more characters, with letters and digits (a member, a container, a commit).
const generatedId = /(?<![\w./:@-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,64}(?![\w./:@-])/g;
// A word with a UUID in it (`gke-cluster-1-pvc-fe32db80-f5a2-11e9-8351-42010a8e00b6`): generated for the author's system.
const withUuid =
	/(?<![\w.-])[\w.-]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[\w.-]*(?<![.-])(?![\w-])/gi;
// `https://elastic.url/…`, `http://es.domain:9200`: a host under no real top-level domain, a blank.
const madeUpHost =
	/(?<=:\/\/(?:[^\s/@]+@)?)(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+\.(?:url|tld|domain|hostname|yourdomain)(?![\w.-])/g;
// `example_backup`, `sample-db`, `dummy_user`: the name says what it is.
const exampleName = /(?<![\w./$-])(?:example|sample|dummy)[_-][A-Za-z0-9_-]*[A-Za-z0-9](?![\w./-])/g;
// A disk or its partition: /dev/sdb, /dev/xvdf1, /dev/nvme1n1p2, /dev/vdb.
const disk =
	/(?<![\w/])\/dev\/(?:sd[a-z]{1,2}|xvd[a-z]{1,2}|vd[a-z]|hd[a-z]|nvme\d+n\d+)(?:p?\d+)?(?![\w/-])/g;
// What formats, partitions, mounts or names a disk for good (fstab).
const diskChange =
	/(?:^|[\s;&|(])(?:mkfs(?:\.\w+)?|mkswap|mount|umount|fdisk|sfdisk|sgdisk|parted|wipefs|dd|pvcreate|vgcreate|vgextend|pvmove|growpart|resize2fs|xfs_growfs|e2fsck|fsck(?:\.\w+)?|tune2fs|cryptsetup|swapon|swapoff)(?=\s)|\/etc\/fstab\b/;

/** The simple command around a position: its line cut at pipes and lists (`mount | grep /dev/sdb1` reads). */
function segmentAt(code: string, at: number): string {
	const lineStart = code.lastIndexOf('\n', at - 1) + 1;
	const lineEnd = code.indexOf('\n', at);
	const line = code.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
	const offset = at - lineStart;
	const cuts = [...line.matchAll(/\|\|?|&&|;/g)].map(match => match.index!);
	const from = Math.max(0, ...cuts.filter(cut => cut < offset).map(cut => cut + 1));
	const to = Math.min(line.length, ...cuts.filter(cut => cut > offset));
	// fstab written with echo … | tee -a /etc/fstab: the line names the file where the disk goes.
	return /\/etc\/fstab\b/.test(line) ? line : line.slice(from, to);
}

export function exampleValueForms(code: string, masked: string, contexts: ShellContext[]): FormMatch[] {
	const found: FormMatch[] = [];
	const take = (start: number, token: string) =>
		found.push({
			start,
			end: start + token.length,
			token,
			name: token,
			style: 'word',
			words: 1,
			forcedSecret: false,
		});
	for (const pattern of [moment, momentInName, exampleName, authorsHome, awsResource, withUuid, madeUpHost]) {
		for (const match of code.matchAll(pattern)) {
			const context = contexts[match.index!]!;
			if (context === 'comment' || context === 'heredoc-quoted') continue;
			if (context === 'plain' && commandPosition(masked, match.index!)) continue;
			take(match.index!, match[0]);
		}
	}
	// `etcdctl member remove 3f24efb55330441d`, `docker rm 9c1e0a…`: a generated id the author's system
	// gave, in a command that removes, stops or changes what it names.
	for (const match of code.matchAll(generatedId)) {
		const start = match.index!;
		const lineEnd = code.indexOf('\n', start);
		const line = code.slice(code.lastIndexOf('\n', start - 1) + 1, lineEnd === -1 ? undefined : lineEnd);
		const context = contexts[start]!;
		if (context !== 'plain' || !changes(line)) continue;
		take(start, match[0]);
	}
	for (const {start, id} of killedIds(code)) if (contexts[start] === 'plain') take(start, id);
	for (const match of code.matchAll(disk)) {
		const start = match.index!;
		const context = contexts[start]!;
		if (context === 'comment' || !diskChange.test(segmentAt(code, start))) continue;
		take(start, match[0]);
	}
	return found;
}
