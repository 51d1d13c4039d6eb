import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import { formatJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { allRules } from '../../src/rules/index.js';
import {
  cleanResult,
  helmWarning,
  SPECIAL_FILE,
  SPECIAL_MESSAGE,
  sampleChecked,
  sampleContext,
  sampleResult,
} from './sample.js';
import { probeXmllint, xmllint, xpath } from './validators.js';

const XSD = fileURLToPath(new URL('../fixtures/report/junit.xsd', import.meta.url));
const withInventory = formatJunit(sampleResult(), sampleContext({ checked: sampleChecked }));
const withoutInventory = formatJunit(sampleResult(), sampleContext());

describe('junit: escaping', () => {
  it('escapes markup in text and attributes, and keeps ]]> harmless (no CDATA is used)', () => {
    expect(xmlText(`<b>&</b> ]]>`)).toBe('&lt;b&gt;&amp;&lt;/b&gt; ]]&gt;');
    expect(xmlAttr(`"a" 'b'\tc\nd\re`)).toBe(`&quot;a&quot; 'b'&#9;c&#10;d&#13;e`);
    expect(withInventory).not.toContain('CDATA');
    expect(withInventory).not.toContain(']]>');
  });

  it('writes characters XML 1.0 cannot carry as visible escapes, and keeps the rest of Unicode', () => {
    expect(xmlText('a\u0000b\u001bc\u007fd\ufffee\uffff')).toBe(String.raw`a\x00b\x1bc\x7fd\ufffee\uffff`);
    expect(xmlText('lone \ud800 high, lone \udc00 low, pair \u{1f680}')).toBe(
      String.raw`lone \ud800 high, lone \udc00 low, pair 🚀`,
    );
    expect(xmlText('tab\tnewline\n')).toBe('tab\tnewline\n');
    const forbidden = [...withInventory].filter((c) => (c.codePointAt(0) ?? 0) < 0x20 && !'\t\n\r'.includes(c));
    expect(forbidden).toEqual([]);
  });
});

describe('junit: structure', () => {
  it('starts with an XML declaration and has one suite per file, sorted, with counts', () => {
    expect(
      withInventory.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubeward" tests="10" failures="4" errors="1" time="0">\n',
      ),
    ).toBe(true);
    const suites = [
      ...withInventory.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g),
    ].map((m) => m.slice(1).join(' '));
    expect(suites).toEqual([
      'broken.yaml 1 0 1',
      'examples/shop/templates/reports-cronjob.yaml 1 1 0',
      'examples/shop/templates/web-deployment.yaml 1 1 0',
      'manifests/clean.yaml 2 0 0',
      'manifests/empty.yaml 1 0 0',
      `${SPECIAL_FILE} 1 1 0`,
      'manifests/monitoring.yaml 1 0 0',
      'manifests/worker.yaml 2 1 0',
    ]);
    expect(withInventory.endsWith('</testsuites>\n')).toBe(true);
  });

  it('gives files without findings passing test cases, one per object (or one for a file without objects)', () => {
    expect(withInventory).toContain('<testcase name="ConfigMap/shop/settings" classname="manifests/clean" time="0"/>');
    expect(withInventory).toContain('<testcase name="Namespace/shop" classname="manifests/clean" time="0"/>');
    expect(withInventory).toContain('<testcase name="(no objects)" classname="manifests/empty" time="0"/>');
  });

  it('knows only the files with findings without an inventory, and stays non-empty for a clean run', () => {
    expect(withoutInventory).not.toContain('manifests/clean');
    expect(withoutInventory).toContain('<testsuites name="kubeward" tests="7" failures="4" errors="1" time="0">');
    const clean = formatJunit(cleanResult(), sampleContext());
    expect(clean).toContain('<testsuites name="kubeward" tests="1" failures="0" errors="0" time="0">');
    expect(clean).toContain('<testcase name="no problems (12 objects in 3 files)" classname="kubeward" time="0"/>');
  });

  it('fails an object with one <failure> that lists all its errors and warnings', () => {
    const twice = {
      ...sampleResult(),
      findings: [helmWarning, { ...helmWarning, line: 40, message: 'Second problem.', severity: 'error' as const }],
    };
    const xml = formatJunit(twice, sampleContext());
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain(
      '<failure message="2 problems (1 error, 1 warning, 0 info): Container web has no memory limit, so it can use memory until the node runs out." type="resources-missing-memory-limit">',
    );
    expect(xml).toContain('web-deployment.yaml:40:13: error: Second problem. [resources-missing-memory-limit]');
  });

  it('reports input problems as <error>, info and suppressed findings in <system-out> of a passing case', () => {
    expect(withInventory).toMatch(
      /<testcase name="\(input\)" classname="broken" time="0">\n\s+<error message="invalid YAML: bad indentation/,
    );
    expect(withInventory).toContain(
      '<system-out>examples/shop/templates/web-deployment.yaml:9:3: info: Deployment shop-web has 3 replicas and no PodDisruptionBudget. [availability-pdb-missing] at spec.replicas (rendered &lt;stdin&gt;:47:3)</system-out>',
    );
    expect(withInventory).toMatch(
      /<testcase name="DaemonSet\/kube-system\/node-exporter" classname="manifests\/monitoring" time="0">\n\s+<system-out>[^<]* - suppressed by config: vendor chart, tracked in OPS-7<\/system-out>/,
    );
  });

  it('lists each object once, also one that names no namespace (its findings name the default one)', () => {
    const manifest = ['a', 'b', 'c', 'd']
      .map(
        (n) =>
          `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${n}}\nspec: {template: {spec: {containers: [{name: c, image: i}]}}}\n`,
      )
      .concat(['e', 'f', 'g'].map((n) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${n}, namespace: shop}\n`))
      .join('---\n');
    const result = lintInputs([{ file: 'm.yaml', text: manifest }], { rules: allRules, config: DEFAULT_CONFIG });
    expect(result.findings.some((f) => f.object?.namespace === 'default')).toBe(true);
    const xml = formatJunit(result, sampleContext());
    expect(xml).toMatch(/<testsuites [^>]*tests="7"/);
  });

  it('is deterministic', () => {
    const shuffled = sampleResult();
    shuffled.findings.reverse();
    expect(formatJunit(shuffled, sampleContext({ checked: [...sampleChecked].reverse() }))).toBe(withInventory);
  });
});

describe('junit: validation with xmllint', () => {
  const probe = probeXmllint();

  it('is well-formed and valid against the JUnit schema (test/fixtures/report/junit.xsd)', (ctx) => {
    if (!probe.ok) ctx.skip(`JUnit validation unavailable: ${probe.reason}`);
    for (const xml of [withInventory, withoutInventory, formatJunit(cleanResult(), sampleContext())]) {
      const run = xmllint(['--noout', '--schema', XSD], xml);
      expect(run.output).toContain('- validates');
      expect(run.ok).toBe(true);
    }
  });

  it('rejects output that breaks the schema or is not well-formed (so the check above can fail)', (ctx) => {
    if (!probe.ok) ctx.skip(`JUnit validation unavailable: ${probe.reason}`);
    const nameless = withInventory.replace('<testcase name="(no objects)"', '<testcase');
    expect(xmllint(['--noout', '--schema', XSD], nameless)).toMatchObject({
      ok: false,
      output: expect.stringContaining("The attribute 'name' is required"),
    });
    const twoFailures = withInventory.replace('</failure>', '</failure><failure message="x">y</failure>');
    expect(xmllint(['--noout', '--schema', XSD], twoFailures).ok).toBe(false);
    const badCount = withInventory.replace('tests="10"', 'tests="ten"');
    expect(xmllint(['--noout', '--schema', XSD], badCount).ok).toBe(false);
    const raw = withInventory.replace('&lt;b&gt;', '<b>').replace('&amp; ]]&gt;', '& ]]>');
    expect(xmllint(['--noout'], raw).ok).toBe(false);
    expect(xmllint(['--noout'], withInventory.replace('\\x1b', '\u001b')).ok).toBe(false);
  });

  it('round-trips messages: a parser reads back exactly the text, special characters included', (ctx) => {
    if (!probe.ok) ctx.skip(`JUnit validation unavailable: ${probe.reason}`);
    const expected = SPECIAL_MESSAGE.replaceAll('\u001b', '\\x1b');
    expect(xpath(withInventory, 'string(//testcase[@name="Ingress/edge/shop"]/failure/@message)')).toBe(expected);
    expect(xpath(withInventory, 'string(//testcase[@name="Ingress/edge/shop"]/failure)')).toContain(expected);
    expect(xpath(withInventory, `string(//testsuite[@name="${SPECIAL_FILE}"]/@name)`)).toBe(SPECIAL_FILE);
  });

  it('has counts that agree with the elements', (ctx) => {
    if (!probe.ok) ctx.skip(`JUnit validation unavailable: ${probe.reason}`);
    for (const xml of [withInventory, withoutInventory]) {
      expect(xpath(xml, 'count(//testcase)')).toBe(xpath(xml, 'string(/testsuites/@tests)'));
      expect(xpath(xml, 'count(//testcase[failure])')).toBe(xpath(xml, 'string(/testsuites/@failures)'));
      expect(xpath(xml, 'count(//testcase[error])')).toBe(xpath(xml, 'string(/testsuites/@errors)'));
      expect(xpath(xml, 'sum(//testsuite/@tests)')).toBe(xpath(xml, 'string(/testsuites/@tests)'));
      expect(xpath(xml, 'count(//testsuite[count(testcase) != @tests])')).toBe('0');
      expect(xpath(xml, 'count(//testsuite[count(testcase[failure]) != @failures])')).toBe('0');
    }
  });
});
