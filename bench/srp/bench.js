// Runs in the page. Times one sign-in's client-side SRP work (A, then the
// HKDF key and the claim signature from a given B and salt) for our wasm
// variants and for amazon-cognito-identity-js's AuthenticationHelper, on the
// same inputs, interleaved, in this one browser session.

const { AuthenticationHelper, BigInteger, Sha256, Buffer } = window.acij;

function randomBytes(n) {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// AuthenticationHelper draws `a` in its constructor (128 random bytes); this
// subclass draws `aBytes` instead, so its cost can be compared at equal
// exponent sizes, or uses a fixed `a` for the cross-check.
function helperClass(aBytes, fixedAHex) {
  return class extends AuthenticationHelper {
    generateRandomSmallA() {
      return new BigInteger(fixedAHex ?? hex(randomBytes(aBytes)), 16);
    }
  };
}

// What CognitoUser.authenticateUserDefaultAuth does around the helper for
// PASSWORD_VERIFIER (amazon-cognito-identity-js src/CognitoUser.js).
function acijSignIn(Helper, v) {
  const poolName = v.pool_id.split('_')[1];
  const helper = new Helper(poolName); // computes A = g^a
  let largeA;
  helper.getLargeAValue((err, A) => {
    if (err) throw err;
    largeA = A.toString(16);
  });
  let result;
  helper.getPasswordAuthenticationKey(
    v.user_id,
    v.password,
    new BigInteger(v.srp_b, 16),
    new BigInteger(v.salt, 16),
    (err, hkdf) => {
      if (err) throw err;
      const message = Buffer.concat([
        Buffer.from(poolName, 'utf8'),
        Buffer.from(v.user_id, 'utf8'),
        Buffer.from(v.secret_block, 'base64'),
        Buffer.from(v.timestamp, 'utf8'),
      ]);
      const mac = new Sha256(hkdf);
      mac.update(message);
      const signature = Buffer.from(mac.digestSync()).toString('base64');
      result = `${largeA} ${Buffer.from(hkdf).toString('hex')} ${signature}`;
    },
  );
  if (result === undefined) throw new Error('AuthenticationHelper did not call back synchronously');
  return result;
}

// Our variants: one wasm build per entry of `modules` (the workspace's
// release profile, and any build-setting alternative the harness made, with
// the variants worth timing in it).
async function loadModules(modules, only) {
  const found = [];
  for (const { file, label, variants } of modules) {
    const module = await import(`./build/${file}`);
    await module.default();
    for (const variant of module.variants()) {
      const name = `${variant}${label}`;
      const wanted = (!variants || variants.includes(variant))
        && (!only || only.includes(variant) || only.includes(name));
      if (wanted) found.push({ name, module, variant, note: module.variant_note(variant) });
    }
  }
  return found;
}

function oursSignIn({ module, variant }, a, v) {
  return module.sign_in(variant, a, v.pool_id, v.user_id, v.password, v.salt, v.srp_b,
    v.secret_block, BigInt(v.epoch));
}

const ACIJ = 'amazon-cognito-identity-js AuthenticationHelper';
const ACIJ_NOTE = 'jsbn BigInteger `modPow` (Montgomery, sliding window); as shipped it draws '
  + 'a 1024-bit `a` (the 256-bit row overrides `generateRandomSmallA`); signature with '
  + '@aws-crypto/sha256-js as CognitoUser does';

function entries(variants, aSizes) {
  const list = [];
  for (const bits of aSizes) {
    const Helper = helperClass(bits / 8);
    list.push({ name: ACIJ, note: ACIJ_NOTE, bits, run: (v) => acijSignIn(Helper, v) });
    for (const variant of variants) {
      list.push({
        name: variant.name,
        note: variant.note,
        bits,
        run: (v) => oursSignIn(variant, randomBytes(bits / 8), v),
      });
    }
  }
  return list;
}

// Every variant against every vector with the vector's own `a`: the same
// A, key and signature as AuthenticationHelper and as the fixture.
function crossCheck(variants, vectors) {
  const problems = [];
  for (const v of vectors) {
    const expected = `${v.srp_a} ${v.key} ${v.signature}`;
    const Helper = helperClass(0, v.a);
    const theirs = acijSignIn(Helper, v);
    if (theirs !== expected) problems.push(`${ACIJ} on "${v.name}": ${theirs} != ${expected}`);
    for (const variant of variants) {
      const a = Uint8Array.from(v.a.padStart(v.a.length + (v.a.length % 2), '0').match(/../g),
        (h) => parseInt(h, 16));
      let ours;
      try {
        ours = oursSignIn(variant, a, v);
      } catch (e) {
        ours = `error: ${e.message ?? e}`;
      }
      // The core's API does not reveal the key: "-" there; the signature
      // depends on it.
      const [oursA, oursKey, oursSignature] = ours.split(' ');
      const same = oursA === v.srp_a && oursSignature === v.signature
        && (oursKey === '-' || oursKey === v.key);
      if (!same) problems.push(`${variant.name} on "${v.name}": ${ours} != ${expected}`);
    }
  }
  return { checked: vectors.length * (variants.length + 1), problems };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

window.runBench = async ({ runs, warmup, aSizes, inputs, vectors, only, modules }) => {
  const variants = await loadModules(modules, only);
  const check = crossCheck(variants, vectors);
  if (check.problems.length) return { check };
  const list = entries(variants, aSizes);
  const times = list.map(() => []);
  // Interleaved: each round runs every entry once, starting at a rotating
  // offset so that no entry always follows the same one.
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < list.length; k++) {
      const i = (k + round) % list.length;
      const t0 = performance.now();
      list[i].run(inputs);
      const t1 = performance.now();
      if (round >= warmup) times[i].push(t1 - t0);
    }
    document.getElementById('status').textContent = `round ${round + 1}/${warmup + runs}`;
  }
  return {
    check,
    userAgent: navigator.userAgent,
    timerResolutionMs: (() => {
      let a = performance.now(), b;
      while ((b = performance.now()) === a);
      return b - a;
    })(),
    results: list.map((e, i) => ({
      name: e.name,
      note: e.note,
      bits: e.bits,
      runs: times[i].length,
      median: median(times[i]),
      min: Math.min(...times[i]),
      max: Math.max(...times[i]),
      times: times[i],
    })),
  };
};
window.benchReady = true;
