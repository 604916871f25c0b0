// ssh2's own key generator (1.17) drops a leading zero byte of an ed25519 key: about one key in 150
// comes out 31 bytes long, and ssh2 then refuses to parse it ("Malformed OpenSSH private key").
// A test using such a key fails to log in for a reason of the fixture's, so keys are drawn again until
// ssh2 reads them back.
import ssh2 from 'ssh2';

export function ed25519KeyPair(): {private: string; public: string} {
	for (;;) {
		const pair = ssh2.utils.generateKeyPairSync('ed25519');
		if (
			!(ssh2.utils.parseKey(pair.private) instanceof Error) &&
			!(ssh2.utils.parseKey(pair.public) instanceof Error)
		)
			return pair;
	}
}
