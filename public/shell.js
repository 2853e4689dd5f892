// The static sign-in card of index.html ("the shell", src/shell/mod.rs):
// shown at once, before the WebAssembly app has loaded, where the app would
// show its own sign-in card; the app takes it over with what was typed and
// pressed. Runs synchronously right after the shell's markup, before the
// first paint, so the card never changes language or shows up late.
(() => {
  'use strict';
  const shell = document.getElementById('lc-shell');
  const data = document.getElementById('lc-shell-text');
  if (!shell || !data) return;
  const remove = () => {
    shell.remove();
    data.remove();
  };
  const stored = (area, key) => {
    try {
      return window[area].getItem(key);
    } catch {
      return null; // storage refused (privacy settings): nothing stored
    }
  };
  // Only where the app shows sign-in (src/lib.rs, `RoutedScreens`): /login
  // always, and `/` when no tokens are stored (with them it restores the
  // session and goes to /account; src/session/storage.rs). Not when a
  // notice left across a page load (src/session.rs) will show above the
  // form, which the card lacks.
  const path = location.pathname;
  const signedIn = ['sessionStorage', 'localStorage'].some(
    (area) => stored(area, 'leptos-cognito.tokens') || stored(area, 'leptos-cognito.refresh-token'),
  );
  if (
    !(path === '/login' || (path === '/' && !signedIn)) ||
    stored('sessionStorage', 'leptos-cognito.notice')
  ) {
    remove();
    return;
  }
  let texts;
  try {
    texts = JSON.parse(data.textContent);
  } catch {
    remove();
    return;
  }
  const $ = (selector) => shell.querySelector(selector);
  const $$ = (selector) => shell.querySelectorAll(selector);
  const username = $('#login-username');
  const password = $('#login-password');
  const reveal = $('.lc-field__reveal');
  const forgot = $('.lc-form__aside a');
  const select = $('select.lc-lang');

  // The language the app will start in (src/i18n/context.rs): the user's
  // remembered choice, else config.json's `locale`, else the first of the
  // browser's languages we have (src/i18n/lang.rs, `from_browser_tag`).
  const fromTag = (tag) => {
    const [primary, ...rest] = String(tag).toLowerCase().split(/[-_]/);
    const plain = { en: 'en', ja: 'ja', de: 'de', es: 'es', fr: 'fr', id: 'id', in: 'id', it: 'it', ko: 'ko', pt: 'pt-BR' };
    if (primary in plain) return plain[primary];
    if (primary === 'zh') return rest.some((s) => ['hant', 'tw', 'hk', 'mo'].includes(s)) ? 'zh-TW' : 'zh-CN';
    return null;
  };
  const known = (code) => Object.keys(texts).find((k) => k.toLowerCase() === String(code).toLowerCase());
  const browser = () =>
    [...(navigator.languages || []), navigator.language].map((t) => t && fromTag(t)).find(Boolean) || 'en';
  const choice = known(stored('localStorage', 'leptos-cognito.lang'));
  const locale = known(shell.dataset.locale);
  let lang = choice ?? locale ?? browser();
  let busy = null;
  // The app fetches a catalogue other than English and Japanese as it
  // starts (src/i18n/loaded.rs): start that now, alongside the wasm.
  const preloaded = new Set();
  const preload = () => {
    if (lang === 'en' || lang === 'ja' || preloaded.has(lang)) return;
    preloaded.add(lang);
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = '/i18n/' + lang + '.json';
    document.head.append(link);
  };

  const text = (key) => texts[lang][key] ?? texts.en[key] ?? '';
  const draw = () => {
    document.documentElement.lang = lang;
    document.title = text('title');
    for (const el of $$('[data-lc-t]')) el.textContent = text(el.dataset.lcT);
    for (const el of $$('[data-lc-aria]')) el.setAttribute('aria-label', text(el.dataset.lcAria));
    select.value = lang;
    reveal.textContent = text(password.type === 'text' ? 'HidePassword' : 'ShowPassword');
    if (busy) busy.label.textContent = text(busy.key);
  };

  select.addEventListener('change', () => {
    lang = select.value;
    try {
      localStorage.setItem('leptos-cognito.lang', lang);
    } catch {
      // as the app: the choice then lasts for this page
    }
    preload();
    draw();
  });
  reveal.addEventListener('click', () => {
    password.type = password.type === 'password' ? 'text' : 'password';
    reveal.setAttribute('aria-pressed', String(password.type === 'text'));
    draw();
  });
  // The app's link carries what is typed to the reset screen.
  const linkForgot = () => {
    const name = username.value.trim();
    forgot.href = '/forgot-password' + (name ? '?username=' + encodeURIComponent(name) : '');
  };
  username.addEventListener('input', linkForgot);

  // Pressed before the app is ready: shown busy, and pressed again in the
  // app when it takes over (src/shell/mod.rs, `replay`).
  const press = (pending, button, key) => {
    if (busy) return;
    shell.dataset.lcPending = pending;
    busy = { label: button.querySelector('.lc-button__label'), key };
    for (const b of $$('.lc-button')) b.disabled = true;
    button.classList.add('lc-button--busy');
    button.setAttribute('aria-busy', 'true');
    draw();
  };
  $('form').addEventListener('submit', (event) => {
    event.preventDefault();
    press('submit', $('button[type=submit]'), 'LoginBusy');
  });
  for (const button of $$('[data-provider]')) {
    const name = button.dataset.provider;
    button.addEventListener('click', () => press('idp:' + name, button, 'busy:' + name));
  }

  const prefill = new URLSearchParams(location.search).get('username');
  if (path === '/login' && prefill) {
    username.value = prefill;
    linkForgot();
  }
  preload();
  draw();
  shell.hidden = false;
  // Its `autofocus` came while the card was hidden, when there was nothing
  // to focus: do what it would have done.
  if (!document.activeElement || document.activeElement === document.body) username.focus();
})();
