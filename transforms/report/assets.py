"""Inline style sheet and script of the report (no external resources, ever)."""

CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; connect-src 'none'; font-src 'none'; form-action 'none'"
)

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: #1d2330; background: #f4f5f7; }
header { background: #1f3a5f; color: #fff; padding: 12px 20px; }
header h1 { margin: 0; font-size: 20px; }
header .sub { opacity: .8; font-size: 12px; }
main { display: grid; grid-template-columns: 320px 1fr; gap: 16px; padding: 16px; }
aside, section.panel { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px #0002;
  padding: 12px 14px; }
aside { position: sticky; top: 8px; align-self: start; max-height: 96vh; overflow: auto; }
aside input, aside select { width: 100%; margin: 4px 0; padding: 6px; }
#doclist { list-style: none; padding: 0; margin: 8px 0; }
#doclist li { padding: 6px 8px; border-radius: 6px; cursor: pointer; margin: 2px 0;
  border-left: 4px solid #3b82f6; background: #f8fafc; word-break: break-all; }
#doclist li.failed { border-left-color: #dc2626; }
#doclist li.active { background: #dbeafe; }
#doclist li small { color: #64748b; display: block; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #eef2f7; border-radius: 8px; padding: 10px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
table.grid { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
table.grid th, table.grid td { border: 1px solid #cbd5e1; padding: 3px 7px; text-align: left;
  vertical-align: top; }
table.grid th { background: #e2e8f0; }
.chunk { border-left: 5px solid var(--c); background: #fafafa; margin: 10px 0;
  padding: 8px 10px; border-radius: 4px; }
.chunk .meta { font-size: 12px; color: #475569; }
.chunk .ctx { font-size: 12px; color: #1e40af; white-space: pre-wrap; margin: 4px 0; }
.chunk pre { white-space: pre-wrap; word-wrap: break-word; margin: 4px 0;
  font: 13px/1.4 ui-monospace, monospace; }
.pages { display: flex; flex-wrap: wrap; gap: 12px; }
.page { position: relative; border: 1px solid #94a3b8; background: #fff; }
.page img { display: block; }
.page .box { position: absolute; border: 2px solid var(--c); background: var(--bg); }
.page .label { position: absolute; top: 2px; left: 2px; font-size: 11px; background: #fffc;
  padding: 0 4px; }
.note { color: #92400e; background: #fef3c7; padding: 6px 10px; border-radius: 6px; }
.fail { color: #991b1b; }
svg text { font-size: 11px; fill: #334155; }
"""

JS = """
const $ = (s, r = document) => r.querySelector(s);
function applyFilter() {
  const q = $('#q').value.toLowerCase(), mt = $('#mt').value, st = $('#st').value;
  for (const li of document.querySelectorAll('#doclist li')) {
    const ok = li.dataset.name.toLowerCase().includes(q) && (!mt || li.dataset.mt === mt)
      && (!st || li.dataset.stage === st);
    li.style.display = ok ? '' : 'none';
  }
}
const views = new Map();  // id -> unpacked <template>
async function unpack(id) {
  if (views.has(id)) return views.get(id);
  const block = document.getElementById('view-' + id);
  if (!block) return null;
  const bytes = Uint8Array.from(atob(block.textContent.trim()), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const tpl = document.createElement('template');
  tpl.innerHTML = await new Response(stream).text();
  views.set(id, tpl);
  return tpl;
}
async function openDoc(id, scroll) {
  openDoc.wanted = id;
  const tpl = await unpack(id);
  if (!tpl || openDoc.wanted !== id) return;  // a later click won
  const view = $('#docview');
  view.replaceChildren(tpl.content.cloneNode(true));
  for (const li of document.querySelectorAll('#doclist li'))
    li.classList.toggle('active', li.dataset.id === id);
  if (scroll) view.scrollIntoView({behavior: 'instant', block: 'start'});
  history.replaceState(null, '', '#doc-' + id);
}
document.addEventListener('DOMContentLoaded', () => {
  for (const el of ['#q', '#mt', '#st']) $(el).addEventListener('input', applyFilter);
  for (const li of document.querySelectorAll('#doclist li'))
    li.addEventListener('click', () => openDoc(li.dataset.id, true));
  const m = location.hash.match(/^#doc-(.+)$/);
  const first = document.querySelector('#doclist li');
  if (m) openDoc(m[1]); else if (first) openDoc(first.dataset.id);
});
"""
