// Starts ViT-VIS: loads the ORT glue, then the app; any failure is shown instead of a blank page.
// (A file, not an inline script, so the page's Content-Security-Policy can forbid inline code.)
const boot = document.getElementById('boot');
const fail = (msg) => { boot.classList.remove('hidden'); boot.textContent = 'ViT-VIS could not start: ' + msg; };
window.addEventListener('error', (e) => { if (!window.vitvis?.ready) fail(e.message); });
try {
  await import('./ort_glue.mjs');
  const canvas = document.getElementById('canvas');
  // Keys go to the canvas: focus it on any pointer press (SDL prevents the default focus).
  canvas.addEventListener('pointerdown', () => canvas.focus());
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  window.Module = {
    canvas,
    onRuntimeInitialized() { boot.classList.add('hidden'); },
    print: (s) => console.log(s),
    printErr: (s) => console.warn(s),
  };
  const s = document.createElement('script');
  s.src = 'vitvis.js';
  s.onerror = () => fail('vitvis.js is missing');
  document.body.appendChild(s);
} catch (e) {
  fail(String(e));
}
