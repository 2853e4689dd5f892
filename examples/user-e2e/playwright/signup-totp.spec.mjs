// Signs up, confirms with the code from the emulator's mailbox, enrols an
// authenticator app (TOTP) on the account page, signs out and signs in
// again with a code. Elements by `data-testid` only (tests/CONTRACT.md).
import { createHmac } from 'node:crypto';
import { test, expect } from '@playwright/test';

// The page of your app that shows the sign-in, and the local emulator.
const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';
const EMULATOR_URL = process.env.EMULATOR_URL ?? 'http://127.0.0.1:9229';
// Meets the emulator's seed pool policy: 12+ characters, upper and lower
// case, a number and a symbol.
const PASSWORD = 'Correct-Horse-42';

test('sign up, enrol TOTP and sign in again', async ({ page }) => {
  const email = `e2e-${process.pid}-${Date.now()}@example.com`;
  const screen = (name) => expect(page.getByTestId(`screen-${name}`)).toBeVisible();

  // Sign up, from the sign-in screen as a person would.
  await page.goto(APP_URL);
  await screen('login');
  await page.getByTestId('to-signup').click();
  await screen('signup');
  await page.getByTestId('signup-email').fill(email);
  await page.getByTestId('signup-name').fill('Test User');
  await page.getByTestId('signup-password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();

  await screen('confirm');
  await page.getByTestId('confirm-code').fill(await codeFromMailbox(email));
  await page.getByTestId('confirm-submit').click();

  await signIn(page, email);
  await screen('account');

  await page.getByTestId('totp-setup-start').click();
  await expect(page.getByTestId('totp-secret')).not.toBeEmpty();
  const authenticator = new Authenticator(await page.getByTestId('totp-secret').innerText());
  await page.getByTestId('totp-setup-code').fill(await authenticator.nextCode());
  await page.getByTestId('totp-setup-submit').click();
  await expect(page.getByTestId('mfa-status')).toHaveAttribute('data-enabled', 'true');

  await page.getByTestId('sign-out').click();
  await signIn(page, email);
  await screen('mfa');
  // The sixth digit submits the code.
  await page.getByTestId('mfa-code').fill(await authenticator.nextCode());

  await screen('account');
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByTestId('mfa-status')).toHaveAttribute('data-enabled', 'true');
});

async function signIn(page, email) {
  await expect(page.getByTestId('screen-login')).toBeVisible();
  await page.getByTestId('login-username').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

// The emulator's mailbox: GET /_local/messages?to=, oldest first.
async function codeFromMailbox(email) {
  const url = `${EMULATOR_URL}/_local/messages?to=${encodeURIComponent(email)}`;
  let code;
  await expect
    .poll(async () => {
      const response = await fetch(url);
      expect(response.ok, `GET ${url}: HTTP ${response.status}`).toBe(true);
      code = (await response.json()).at(-1)?.code;
      return code;
    }, { message: `a message to ${email}` })
    .toBeTruthy();
  return code;
}

// An authenticator app: RFC 6238 with HMAC-SHA-1, 30-second steps and six
// digits, as Cognito's software tokens use it. Each step's code is accepted
// once (RFC 6238 §5.2); after one has been used this answers with the next
// step's, which Cognito and the emulator accept (one step either side of
// now). Only a third code within one step waits for the clock.
class Authenticator {
  constructor(secret) {
    this.key = base32Decode(secret);
    this.lastStep = undefined;
  }

  async nextCode() {
    for (;;) {
      const current = Math.floor(Date.now() / 30_000);
      const step = this.lastStep === undefined ? current : Math.max(current, this.lastStep + 1);
      if (step <= current + 1) {
        this.lastStep = step;
        return hotp(this.key, step);
      }
      await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now()));
    }
  }
}

// RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic
// truncation, six digits.
function hotp(key, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

// RFC 4648 §6 Base32, as the set-up widget shows it (groups of four).
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const c of text.toUpperCase().replace(/[\s=]/g, '')) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`the key ${JSON.stringify(text)} is not Base32`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}
