// Signs in to the local Cognito emulator with amazon-cognito-identity-js,
// unchanged: `authenticateUser` runs USER_SRP_AUTH (its default flow)
// through its `AuthenticationHelper`.
//
// Run by crates/cognito-emulator/tests/independent_clients.rs, which starts
// the emulator, creates the users and passes them in the environment:
//
//   COGNITO_ENDPOINT   http://127.0.0.1:PORT (no trailing slash)
//   POOL_ID, CLIENT_ID
//   USERNAME, PASSWORD        a confirmed user without MFA
//   TOTP_USERNAME, TOTP_SECRET a confirmed user with TOTP (Base32 secret)
//   UNKNOWN_USERNAME          a name no user has
//
// Each step prints one `ok:` line; any surprise exits with status 1.
'use strict';

const crypto = require('crypto');
const {
	AuthenticationDetails,
	CognitoUser,
	CognitoUserPool,
} = require('amazon-cognito-identity-js');

const env = name => {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set`);
	return value;
};

const pool = new CognitoUserPool({
	UserPoolId: env('POOL_ID'),
	ClientId: env('CLIENT_ID'),
	endpoint: `${env('COGNITO_ENDPOINT')}/`,
});

// RFC 4648 Base32 without padding, as SecretCode is.
function base32(text) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of text) {
		const i = alphabet.indexOf(c);
		if (i < 0) throw new Error(`not Base32: ${text}`);
		bits += i.toString(2).padStart(5, '0');
	}
	const bytes = [];
	for (let i = 0; i + 8 <= bits.length; i += 8) {
		bytes.push(parseInt(bits.slice(i, i + 8), 2));
	}
	return Buffer.from(bytes);
}

// RFC 6238 with the authenticator defaults: HMAC-SHA-1, 30 s, 6 digits.
function totp(secret, unixSeconds) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
	const digest = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
	const offset = digest[digest.length - 1] & 0x0f;
	const number = digest.readUInt32BE(offset) & 0x7fffffff;
	return String(number % 1000000).padStart(6, '0');
}

// Resolves with the session, or rejects with the error; a TOTP challenge is
// answered with a code for `totpSecret`, or is a failure without one.
function signIn(username, password, totpSecret) {
	const user = new CognitoUser({ Username: username, Pool: pool });
	const details = new AuthenticationDetails({ Username: username, Password: password });
	return new Promise((resolve, reject) => {
		const callbacks = {
			onSuccess: session => resolve({ session, totp: callbacks.answered === true }),
			onFailure: reject,
			totpRequired: () => {
				if (!totpSecret) return reject(new Error('unexpected SOFTWARE_TOKEN_MFA challenge'));
				callbacks.answered = true;
				user.sendMFACode(totp(totpSecret, Date.now() / 1000), callbacks, 'SOFTWARE_TOKEN_MFA');
			},
			mfaRequired: () => reject(new Error('unexpected SMS_MFA challenge')),
			mfaSetup: () => reject(new Error('unexpected MFA_SETUP challenge')),
			newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED challenge')),
			customChallenge: () => reject(new Error('unexpected CUSTOM_CHALLENGE')),
		};
		user.authenticateUser(details, callbacks);
	});
}

function expectTokens(session, username) {
	if (!session.isValid()) throw new Error('the session is not valid');
	const id = session.getIdToken().decodePayload();
	const access = session.getAccessToken().decodePayload();
	if (id.email !== username || id.token_use !== 'id') {
		throw new Error(`unexpected ID token claims ${JSON.stringify(id)}`);
	}
	if (access.token_use !== 'access' || access.sub !== id.sub) {
		throw new Error(`unexpected access token claims ${JSON.stringify(access)}`);
	}
	if (!session.getRefreshToken().getToken()) throw new Error('no refresh token');
	return id;
}

async function expectNotAuthorized(username, password) {
	try {
		await signIn(username, password);
	} catch (err) {
		if (err.code !== 'NotAuthorizedException' || err.message !== 'Incorrect username or password.') {
			throw new Error(`expected NotAuthorizedException, got ${err.code}: ${err.message}`);
		}
		return;
	}
	throw new Error(`${username}: signed in with a wrong password`);
}

async function main() {
	const username = env('USERNAME');
	const password = env('PASSWORD');

	const { session } = await signIn(username, password);
	const id = expectTokens(session, username);
	console.log(`ok: right password: tokens for sub ${id.sub}`);

	await expectNotAuthorized(username, `${password}x`);
	console.log('ok: wrong password: NotAuthorizedException');

	await expectNotAuthorized(env('UNKNOWN_USERNAME'), password);
	console.log('ok: unknown user: NotAuthorizedException');

	const totpUsername = env('TOTP_USERNAME');
	const withTotp = await signIn(totpUsername, password, env('TOTP_SECRET'));
	if (!withTotp.totp) throw new Error('signed in without the SOFTWARE_TOKEN_MFA challenge');
	expectTokens(withTotp.session, totpUsername);
	console.log('ok: SOFTWARE_TOKEN_MFA: tokens after the code');
}

main().catch(err => {
	console.error(`amazon-cognito-identity-js: ${err.code || ''} ${err.stack || err}`);
	process.exit(1);
});
