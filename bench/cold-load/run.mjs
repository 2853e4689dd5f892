// Cold-load benchmark of the sign-in page: our app (the release dist/)
// against AWS Amplify UI's <Authenticator> (bench/amplify/dist), both served
// the same way, loaded cold in headless Chromium, interleaved. Run by
// `cargo xtask bench`, which builds both apps first; it can be run by hand:
//
//   node run.mjs --ours DIST --amplify DIST --emulator BIN [--runs 15] [--out DIR]
//
// What it does:
// - starts the Cognito emulator (BIN, `--port 0`, a fresh data dir) and one
//   static server per app on 127.0.0.1 (free ports). Both servers are the
//   same code: files from memory, uncompressed, `content-type` and
//   `content-length` only, no caching headers. The local set-up's addresses
//   in the apps' text files (127.0.0.1:9229 for the emulator, 127.0.0.1:8080
//   for the app) are rewritten to this run's ports, in both apps alike.
// - for each CPU rate (1x, then 4x via Emulation.setCPUThrottlingRate), one
//   warm-up round that is not counted, then RUNS rounds of: load ours, load
//   Amplify, sign in with ours, sign in with Amplify. Every run launches
//   Chromium afresh with a new empty --user-data-dir.
// - a load run records, in the page (an init script, so on the page's own
//   clock, performance.now() from navigation start): when the sign-in e-mail
//   field first became usable (see USABLE below), first contentful paint,
//   and the layout shifts until 1 s after both the field was usable and the
//   load event; and every response (the body as built, raw and brotli).
// - a sign-in run fills in e-mail and password as soon as Playwright finds
//   each field actionable, presses Enter, and records when the page sent
//   the `InitiateAuth` POST to the emulator (Chromium's
//   Network.requestWillBeSent wall time minus the page's
//   performance.timeOrigin; checked against the page's own resource timing).
// - a few more runs type into the field the moment it is in the document and
//   look whether the text is still there once the app is ready.
//
// Writes OUT/result.json (every run) and OUT/report.md (the BENCHMARKS.md
// section). Environment: CHROMIUM (default /usr/bin/chromium);
// COLD_LOAD_COMMAND, COLD_LOAD_TOOLCHAIN (for the report);
// COLD_LOAD_STATIC (JSON from xtask: the budget test's static critical path
// of our dist/, {files: [{file, raw, brotli}], budget}).
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir, cpus, totalmem, loadavg, release } from 'node:os';
import { join, extname, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---- options ----
const options = { runs: 15, out: join(here, 'build') };
{
  const args = process.argv.slice(2);
  while (args.length) {
    const name = args.shift();
    const value = args.shift();
    if (value === undefined) fail(`${name} needs a value`);
    if (name === '--ours') options.ours = value;
    else if (name === '--amplify') options.amplify = value;
    else if (name === '--emulator') options.emulator = value;
    else if (name === '--runs') options.runs = Number(value);
    else if (name === '--out') options.out = value;
    else fail(`unknown option ${name}`);
  }
  if (!options.ours || !options.amplify || !options.emulator) {
    fail('usage: node run.mjs --ours DIST --amplify DIST --emulator BIN [--runs N] [--out DIR]');
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs needs a whole number ≥ 1');
}
const debug = process.env.COLD_LOAD_DEBUG
  ? (...a) => console.error(`  [${new Date().toISOString().slice(17, 23)}]`, ...a)
  : () => {};
function fail(message) {
  console.error(`cold-load: ${message}`);
  process.exit(2);
}

const RATES = [1, 4];
const EARLY_TYPING_RUNS = 3;
const NEEDS_RUNS = 3;
const SETTLE_MS = 1000;
const TIMEOUT_MS = 60_000;
// The seed user of crates/cognito-emulator/seed.toml.
const EMAIL = 'admin@example.com';
const PASSWORD = 'Local-Admin-Passw0rd!';
const EARLY_TEXT = 'early@example.com';
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The flags every browser test on this machine uses (and nothing else:
// playwright-core's own defaults, such as turning off PaintHolding, are left
// out so that Chromium paints as it does for people).
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const apps = [
  {
    key: 'ours',
    label: 'ours',
    dir: options.ours,
    // By id, not test id: the static sign-in card of index.html (src/shell)
    // has the app's ids but no test ids, and people type into it.
    field: '#login-username',
    password: '#login-password',
    ready: '[data-testid=login-username]',
    // What the static card is meant to make the field independent of: the
    // app's own code (the wasm and its JS) and config.json. The `needs`
    // runs block exactly these and look whether the field still becomes
    // usable; only then are they left out of what the field needs.
    deferred: (path) => path.endsWith('.wasm') || (path.endsWith('.js') && path !== '/shell.js') || path === '/config.json',
  },
  {
    key: 'amplify',
    label: 'Amplify',
    dir: options.amplify,
    field: 'input[name=username]',
    password: 'input[name=password]',
    ready: 'input[name=username]',
  },
];

// ---- brotli, as a CDN would serve it ----
const brotliCache = new Map();
function brotliSize(body) {
  const key = `${body.length}:${body.subarray(0, 64).toString('base64')}:${body.subarray(-64).toString('base64')}`;
  let size = brotliCache.get(key);
  if (size === undefined) {
    size = brotliCompressSync(body, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_LGWIN]: 22,
      },
    }).length;
    brotliCache.set(key, size);
  }
  return size;
}

// ---- servers ----
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json']);

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

// Serves `dir` from memory on 127.0.0.1 (a free port); `rewrite` gets the
// server's own origin and returns [from, to] pairs applied to text files.
async function serveDist(dir, rewrite) {
  const files = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // An app route (no file extension) gets index.html, as a static host
    // configured for a single-page app does.
    const file = files.get(path) ?? (extname(path) === '' ? files.get('/index.html') : undefined);
    if (!file || req.method !== 'GET') {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length });
    res.end(file.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const pairs = rewrite(origin);
  const rewritten = [];
  for (const path of await listFiles(dir)) {
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    const ext = extname(path);
    let body = await readFile(path);
    const original = body;
    if (TEXT.has(ext)) {
      let text = body.toString('utf8');
      for (const [from, to] of pairs) text = text.split(from).join(to);
      body = Buffer.from(text, 'utf8');
      if (!body.equals(original)) rewritten.push(url);
    }
    files.set(url, { body, original, type: types[ext] ?? 'application/octet-stream' });
  }
  return { server, origin, files, rewritten };
}

// ---- the emulator ----
async function startEmulator(bin) {
  const dataDir = await mkdtemp(join(tmpdir(), 'cold-load-emulator-'));
  const child = spawn(bin, ['--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => {
    log += d;
  });
  const url = await new Promise((ok, bad) => {
    let buffered = '';
    const onData = (d) => {
      buffered += d;
      const m = buffered.match(/^listening on (http:\/\/\S+)$/m);
      if (m) {
        child.stdout.off('data', onData);
        // Keep reading (and dropping) its log so a full pipe never blocks it.
        child.stdout.resume();
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => bad(new Error(`the emulator exited (${code}) before listening:\n${log}`)));
    child.on('error', bad);
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((ok) => child.once('exit', ok));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- in the page ----
// USABLE: the field matches the app's selector and is connected; not
// disabled (nor in a disabled fieldset), not read-only, not inert, tabIndex
// ≥ 0; rendered (checkVisibility with opacity and visibility), at least
// 1×1 px, inside the viewport; and the element at its centre is the field
// itself (nothing covers it). Checked after every DOM mutation and at every
// animation frame until it holds.
function pageProbe({ field, ready }) {
  if (window.top !== window) return;
  const bench = {
    seenAt: null,
    usableAt: null,
    // When the app itself had drawn its field (for ours: the static card
    // taken over), by the `ready` selector.
    readyAt: null,
    cls: 0,
    shifts: [],
    fcp: null,
  };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        bench.cls += e.value;
        bench.shifts.push([Math.round(e.startTime), e.value]);
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') bench.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });

  const usable = (el) => {
    if (!el.isConnected || el.matches(':disabled') || el.readOnly || el.tabIndex < 0) return false;
    if (el.closest('[inert]')) return false;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return hit === el || el.contains(hit);
  };
  const readyCheck = () => {
    if (bench.readyAt === null && document.querySelector(ready)) bench.readyAt = performance.now();
  };
  new MutationObserver(readyCheck).observe(document, { childList: true, subtree: true });
  const check = () => {
    if (bench.usableAt !== null) return;
    const el = document.querySelector(field);
    if (!el) return;
    const now = performance.now();
    if (bench.seenAt === null) {
      bench.seenAt = now;
    }
    if (usable(el)) {
      bench.usableAt = now;
      observer.disconnect();
      window.__benchUsable?.(now);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => {
    check();
    if (bench.usableAt === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// ---- runs ----
let browserVersion = null;

async function withPage(rate, body) {
  const profile = await mkdtemp(join(tmpdir(), 'cold-load-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
      headless: true,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'],
    });
    debug('launched');
    browserVersion ??= context.browser()?.version() ?? null;
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    // Every request as Chromium reports it when the page issues it:
    // Network.requestWillBeSent's wall time is on the same clock as the
    // page's performance.timeOrigin (both epoch milliseconds).
    const requests = [];
    const finished = new Set();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Preflight' || e.request.url.startsWith('data:')) return;
      const headers = Object.fromEntries(Object.entries(e.request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      requests.push({
        id: e.requestId,
        url: e.request.url,
        method: e.request.method,
        headers,
        postData: e.request.postData,
        wallMs: e.wallTime * 1000,
      });
    });
    cdp.on('Network.loadingFinished', (e) => finished.add(e.requestId));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    debug('page ready');
    const result = await body({ page, cdp, requests, finished });
    if (errors.length) result.pageErrors = errors;
    return result;
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
}

function within(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, bad) => {
      timer = setTimeout(() => bad(new Error(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`)), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Resolves with the page's time when the probe finds the field usable.
// (Wrapped in an object: an async function returning the bare promise
// would wait for it.)
async function usableSignal(page) {
  let onUsable;
  const usable = new Promise((ok) => {
    onUsable = ok;
  });
  await page.exposeFunction('__benchUsable', (t) => onUsable(t));
  return { usable };
}

async function loadRun(app, rate, { block = null } = {}) {
  return withPage(rate, async ({ page, cdp, requests, finished }) => {
    const { usable } = await usableSignal(page);
    const blocked = (url) => block !== null && url.origin === app.server.origin && block(url.pathname);
    if (block) await page.route((url) => blocked(url), (route) => route.abort('blockedbyclient'));
    await page.addInitScript(pageProbe, { field: app.field, ready: app.ready });
    await page.goto(app.server.origin + '/', { waitUntil: 'commit' });
    debug(app.key, 'load run: committed');
    const usableAt = await within(usable, `${app.label}'s sign-in field (${app.field}) to become usable`);
    debug(app.key, 'usable at', usableAt);
    await page.waitForLoadState('load');
    await page.waitForTimeout(SETTLE_MS);
    debug(app.key, 'settled');
    const state = await page.evaluate(() => ({
      ...window.__bench,
      timeOrigin: performance.timeOrigin,
      resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime })),
    }));
    // Each response's body: the app's own files as built (the copy served
    // differs at most in the port numbers of the local set-up), else the
    // body Chromium received.
    const responses = [];
    let clockSkew = 0;
    for (const req of requests) {
      const url = new URL(req.url);
      if (blocked(url)) continue;
      const start = req.wallMs - state.timeOrigin;
      let name = req.url;
      let body;
      if (url.origin === app.server.origin) {
        // As the server answers: the file, index.html for an app route, or
        // an empty 404.
        name = app.server.files.has(url.pathname) || extname(url.pathname) !== '' ? url.pathname : '/index.html';
        body = app.server.files.get(name)?.original ?? Buffer.alloc(0);
      } else if (finished.has(req.id)) {
        const got = await cdp.send('Network.getResponseBody', { requestId: req.id }).catch(() => null);
        body = got ? Buffer.from(got.body, got.base64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
      } else {
        continue;
      }
      // The same request in the page's resource timing (Chromium's own
      // requests, such as the icon, are not there; a URL fetched twice is).
      const skews = state.resources.filter((r) => r.name === req.url).map((r) => Math.abs(r.startTime - start));
      if (skews.length) clockSkew = Math.max(clockSkew, Math.min(...skews));
      responses.push({
        url: name,
        start,
        raw: body.length,
        brotli: brotliSize(body),
        critical: start < usableAt,
      });
    }
    const critical = responses.filter((r) => r.critical);
    return {
      usableAt,
      seenAt: state.seenAt,
      fcp: state.fcp,
      cls: state.cls,
      shifts: state.shifts,
      responses,
      criticalRaw: critical.reduce((s, r) => s + r.raw, 0),
      criticalBrotli: critical.reduce((s, r) => s + r.brotli, 0),
      clockSkew,
    };
  });
}

const isInitiateAuth = (req) =>
  req.method === 'POST' &&
  req.url.startsWith(emulator.url) &&
  /\.InitiateAuth$/.test(req.headers['x-amz-target'] ?? '');

async function signInRun(app, rate) {
  return withPage(rate, async ({ page, requests }) => {
    await page.addInitScript(pageProbe, { field: app.field, ready: app.ready });
    await page.goto(app.server.origin + '/', { waitUntil: 'commit' });
    const timeOrigin = await page.evaluate(() => performance.timeOrigin);
    await page.locator(app.field).fill(EMAIL, { timeout: TIMEOUT_MS });
    await page.locator(app.password).fill(PASSWORD, { timeout: TIMEOUT_MS });
    await page.locator(app.password).press('Enter', { timeout: TIMEOUT_MS });
    let waiting = true;
    const sent = await within(
      (async () => {
        while (waiting) {
          const req = requests.find(isInitiateAuth);
          if (req) return req;
          await new Promise((ok) => setTimeout(ok, 5));
        }
      })(),
      `${app.label} to send InitiateAuth after Enter`,
    ).finally(() => {
      waiting = false;
    });
    const body = JSON.parse(sent.postData ?? '{}');
    // The same moment on the page's own clock (resource timing), once the
    // response is in.
    const pageAt = await page
      .waitForFunction(
        (origin) => performance.getEntriesByType('resource').find((e) => e.name.startsWith(origin))?.startTime,
        emulator.url,
        { timeout: 10_000 },
      )
      .then((h) => h.jsonValue())
      .catch(() => null);
    return {
      initiateAuthAt: sent.wallMs - timeOrigin,
      pageClockAt: pageAt,
      authFlow: body.AuthFlow ?? null,
      srpA: typeof body.AuthParameters?.SRP_A === 'string',
    };
  });
}

async function earlyTypingRun(app) {
  return withPage(1, async ({ page }) => {
    const { usable } = await usableSignal(page);
    await page.addInitScript(pageProbe, { field: app.field, ready: app.ready });
    await page.goto(app.server.origin + '/', { waitUntil: 'commit' });
    // As a person would: type the moment the field can be typed into,
    // whether or not the app behind it has started.
    const usableAt = await within(usable, `${app.label}'s sign-in field to become usable`);
    const typedAt = await page.evaluate((field) => {
      document.querySelector(field)?.focus();
      return performance.now();
    }, app.field);
    await page.keyboard.type(EARLY_TEXT);
    const doneAt = await page.evaluate(() => performance.now());
    await page.waitForLoadState('load');
    await page.waitForTimeout(SETTLE_MS);
    const readyAt = await page.evaluate(() => window.__bench.readyAt);
    const value = await page.locator(app.field).inputValue();
    return { usableAt, typedAt, doneAt, readyAt, value, kept: value === EARLY_TEXT };
  });
}

// ---- statistics ----
const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const max = (xs) => Math.max(...xs);

// ---- main ----
const started = new Date();
const loadBefore = loadavg();
const emulator = await startEmulator(options.emulator);
const cleanup = [];
cleanup.push(() => emulator.stop());
process.on('SIGINT', async () => {
  for (const f of cleanup.reverse()) await f().catch(() => {});
  process.exit(130);
});
let result;
try {
  const emulatorHost = new URL(emulator.url).host;
  for (const app of apps) {
    app.server = await serveDist(app.dir, (origin) => [
      ['127.0.0.1:9229', emulatorHost],
      ['127.0.0.1:8080', new URL(origin).host],
    ]);
    cleanup.push(() => new Promise((ok) => app.server.server.close(ok)));
    console.error(`${app.label}: ${app.dir} on ${app.server.origin} (rewrote ${app.server.rewritten.join(', ') || 'nothing'})`);
  }
  console.error(`emulator: ${emulator.url}`);

  const runs = [];
  for (const rate of RATES) {
    console.error(`\nCPU ${rate}×: warm-up round (not counted)`);
    for (const app of apps) await loadRun(app, rate);
    for (let round = 0; round < options.runs; round++) {
      const line = [];
      for (const kind of ['load', 'signin']) {
        for (const app of apps) {
          const r = kind === 'load' ? await loadRun(app, rate) : await signInRun(app, rate);
          runs.push({ rate, round, kind, app: app.key, ...r });
          line.push(
            kind === 'load'
              ? `${app.key} usable ${r.usableAt.toFixed(0)} ms`
              : `${app.key} InitiateAuth ${r.initiateAuthAt.toFixed(0)} ms`,
          );
        }
      }
      console.error(`CPU ${rate}× round ${round + 1}/${options.runs}: ${line.join(', ')}`);
    }
  }
  // What the field needs: ours again with its app code blocked.
  const needs = [];
  for (const app of apps.filter((a) => a.deferred)) {
    for (let i = 0; i < NEEDS_RUNS; i++) {
      const r = await loadRun(app, 1, { block: app.deferred }).catch((e) => ({ failed: String(e.message ?? e) }));
      needs.push({ app: app.key, ...r });
      console.error(`needs: ${app.key} with its app code blocked: ${r.failed ? `field never usable (${r.failed})` : `usable ${r.usableAt.toFixed(0)} ms`}`);
    }
  }
  const early = [];
  for (let i = 0; i < EARLY_TYPING_RUNS; i++) {
    for (const app of apps) early.push({ app: app.key, ...(await earlyTypingRun(app)) });
  }
  console.error(`early typing: ${early.map((e) => `${e.app} ${e.kept ? 'kept' : `lost (${JSON.stringify(e.value)})`}`).join(', ')}`);

  const totals = {};
  for (const app of apps) {
    totals[app.key] = [...app.server.files].map(([url, f]) => ({
      url,
      raw: f.original.length,
      brotli: brotliSize(f.original),
    }));
  }
  result = {
    started: started.toISOString(),
    runsPerCell: options.runs,
    rates: RATES,
    browserVersion,
    emulator: emulator.url,
    servers: Object.fromEntries(apps.map((a) => [a.key, { origin: a.server.origin, rewritten: a.server.rewritten }])),
    totals,
    runs,
    needs,
    early,
    loadBefore,
    loadAfter: loadavg(),
    minutes: (Date.now() - started.getTime()) / 60_000,
  };
} finally {
  for (const f of cleanup.reverse()) await f().catch(() => {});
}

await mkdir(options.out, { recursive: true });
await writeFile(join(options.out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
const report = makeReport(result);
await writeFile(join(options.out, 'report.md'), report);
process.stdout.write(report);

// ---- the report ----
function makeReport(r) {
  const labels = Object.fromEntries(apps.map((a) => [a.key, a.label]));
  const pick = (rate, kind, app) => r.runs.filter((x) => x.rate === rate && x.kind === kind && x.app === app);
  const ms = (x) => (x === null ? '–' : `${x.toFixed(0)} ms`);
  const kB = (x) => `${(x / 1000).toFixed(1)} kB`;
  const ratio = (a, b) => (a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(2)}`);
  // Times from runs: median (min–max), and ours / Amplify of the medians.
  const row = (name, rate, kind, field, fmt) => {
    const cells = apps.map((a) => {
      const xs = pick(rate, kind, a.key).map((x) => x[field]);
      return { med: median(xs), lo: min(xs), hi: max(xs) };
    });
    const [o, m] = cells;
    const cell = (c) => `${fmt(c.med)} (${fmt(c.lo)}–${fmt(c.hi)})`;
    return `| ${name} | ${rate}× | ${cell(o)} | ${cell(m)} | ${ratio(o.med, m.med)} |`;
  };
  const cls = (x) => x.toFixed(3);

  // Sizes. The critical path of each app is the set of responses requested
  // before the field was usable, in the 1× load runs; the table gives the
  // run with the median critical brotli size, and says whether the set
  // changed between runs.
  const sizes = apps.map((a) => {
    const loads = r.runs.filter((x) => x.kind === 'load' && x.app === a.key && x.rate === 1);
    const sets = new Map();
    for (const x of loads) {
      const key = [...new Set(x.responses.filter((y) => y.critical).map((y) => y.url))].sort().join(' ');
      sets.set(key, (sets.get(key) ?? 0) + 1);
    }
    const typical = [...sets].sort((p, q) => q[1] - p[1])[0][0].split(' ');
    const sorted = [...loads].sort((p, q) => p.criticalBrotli - q.criticalBrotli);
    const mid = sorted[(sorted.length - 1) >> 1];
    const total = r.totals[a.key];
    return {
      app: a,
      criticalRaw: median(loads.map((x) => x.criticalRaw)),
      criticalBrotli: median(loads.map((x) => x.criticalBrotli)),
      mid,
      sets,
      typical,
      totalRaw: total.reduce((s, f) => s + f.raw, 0),
      totalBrotli: total.reduce((s, f) => s + f.brotli, 0),
      total,
    };
  });
  const [so, sa] = sizes;
  const fileRows = sizes.flatMap((s) =>
    s.total.map((f) => {
      const fetched = s.mid.responses.find((y) => y.url === f.url);
      const when = !fetched ? 'not fetched' : fetched.critical ? '**critical path**' : 'after the field was usable';
      return `| ${s.app.label} | \`${f.url}\` | ${f.raw} | ${f.brotli} | ${when} |`;
    }),
  );
  const others = sizes.flatMap((s) =>
    s.mid.responses
      .filter((y) => !s.total.some((f) => f.url === y.url))
      .map((y) => `| ${s.app.label} | \`${y.url}\` (not a dist file) | ${y.raw} | ${y.brotli} | ${y.critical ? '**critical path**' : 'after'} |`),
  );

  // The budget test's static rule against what Chromium fetched.
  const stat = process.env.COLD_LOAD_STATIC ? JSON.parse(process.env.COLD_LOAD_STATIC) : null;
  let staticLine = 'The budget test\'s static rule was not given (COLD_LOAD_STATIC), so it is not compared here.';
  if (stat) {
    const staticFiles = stat.files.map((f) => `/${f.file}`).sort();
    const measured = [...so.typical].map((u) => (u === '/' ? '/index.html' : u)).sort();
    const same = staticFiles.join(' ') === measured.join(' ');
    const staticBrotli = stat.files.reduce((s, f) => s + f.brotli, 0);
    const nodeBrotli = stat.files.reduce((sum, f) => sum + (r.totals.ours.find((t) => t.url === `/${f.file}`)?.brotli ?? 0), 0);
    staticLine = same
      ? `**The budget test's static rule agrees with Chromium**: it finds the same ${staticFiles.length} files (${staticFiles.map((f) => `\`${f}\``).join(', ')}). Their brotli size is ${staticBrotli} bytes by the Rust \`brotli\` crate (the budget test; budget ${stat.budget} bytes) and ${nodeBrotli} bytes by Node's zlib (Google's C encoder, the figure above): two encoders of one format at the same settings.`
      : `**The budget test's static rule for a sign-in and Chromium differ**: the rule finds ${staticFiles.map((f) => `\`${f}\``).join(', ')} (${staticBrotli} bytes brotli by the Rust \`brotli\` crate; budget ${stat.budget} bytes), while Chromium requested ${measured.map((f) => `\`${f}\``).join(', ')} before the field was usable in most runs (the rule counts everything the page fetches at once, whether before or after the field is usable).`;
  }
  const setNote = (s) =>
    s.sets.size === 1
      ? 'the same files in every run'
      : `${s.sets.size} different sets over the runs: ${[...s.sets].map(([k, n]) => `${n}× {${k}}`).join('; ')}`;

  const early = apps.map((a) => {
    const xs = r.early.filter((e) => e.app === a.key);
    const kept = xs.filter((e) => e.kept).length;
    const before = xs.filter((e) => e.readyAt !== null && e.typedAt < e.readyAt).length;
    return `${a.label}: kept in ${kept} of ${xs.length} runs (typed from ${ms(median(xs.map((e) => e.typedAt)))} to ${ms(median(xs.map((e) => e.doneAt)))}, medians; the app itself had drawn its field at ${ms(median(xs.map((e) => e.readyAt)))}, so the typing began before the app was there in ${before} of ${xs.length} runs)`;
  });

  const signIns = r.runs.filter((x) => x.kind === 'signin');
  const skew = max([
    ...signIns.filter((x) => x.pageClockAt !== null).map((x) => Math.abs(x.pageClockAt - x.initiateAuthAt)),
    ...r.runs.filter((x) => x.kind === 'load').map((x) => x.clockSkew),
  ]);
  const flows = [...new Set(signIns.map((x) => `${labels[x.app]} \`${x.authFlow}\`${x.srpA ? ' with `SRP_A`' : ''}`))];
  const allSrp = signIns.every((x) => x.srpA);
  const errors = r.runs.filter((x) => x.pageErrors).map((x) => `${labels[x.app]} ${x.kind} ${x.rate}×: ${x.pageErrors.join('; ')}`);

  const cpu = cpus();
  const machine = [
    `${cpu.length} logical cores (\`nproc\`), ${cpu[0]?.model ?? 'unknown CPU'}`,
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`,
    `Linux ${release()}`,
    `Chromium ${r.browserVersion} headless (\`${CHROMIUM_FLAGS.join(' ')}\`, a new \`--user-data-dir\` per run, 1280×720 viewport)`,
    `Node ${process.version}, playwright-core ${require('playwright-core/package.json').version}`,
    `1-minute load average ${r.loadBefore[0].toFixed(2)} before the run and ${r.loadAfter[0].toFixed(2)} after`,
  ].join('; ');
  const amplifyPkg = (name) => {
    try {
      return JSON.parse(require('node:fs').readFileSync(join(here, '../amplify/node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const n = r.runsPerCell;
  const targetSize = 0.6 * sa.criticalBrotli;
  // What ours' field needs, from the runs with its app code blocked: the
  // responses requested before the field was usable there. Counted only if
  // the field became usable in every such run; otherwise the critical path
  // above stands.
  const needRuns = (r.needs ?? []).filter((x) => x.app === 'ours');
  const needOk = needRuns.filter((x) => !x.failed);
  const needed =
    needRuns.length && needOk.length === needRuns.length
      ? {
          brotli: median(needOk.map((x) => x.criticalBrotli)),
          raw: median(needOk.map((x) => x.criticalRaw)),
          usable: median(needOk.map((x) => x.usableAt)),
          files: [...new Set(needOk.flatMap((x) => x.responses.filter((y) => y.critical).map((y) => y.url)))].sort(),
        }
      : null;
  const neededLine = needed
    ? `**What ours' field needs**: ${needRuns.length} more cold loads at 1× with the app's own code blocked (every \`.wasm\`, every \`.js\` but \`/shell.js\`, and \`/config.json\` answered with a network error): the field was usable in every run (median ${ms(needed.usable)}), the static sign-in card of \`index.html\` (\`src/shell\`) carrying it. It needed ${needed.files.map((f) => `\`${f}\``).join(', ')}: **${needed.brotli} bytes brotli** (${needed.raw} raw), ${ratio(needed.brotli, sa.criticalBrotli)} of Amplify's critical path. The app's code is still fetched at once (preloaded, so it is in the critical path above): a sign-in is sent once it has started and taken the card over (the \`InitiateAuth\` times below).`
    : needRuns.length
      ? `**What ours' field needs**: with the app's own code blocked the field did not become usable in ${needRuns.length - needOk.length} of ${needRuns.length} runs (${needRuns.filter((x) => x.failed).map((x) => x.failed).join('; ')}), so it needs the whole critical path above.`
      : '';
  // The budget test's rule for what the field needs, against the runs with
  // the app's code blocked.
  let fieldStaticLine = '';
  if (stat?.field && needed) {
    const files = stat.field.files.map((f) => `/${f.file}`).sort();
    const got = needed.files.map((u) => (u === '/' ? '/index.html' : u)).sort();
    const brotli = stat.field.files.reduce((s, f) => s + f.brotli, 0);
    fieldStaticLine =
      files.join(' ') === got.join(' ')
        ? ` The budget test's rule for the field finds the same ${files.length} files: ${brotli} bytes brotli by the Rust \`brotli\` crate, budget ${stat.field.budget}.`
        : ` **The budget test's rule for the field differs**: it finds ${files.map((f) => `\`${f}\``).join(', ')} (${brotli} bytes brotli, budget ${stat.field.budget}).`;
  }
  const fieldBytes = needed ? needed.brotli : so.criticalBrotli;

  return `## Cold load: our sign-in page against Amplify's \`<Authenticator>\`

The same sign-in screen twice, loaded cold in headless Chromium: **ours** (the release \`dist/\` of
\`trunk build --release --offline\`) and **Amplify**, a reference app under \`bench/amplify/\` that
renders AWS Amplify UI's \`<Authenticator>\` (React ${amplifyPkg('react')}, aws-amplify ${amplifyPkg('aws-amplify')},
@aws-amplify/ui-react ${amplifyPkg('@aws-amplify/ui-react')}, Vite ${amplifyPkg('vite')} production build; every npm version pinned in its
\`package-lock.json\`), configured like ours: the emulator's user pool and app client, e-mail
sign-in, TOTP, a Google provider, the same password policy and sign-up attributes. Both talk to one
local Cognito emulator and are served by the same static server: from memory on 127.0.0.1,
uncompressed, no caching headers (only the local set-up's addresses in the apps' text files are
rewritten to the run's ports). Every run starts Chromium with a new empty profile. ${n} runs of
each kind per app and CPU rate, interleaved (ours, Amplify, ours, Amplify, …), after one warm-up
round per rate that is not counted; CPU slowed down by \`Emulation.setCPUThrottlingRate\`.

**Sizes** (bytes; brotli at quality 11, window 22, as a CDN would serve each response):

| | critical path: raw | critical path: brotli | everything the app can load: raw | brotli |
|---|---:|---:|---:|---:|
| ours | ${so.criticalRaw} | **${so.criticalBrotli}** | ${so.totalRaw} | ${so.totalBrotli} |
| Amplify | ${sa.criticalRaw} | ${sa.criticalBrotli} | ${sa.totalRaw} | ${sa.totalBrotli} |
| ours / Amplify | ${ratio(so.criticalRaw, sa.criticalRaw)} | **${ratio(so.criticalBrotli, sa.criticalBrotli)}** | ${ratio(so.totalRaw, sa.totalRaw)} | ${ratio(so.totalBrotli, sa.totalBrotli)} |

*Critical path*: every response Chromium requested before the sign-in field was usable (median
over the ${n} load runs at 1×; ours: ${setNote(so)}; Amplify: ${setNote(sa)}).
*Everything*: every file in the app's \`dist/\`. ${staticLine}

${neededLine}${fieldStaticLine}

| app | file | raw | brotli | fetched |
|---|---|---:|---:|---|
${[...fileRows, ...others].join('\n')}

**Times** from navigation start (\`performance.timeOrigin\`), median (min–max) of ${n} runs:

| | CPU | ours | Amplify | ours / Amplify |
|---|---|---:|---:|---:|
${RATES.map((rate) => row('first contentful paint', rate, 'load', 'fcp', ms)).join('\n')}
${RATES.map((rate) => row('**sign-in field usable**', rate, 'load', 'usableAt', ms)).join('\n')}
${RATES.map((rate) => row('**\`InitiateAuth\` sent**', rate, 'signin', 'initiateAuthAt', ms)).join('\n')}
${RATES.map((rate) => row('layout shift (CLS) while loading', rate, 'load', 'cls', cls)).join('\n')}

- *Sign-in field usable*: the e-mail field (ours \`${apps[0].field}\`, Amplify \`${apps[1].field}\`)
  is in the document and connected; not disabled (nor in a disabled fieldset), not read-only, not
  inert, \`tabIndex\` ≥ 0 (so it can be focused and typed into); rendered
  (\`checkVisibility\` with opacity and visibility), at least 1×1 px and inside the viewport; and
  the element at its centre (\`elementFromPoint\`) is the field itself, so nothing covers it. An
  init script checks this after every DOM mutation and at every animation frame, and takes
  \`performance.now()\` the first time it holds.
- *\`InitiateAuth\` sent*: a separate cold run in which the user fills in the e-mail and password
  as soon as Playwright finds each field actionable (visible, stable, enabled, editable) and presses
  Enter; the time is Chromium's \`Network.requestWillBeSent\` for the POST to the emulator whose
  \`X-Amz-Target\` ends in \`InitiateAuth\` (the page handing the request to the network stack,
  before the CORS preflight), minus \`performance.timeOrigin\`. The flows sent: ${flows.join('; ')}${allSrp ? ' (so each computed SRP\'s \`A\` first)' : ''}.
  The page's own resource timing agrees with these wall-clock times to within ${skew.toFixed(1)} ms.
- *CLS*: the sum of \`layout-shift\` entries without recent input, from navigation start until 1 s
  after both the field was usable and the \`load\` event.
- *Typing before the app is ready* (${EARLY_TYPING_RUNS} runs each at 1×: the field is focused the moment it is
  usable and \`${EARLY_TEXT}\` typed key by key; read back 1 s after the load event): ${early.join('; ')}.
${errors.length ? `- Page errors: ${errors.join(' | ')}\n` : ''}
Issue 9's targets against this run: what the field needs ≤ 60 % of Amplify's critical path (${kB(targetSize)}): ours
${kB(fieldBytes)}, ${fieldBytes <= targetSize ? '**met**' : '**not met**'}; everything ours can load below Amplify's critical path: ${kB(so.totalBrotli)} against ${kB(sa.criticalBrotli)}, ${so.totalBrotli < sa.criticalBrotli ? '**met**' : '**not met**'}; field usable and \`InitiateAuth\` sent in ≤ 50 % of Amplify's time
at 1× and 4×: ratios above, ${['usableAt', 'initiateAuthAt']
    .every((f) => RATES.every((rate) => {
      const kind = f === 'usableAt' ? 'load' : 'signin';
      return median(pick(rate, kind, 'ours').map((x) => x[f])) <= 0.5 * median(pick(rate, kind, 'amplify').map((x) => x[f]));
    }))
    ? '**met**'
    : '**not met**'}; CLS 0: ${RATES.every((rate) => max(pick(rate, 'load', 'ours').map((x) => x.cls)) === 0) ? '**met**' : '**not met**'}.

Machine: ${machine}. Toolchain: ${process.env.COLD_LOAD_TOOLCHAIN ?? 'not recorded'}.${
    Math.max(r.loadBefore[0], r.loadAfter[0]) > cpu.length
      ? ` Other work kept the machine busy during the run (load average above ${cpu.length}): single runs vary widely (see min–max); interleaving gives both apps the same conditions, so the medians and their ratios are the figures to compare.`
      : ''
  }

Reproduce: \`${process.env.COLD_LOAD_COMMAND ?? 'cargo xtask bench'}\` (the runs took ${r.minutes.toFixed(0)} min here).
`;
}
