/**
 * The style sheet and the script of the HTML migration report, inlined into the page (no external file, font or
 * request: the page must open from an email attachment). The palette lives here only: charts and badges take a
 * class (`c-standard`, `c-blocked`, `c-critical`, …), so a colour cannot differ between a bar and its legend. The
 * colours are told apart without hue too (each chart has a table beside it, each badge its word).
 *
 * The script sorts and filters the tables that ask for it, in place, and opens the annotation lists for printing;
 * nothing else: the page reads the same without it (printed, or with scripts off).
 */

export const REPORT_CSS = `
:root{--ink:#1d2430;--muted:#5b6573;--line:#dde2e8;--panel:#f6f8fa;--accent:#2457c5;
--standard:#1b7f5a;--impl:#c98a00;--experimental:#3b6fd4;--noeq:#c8412b;--notneeded:#9aa3ad;
--trivial:#1b7f5a;--easy:#6fae5c;--moderate:#d9b300;--hard:#e07b00;--veryhard:#c8412b;
--critical:#7f1d1d;--high:#c8412b;--medium:#d99a00;--low:#6f8fb0;--unscored:#9aa3ad}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:28px;margin:0 0 4px}
h2{font-size:21px;margin:40px 0 12px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 8px}
p{margin:8px 0}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
.t-clean{color:var(--standard)}.t-policy{color:var(--impl)}.t-blocked{color:var(--noeq)}.t-high{color:var(--high)}
figure.full{margin:12px 0 16px}
#tbl-keys td:first-child code,td.nowrap{white-space:nowrap}
figure.full svg.chart{max-width:760px}
.nothing{font-size:16px;padding:12px 16px;background:var(--panel);border-radius:8px}
.sub{color:var(--muted);margin:0 0 16px}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 14px;margin:12px 0 20px;font-size:14px}
nav.toc a{color:var(--accent);text-decoration:none}
nav.toc a:hover{text-decoration:underline}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fff}
.card .label{color:var(--muted);font-size:13px}
.card .value{font-size:26px;font-weight:650;line-height:1.2}
.card .detail{font-size:13px;color:var(--muted)}
.card.warn{border-color:var(--high)}
.card.warn .value{color:var(--high)}
.alert{border:2px solid var(--critical);background:#fdf1f1;color:var(--critical);border-radius:8px;padding:12px 16px;margin:16px 0;font-weight:600}
.reco{border-left:6px solid var(--accent);background:var(--panel);padding:12px 18px;border-radius:0 8px 8px 0;margin:16px 0}
.reco .title{font-size:18px;font-weight:650}
.reco ul{margin:6px 0 0;padding-left:20px}
.pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:20px;align-items:start;margin:12px 0 20px}
.pair figure{margin:0}
figcaption{font-weight:600;margin-bottom:6px}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--ink)}
svg.chart text.muted{fill:var(--muted)}
svg.chart text.in{fill:#fff;font-weight:600}
svg.chart line.grid{stroke:var(--line)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:6px 0 0;padding:0;list-style:none}
.legend li::before{content:"";display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px;background:currentColor}
.legend li{color:var(--ink)}
.legend li.c-standard::before,.legend li.c-clean::before,.legend li.c-trivial::before{background:var(--standard)}
.legend li.c-implementation-specific::before,.legend li.c-policy::before{background:var(--impl)}
.legend li.c-experimental::before{background:var(--experimental)}
.legend li.c-no-equivalent::before,.legend li.c-blocked::before,.legend li.c-very-hard::before,.legend li.c-high::before{background:var(--noeq)}
.legend li.c-not-needed::before,.legend li.c-unscored::before{background:var(--notneeded)}
.legend li.c-easy::before{background:var(--easy)}
.legend li.c-moderate::before{background:var(--moderate)}
.legend li.c-hard::before{background:var(--hard)}
.legend li.c-critical::before{background:var(--critical)}
.legend li.c-medium::before{background:var(--medium)}
.legend li.c-low::before{background:var(--low)}
rect.c-standard,rect.c-clean,rect.c-trivial{fill:var(--standard)}
rect.c-implementation-specific,rect.c-policy{fill:var(--impl)}
rect.c-experimental{fill:var(--experimental)}
rect.c-no-equivalent,rect.c-blocked,rect.c-very-hard,rect.c-high{fill:var(--noeq)}
rect.c-not-needed,rect.c-unscored,rect.c-none{fill:var(--notneeded)}
rect.c-easy{fill:var(--easy)}
rect.c-moderate{fill:var(--moderate)}
rect.c-hard{fill:var(--hard)}
rect.c-critical{fill:var(--critical)}
rect.c-medium{fill:var(--medium)}
rect.c-low{fill:var(--low)}
rect.c-bar{fill:var(--accent)}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap;background:var(--notneeded)}
.badge.c-standard,.badge.c-clean,.badge.c-trivial,.badge.c-A{background:var(--standard)}
.badge.c-implementation-specific,.badge.c-policy,.badge.c-C{background:var(--impl)}
.badge.c-experimental{background:var(--experimental)}
.badge.c-no-equivalent,.badge.c-blocked,.badge.c-very-hard,.badge.c-high,.badge.c-E{background:var(--noeq)}
.badge.c-easy,.badge.c-B{background:var(--easy)}
.badge.c-moderate{background:var(--moderate);color:#222}
.badge.c-hard,.badge.c-D{background:var(--hard)}
.badge.c-critical{background:var(--critical)}
.badge.c-medium{background:var(--medium);color:#222}
.badge.c-low{background:var(--low)}
.badge.c-on,.badge.c-yes,.badge.c-true{background:var(--high)}
.badge.c-off,.badge.c-no,.badge.c-false{background:var(--standard)}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600}
.wide{overflow-x:auto}
table.narrow{width:auto;min-width:50%}
td .src{color:var(--muted);font-size:12px;word-break:break-all}
td.terms{font-size:12px;color:var(--muted)}
code.id{word-break:normal;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;cursor:pointer}
th button::after{content:"\\00a0\\2195";color:var(--muted);font-size:11px}
th[aria-sort=ascending] button::after{content:"\\00a0\\2191";color:var(--ink)}
th[aria-sort=descending] button::after{content:"\\00a0\\2193";color:var(--ink)}
th button:focus-visible{outline:2px solid var(--accent)}
.scroll{max-height:640px;overflow:auto;border:1px solid var(--line);border-radius:6px}
.scroll thead th{position:sticky;top:0;z-index:1}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.filters input,.filters select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:5px}
.filters input{min-width:220px}
.count{color:var(--muted);font-size:13px}
details summary{cursor:pointer;color:var(--accent)}
details ul{margin:4px 0;padding-left:18px;text-align:left}
td.n details[open]{text-align:left;min-width:280px}
.muted{color:var(--muted)}
.notes li{margin:3px 0}
footer{margin-top:40px;color:var(--muted);font-size:13px}
@media (max-width:860px){.pair{grid-template-columns:1fr}}
@media print{
body{font-size:11pt}
main{max-width:none;padding:0}
nav.toc,.filters>label,.filters>input{display:none}
details::details-content{content-visibility:visible;display:block}
svg.chart{max-width:640px}
table{font-size:8.5pt}
th,td{padding:3px 4px}
td.n details[open]{min-width:200px}
.scroll{max-height:none;overflow:visible;border:0}
.scroll thead th{position:static}
h2{break-after:avoid;page-break-after:avoid}
figure,.card,.reco,.alert,tr{break-inside:avoid;page-break-inside:avoid}
.pair{grid-template-columns:1fr}
th button::after{content:""}
a{color:inherit;text-decoration:none}
}
`;

/** Sorts (a button in a `th` of `table.sortable`) and filters (`.filters[data-for]`) tables; stable, in place. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  function valueOf(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent.trim();
    return numeric ? Number(v) : v;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var numeric = th.getAttribute('data-type') === 'num';
        var sign = dir === 'ascending' ? 1 : -1;
        var body = table.tBodies[0];
        var keyed = Array.prototype.map.call(body.rows, function (row, i) {
          return { v: valueOf(row.cells[col], numeric), i: i, row: row };
        });
        keyed.sort(function (a, b) {
          var c = numeric ? a.v - b.v : collator.compare(a.v, b.v);
          return c !== 0 ? sign * c : a.i - b.i;
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (k) { fragment.appendChild(k.row); });
        body.appendChild(fragment);
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.filters[data-for]'), function (bar) {
    var table = document.getElementById(bar.getAttribute('data-for'));
    if (!table) return;
    var rows = table.tBodies[0].rows;
    var text = bar.querySelector('input');
    var selects = bar.querySelectorAll('select[data-col]');
    var count = bar.querySelector('.count');
    var texts = new WeakMap();
    function textOf(row) {
      var t = texts.get(row);
      if (t === undefined) {
        t = row.textContent;
        Array.prototype.forEach.call(row.querySelectorAll('[title]'), function (e) { t += ' ' + e.getAttribute('title'); });
        t = t.toLowerCase();
        texts.set(row, t);
      }
      return t;
    }
    function apply() {
      var terms = text ? text.value.toLowerCase().split(/\\s+/).filter(Boolean) : [];
      var shown = 0;
      for (var r = 0; r < rows.length; r++) {
        var row = rows[r];
        var ok = true;
        if (terms.length > 0) {
          var t = textOf(row);
          for (var i = 0; i < terms.length && ok; i++) ok = t.indexOf(terms[i]) !== -1;
        }
        for (var j = 0; j < selects.length && ok; j++) {
          var want = selects[j].value;
          if (want === '') continue;
          var cell = row.cells[Number(selects[j].getAttribute('data-col'))];
          var words = cell.getAttribute('data-f');
          ok = words !== null ? words.split(' ').indexOf(want) !== -1 : cell.textContent.trim() === want;
        }
        row.hidden = !ok;
        if (ok) shown++;
      }
      if (count) count.textContent = shown === rows.length ? rows.length + ' rows' : shown + ' of ' + rows.length + ' rows';
    }
    if (text) text.addEventListener('input', apply);
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener('change', apply); });
  });
  // Printed, every annotation list and gap list is open; the ones the reader had open stay open after.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
`;
