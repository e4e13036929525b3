// ViT-VIS embed client (protocol version 1; docs/embedding.md): drive an embedded ViT-VIS from the page
// around it, without reloading it, and hear what the student does there. No dependencies.
//
//   import { connect, sync, bindLinks } from './vitvis_embed.mjs';
//   const attention = connect(document.querySelector('#attention'));   // an <iframe> whose link has parent=
//   attention.set({ layer: 3, head: 2, patch: [4, 2] });                 // fields as in a link, counted from 1
//   attention.on('selection', (e) => console.log(e.text, e.view));
//   sync([attention, connect(other)]);                                   // several embeds, one selection
//   bindLinks(document);                     // <a data-vitvis="#attention" data-view='{"layer":3}'>layer 3</a>
//
// Loaded with <script type="module" src=".../vitvis_embed.mjs"></script> it is also window.ViTVIS.

export const VERSION = 1;
const EVENTS = ['ready', 'selection', 'result', 'error'];

const connected = new WeakMap();  // iframe -> its embed (connect is idempotent)

// An embed: its iframe, the origin it is served from (the iframe's own by default), the events it sent.
// Connecting after the app started is fine: it is asked for its selection at once.
export function connect(iframe, { origin } = {}) {
  if (!iframe || !iframe.contentWindow) throw new Error('ViTVIS.connect needs an <iframe> element');
  if (connected.has(iframe)) return connected.get(iframe);
  const appOrigin = origin || new URL(iframe.src, location.href).origin;
  const handlers = Object.fromEntries(EVENTS.map((t) => [t, new Set()]));
  const waiting = [];  // messages sent before the app said "ready" (it hears nothing before it starts)
  let alive = false, nextId = 1;
  const pending = new Map();  // id -> resolve, for get()
  let resolveReady;
  const embed = {
    iframe,
    origin: appOrigin,
    last: {},  // the last event of each type
    ready: new Promise((r) => { resolveReady = r; }),  // resolves when the app first answers
    // Changes the view: any of image, layer, head, patch ([row, col]), token, class, output, channel,
    // module ('a'..'d' or null), lang, theme, cmap, scale, steps, step, analyses, hide, fill, motion, lesson.
    set(view) { return post({ type: 'set', view }); },
    // Resolves with the next "selection" event, which answers this request.
    get() {
      const id = 'get-' + nextId++;
      return new Promise((resolve) => { pending.set(id, resolve); post({ type: 'get', id }); });
    },
    on(type, fn) {
      if (!handlers[type]) throw new Error(`ViTVIS: no event '${type}' (${EVENTS.join(', ')})`);
      handlers[type].add(fn);
      return () => handlers[type].delete(fn);
    },
    close() { window.removeEventListener('message', listener); },
  };
  function post(message) {
    const m = { vitvis: VERSION, ...message };
    if (!alive) waiting.push(m);
    else iframe.contentWindow.postMessage(m, appOrigin);
    return embed;
  }
  function listener(e) {
    if (e.source !== iframe.contentWindow || e.origin !== appOrigin) return;
    const d = e.data;
    if (!d || d.vitvis !== VERSION || !handlers[d.type]) return;
    embed.last[d.type] = d;
    if (!alive) {  // the app only speaks once its model and first result are there
      alive = true;
      resolveReady(d);
      for (const m of waiting.splice(0)) iframe.contentWindow.postMessage(m, appOrigin);
    }
    if (d.type === 'selection' && d.id && pending.has(d.id)) {
      pending.get(d.id)(d);
      pending.delete(d.id);
    }
    for (const fn of handlers[d.type]) fn(d);
  }
  window.addEventListener('message', listener);
  connected.set(iframe, embed);
  // An app already running does not send "ready" again: ask it. (An iframe whose document the page can
  // still read has not loaded the app yet: its "ready" will come.)
  let loaded = true;
  try { loaded = iframe.contentDocument === null; } catch (e) { /* cross-origin: loaded */ }
  if (loaded) iframe.contentWindow.postMessage({ vitvis: VERSION, type: 'get' }, appOrigin);
  return embed;
}

// Keeps embeds on one selection: what is selected in one (by the student, or by the page through one
// of them) is set in the others. The selection's fields only (image, layer, head, patch or token, class,
// output, channel): each embed keeps its own modules, language and size.
const SHARED = ['image', 'layer', 'head', 'patch', 'token', 'class', 'output', 'channel'];
export function sync(embeds) {
  const given = new Map();  // embed -> the view sync last set in it (its echo is not sent on)
  const offs = embeds.map((from) => from.on('selection', (e) => {
    const view = {};
    for (const k of SHARED) if (k in e.view) view[k] = e.view[k];
    const text = JSON.stringify(view);
    if (e.by === 'link' || (e.by === 'page' && given.get(from) === text)) return;
    for (const to of embeds) {
      if (to === from) continue;
      given.set(to, text);
      to.set(view);
    }
  }));
  return () => offs.forEach((off) => off());
}

// Prose links that drive an embed: <a href="#" data-vitvis="#attention" data-view='{"layer":3}'>.
// The embed is found by the selector (connected once); a click sets the view instead of following the link.
export function bindLinks(root = document) {
  const embedFor = (selector) => connect((root.ownerDocument || root).querySelector(selector));
  for (const a of root.querySelectorAll('[data-vitvis]')) embedFor(a.dataset.vitvis);  // (connected now)
  root.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('[data-vitvis]');
    if (!a) return;
    e.preventDefault();
    let view;
    try { view = JSON.parse(a.dataset.view || '{}'); } catch (err) {
      console.warn('ViTVIS: data-view is not JSON:', a.dataset.view);
      return;
    }
    embedFor(a.dataset.vitvis).set(view);
  });
}

if (typeof window !== 'undefined') window.ViTVIS = { VERSION, connect, sync, bindLinks };
