/**
 * `junit`: JUnit XML (the Jenkins / Ant dialect most CI dashboards read).
 *
 * - One `<testsuite>` per file, one `<testcase>` per object (name `Kind/namespace/name`, classname the file
 *   without its extension, so Jenkins does not split `deployment.yaml` into a package and a class).
 * - An object with errors or warnings fails with ONE `<failure>` listing all of them (the Ant schema allows one
 *   per test case, and most dashboards only show the first). Its info findings and suppressed findings, which
 *   do not fail it, go to the test case's `<system-out>`.
 * - Input problems of a file (invalid YAML, …) are one `<testcase name="(input)">` with an `<error>`.
 * - A file without findings yields passing test cases so dashboards show it was checked. That needs
 *   `ctx.checked`; without it, only files and objects that have findings are known.
 * - No timestamps or durations (`time="0"`): the same result always gives the same bytes.
 * - Text is escaped, never put in CDATA, so `]]>` is harmless; characters XML 1.0 cannot carry (control
 *   characters, lone surrogates, U+FFFE/U+FFFF) become visible escapes such as `\x1b`.
 */
import type { Finding, LintResult, ObjectRef } from '../engine/types.js';
import { objectLabel } from '../k8s/names.js';
import { displayPath, escapeChars, severityCounts, sortedFindings, summaryText } from './shared.js';
import type { FormatContext } from './types.js';

const INPUT_CASE = '(input)';
const NO_OBJECTS_CASE = '(no objects)';

/**
 * Characters XML 1.0 cannot carry, not even as references (controls other than tab, LF and CR; lone
 * surrogates; U+FFFE and U+FFFF), plus DEL and the C1 controls, which it discourages.
 */
function notXml(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** Escapes element content (a CR is written as a reference, since parsers turn a raw CRLF into LF). */
export function xmlText(s: string): string {
  return escapeChars(s, notXml)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted); tabs and line breaks are kept as references, not normalised away. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

interface Case {
  name: string;
  findings: Finding[];
  suppressed: Finding[];
}

interface Suite {
  file: string;
  cases: Map<string, Case>;
}

/** `file:line:col: severity: message [rule-id] at path (rendered <stdin>:l:c)`, plus the suppression if any. */
function findingLine(f: Finding, cwd: string): string {
  const rendered = f.rendered
    ? ` (rendered ${displayPath(f.rendered.file, cwd)}:${f.rendered.line}:${f.rendered.column})`
    : '';
  const path = f.path !== '' ? ` at ${f.path}` : '';
  const suppressed = f.suppressed ? ` - suppressed by ${f.suppressed.by}: ${f.suppressed.reason}` : '';
  return `${displayPath(f.file, cwd)}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]${path}${rendered}${suppressed}`;
}

function caseName(ref: ObjectRef | null): string {
  return ref ? objectLabel(ref) : INPUT_CASE;
}

function collect(result: LintResult, ctx: FormatContext): Suite[] {
  const suites = new Map<string, Suite>();
  const suite = (file: string): Suite => {
    let s = suites.get(file);
    if (!s) {
      s = { file, cases: new Map() };
      suites.set(file, s);
    }
    return s;
  };
  const testCase = (file: string, name: string): Case => {
    const cases = suite(file).cases;
    let c = cases.get(name);
    if (!c) {
      c = { name, findings: [], suppressed: [] };
      cases.set(name, c);
    }
    return c;
  };
  for (const checked of ctx.checked ?? result.checked ?? []) {
    suite(checked.file);
    for (const ref of checked.objects) testCase(checked.file, objectLabel(ref));
  }
  for (const f of sortedFindings(result.findings)) testCase(f.file, caseName(f.object)).findings.push(f);
  for (const f of sortedFindings(result.suppressed)) testCase(f.file, caseName(f.object)).suppressed.push(f);
  return [...suites.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

interface CaseXml {
  xml: string;
  failed: boolean;
  errored: boolean;
}

function caseXml(c: Case, classname: string, cwd: string): CaseXml {
  const open = `    <testcase${attrs({ name: c.name, classname, time: '0' })}`;
  const failing = c.findings.filter((f) => f.family === 'input' || f.severity !== 'info');
  const passing = c.findings.filter((f) => !failing.includes(f));
  const body: string[] = [];
  const errored = failing.some((f) => f.family === 'input');
  const [first] = failing;
  if (first) {
    const tag = errored ? 'error' : 'failure';
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of failing) counts[f.severity]++;
    const message =
      failing.length === 1 ? first.message : `${failing.length} problems (${severityCounts(counts)}): ${first.message}`;
    const type = failing.length === 1 ? first.ruleId : [...new Set(failing.map((f) => f.ruleId))].join(' ');
    body.push(
      `      <${tag}${attrs({ message, type })}>${xmlText(failing.map((f) => findingLine(f, cwd)).join('\n'))}</${tag}>`,
    );
  }
  const notes = [...passing, ...c.suppressed].map((f) => findingLine(f, cwd));
  if (notes.length > 0) body.push(`      <system-out>${xmlText(notes.join('\n'))}</system-out>`);
  const xml = body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
  return { xml, failed: failing.length > 0 && !errored, errored };
}

function classnameOf(file: string): string {
  return file.replace(/\.(ya?ml|json)$/i, '');
}

export function formatJunit(result: LintResult, ctx: FormatContext): string {
  const suites = collect(result, ctx);
  const totals = { tests: 0, failures: 0, errors: 0 };
  const suiteXml: string[] = [];
  for (const s of suites) {
    const file = displayPath(s.file, ctx.cwd);
    const cases = [...s.cases.values()].sort((a, b) =>
      a.name === INPUT_CASE ? -1 : b.name === INPUT_CASE ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    if (cases.length === 0) cases.push({ name: NO_OBJECTS_CASE, findings: [], suppressed: [] });
    const rendered = cases.map((c) => caseXml(c, classnameOf(file), ctx.cwd));
    const counts = {
      tests: rendered.length,
      failures: rendered.filter((r) => r.failed).length,
      errors: rendered.filter((r) => r.errored).length,
    };
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    suiteXml.push(
      `  <testsuite${attrs({ name: file, tests: counts.tests, failures: counts.failures, errors: counts.errors, skipped: 0, time: '0' })}>`,
      ...rendered.map((r) => r.xml),
      '  </testsuite>',
    );
  }
  if (suites.length === 0) {
    // Nothing is known per file (no findings and no `ctx.checked`): one passing case keeps the report non-empty.
    const name = summaryText(result.summary);
    totals.tests = 1;
    suiteXml.push(
      `  <testsuite${attrs({ name: ctx.toolName, tests: 1, failures: 0, errors: 0, skipped: 0, time: '0' })}>`,
      `    <testcase${attrs({ name, classname: ctx.toolName, time: '0' })}/>`,
      '  </testsuite>',
    );
  }
  const root = attrs({
    name: ctx.toolName,
    tests: totals.tests,
    failures: totals.failures,
    errors: totals.errors,
    time: '0',
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${root}>`, ...suiteXml, '</testsuites>', ''].join('\n');
}
