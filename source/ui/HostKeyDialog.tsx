// Shown when the SSH connection was refused over the host key. An unknown host can be trusted
// here (writing only pg-ops' own known-hosts file); a changed or revoked key cannot be accepted
// from inside pg-ops at all. Starts on "no" and ignores keys for a moment: auto-repeat must not trust.
import React from 'react';
import {Box, useInput, useStdin} from 'ink';
import {Text} from './SafeText.js';
import type {ConsoleState} from '../engine/store.js';
import {toKeyPress} from './keys.js';
import {dialogKeyFor} from './dialog-keys.js';
import {color} from './theme.js';
import {useGuardOnClose} from './dialog-guard.js';
import {dialogArmDelayMs, useArming} from './arming.js';

// The refusal as the engine's store carries it.
type HostKeyError = NonNullable<NonNullable<ConsoleState['connection']>['hostKeyError']>;

type Props = {error: HostKeyError; width: number; onTrust(fingerprint: string): void; onDismiss(): void};

export function HostKeyDialog({error, width, onTrust, onDismiss}: Props) {
	const {armed, isArmed} = useArming(dialogArmDelayMs);
	const {isRawModeSupported} = useStdin();
	useGuardOnClose();
	useInput(
		(input, key) => {
			const id = dialogKeyFor('hostKey', toKeyPress(input, key));
			if (id === 'cancel') return onDismiss();
			if (!isArmed()) return;
			if (error.kind === 'unknown' && id === 'trust') onTrust(error.fingerprint);
		},
		{isActive: isRawModeSupported === true},
	);
	const where = error.port === 22 ? error.host : `${error.host}:${error.port}`;
	if (error.kind !== 'unknown') {
		return (
			<Box flexDirection="column" width={width} borderStyle="double" borderColor={color('red')} paddingX={1}>
				<Text bold color={color('red')}>
					{error.kind === 'changed' ? 'HOST KEY CHANGED' : 'REVOKED HOST KEY'}:{' '}
					{error.role === 'jump host' ? 'jump host ' : ''}
					{where}
				</Text>
				<Text wrap="wrap">{error.message}</Text>
				<Text dimColor>This cannot be accepted from inside pg-ops. esc closes this message.</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" width={width} borderStyle="single" borderColor={color('yellow')} paddingX={1}>
			<Text bold>
				Unknown {error.role}: {where}
			</Text>
			<Text>It offered a {error.keyType} key with fingerprint</Text>
			<Text bold> {error.fingerprint}</Text>
			<Text wrap="wrap">
				Compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_{error.keyType.replace('ssh-', '')}
				_key.pub on the host, or your inventory). Trusting adds it to pg-ops' own known-hosts file only.
			</Text>
			<Text> </Text>
			<Text>
				Trust this key and connect? <Text inverse>[ no ]</Text>{' '}
				{armed ? 'y trusts · n or esc leaves it untrusted' : '…'}
			</Text>
		</Box>
	);
}
