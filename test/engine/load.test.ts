import { describe, expect, it } from 'vitest';
import { loadByteStream, loadBytes, loadText } from '../../src/engine/load.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    example.com/owner: "team-a"
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            limits:
              memory: 256Mi
`;

describe('loadText', () => {
  it('loads every document of a multi-document stream and skips empty and comment-only ones', () => {
    const text = `---\n# only a comment\n---\n${deployment}---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n`;
    const r = loadText('a.yaml', text);
    expect(r.problems).toEqual([]);
    expect(r.objects.map((o) => `${o.ref.kind}/${o.ref.name}`)).toEqual(['Deployment/web', 'Service/web']);
  });

  it('resolves a path to the line and column of its key, falling back to the nearest parent', () => {
    const r = loadText('a.yaml', deployment);
    const src = r.objects[0]?.source;
    expect(src?.position).toEqual({ line: 1, column: 1 });
    expect(src?.locate(['spec', 'template', 'spec', 'containers', 0, 'resources'])).toMatchObject({
      line: 14,
      column: 11,
    });
    expect(src?.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'])).toMatchObject({
      line: 16,
      column: 15,
    });
    expect(src?.locate(['metadata', 'annotations', 'example.com/owner'])).toMatchObject({ line: 7, column: 5 });
    // requests does not exist: the nearest parent, resources, is reported.
    expect(src?.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'])).toMatchObject({
      line: 14,
    });
    expect(src?.locate(['spec', 'template', 'spec', 'containers', 3])).toMatchObject({ line: 11 });
  });

  it('locates fields in flow-style (KYAML-like) documents and quoted keys', () => {
    const text = `{ apiVersion: "v1", kind: "Pod",\n  metadata: { name: "p", annotations: { "a/b": "x" } },\n  spec: { containers: [ { name: "c", image: "i" }, ], },\n}\n`;
    const r = loadText('f.yaml', text);
    expect(r.problems).toEqual([]);
    expect(r.objects[0]?.source.locate(['metadata', 'annotations', 'a/b'])).toMatchObject({ line: 2, column: 41 });
    expect(r.objects[0]?.source.locate(['spec', 'containers', 0])).toMatchObject({ line: 3, column: 25 });
  });

  it('loads JSON files and positions within them', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } },
      null,
      2,
    );
    const r = loadText('p.json', text);
    expect(r.objects[0]?.ref).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'p' });
    expect(r.objects[0]?.source.locate(['spec', 'containers', 0, 'name'])).toMatchObject({ line: 10 });
  });

  it('expands List kinds into their items, each with its own position', () => {
    const text = `apiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n    data: {k: v}\n  - just a string\n`;
    const r = loadText('l.yaml', text);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['a', 'b']);
    expect(r.objects[1]?.source.position.line).toBe(7);
    expect(r.objects[1]?.source.locate(['data', 'k'])).toMatchObject({ line: 10 });
    expect(r.problems).toMatchObject([{ ruleId: 'input-not-an-object', line: 11 }]);
  });

  it('attributes Helm output to the template named by # Source:, keeping the rendered position', () => {
    const text = `---\n# Source: shop/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n# Source: shop/templates/deploy.yaml\n${deployment}`;
    const r = loadText('<stdin>', text, { sourceRoot: 'charts' });
    const [svc, dep] = r.objects;
    expect(svc?.source.file).toBe('charts/shop/templates/svc.yaml');
    expect(svc?.source.position).toEqual({ line: 1, column: 1 });
    const loc = dep?.source.locate(['spec', 'template', 'spec', 'containers', 0, 'resources']);
    expect(loc).toEqual({
      file: 'charts/shop/templates/deploy.yaml',
      line: 14,
      column: 11,
      rendered: { file: '<stdin>', line: 22, column: 11 },
    });
  });

  it("takes a # Source: comment as Helm's only when it names a chart's templates/ or crds/ (or a subchart's)", () => {
    const doc = (source: string) => `# Source: ${source}\napiVersion: v1\nkind: Service\nmetadata: {name: x}\n`;
    const fileOf = (source: string) => loadText('c.yaml', doc(source)).objects[0]?.source.file;
    expect(fileOf('shop/templates/svc.yaml')).toBe('shop/templates/svc.yaml');
    expect(fileOf('shop/crds/crd.yaml')).toBe('shop/crds/crd.yaml');
    expect(fileOf('shop/charts/redis/templates/svc.yaml')).toBe('shop/charts/redis/templates/svc.yaml');
    // Hand-written comments of collection files: the object stays where it is.
    for (const other of [
      'docs/guide.md (code block 3)',
      'kubernetes/ingress-nginx/docs/user-guide/basic-usage.md:11 (code block, block)',
      'prometheus-operator/kube-prometheus/manifests/setup/namespace.yaml',
      'svc.yaml',
    ]) {
      expect(fileOf(other), other).toBe('c.yaml');
    }
  });

  it('does not attribute to a # Source: comment that belongs to an earlier document, nor when disabled', () => {
    const text = `# Source: a/templates/x.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: y}\n`;
    const r = loadText('s.yaml', text);
    expect(r.objects.map((o) => o.source.file)).toEqual(['a/templates/x.yaml', 's.yaml']);
    expect(loadText('s.yaml', text, { helmSource: false }).objects[0]?.source.file).toBe('s.yaml');
  });

  it('reports invalid YAML with its line and still loads the other documents', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n---\napiVersion: v1\nkind: Service\nmetadata: {name: also-ok}\n`;
    const r = loadText('b.yaml', text);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['ok', 'also-ok']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ ruleId: 'input-invalid-yaml', file: 'b.yaml' });
    expect(r.problems[0]?.line).toBeGreaterThanOrEqual(8);
    expect(r.problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('reports duplicate keys as invalid YAML at the duplicate', () => {
    const r = loadText('d.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
    expect(r.problems).toMatchObject([{ ruleId: 'input-invalid-yaml', line: 5 }]);
    expect(r.problems[0]?.message).toMatch(/duplicate/);
  });

  it('reports documents that are not objects or lack kind/apiVersion, without crashing', () => {
    const text = `- a\n- b\n---\njust text\n---\n42\n---\nmetadata: {name: x}\n---\napiVersion: v1\nkind: 7\n`;
    const r = loadText('x.yaml', text);
    expect(r.objects).toEqual([]);
    expect(r.problems.map((p) => [p.ruleId, p.line])).toEqual([
      ['input-not-an-object', 1],
      ['input-not-an-object', 4],
      ['input-not-an-object', 6],
      ['input-missing-kind', 8],
      ['input-missing-kind', 10],
    ]);
    expect(r.problems[3]?.message).toMatch(/no apiVersion and kind/);
  });

  it('accepts YAML merge keys, as kubectl does', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\ndata:\n  <<: {x: "1"}\n  y: "2"\n`;
    const r = loadText('m.yaml', text);
    expect(r.objects[0]?.object.data).toEqual({ x: '1', y: '2' });
  });

  it('rejects a billion-laughs alias bomb quickly, without expanding it', () => {
    let text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const n of 'bcdefghijk') {
      text += `  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = n;
    }
    const t0 = performance.now();
    const r = loadText('bomb.yaml', text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.objects).toEqual([]);
    expect(r.problems).toMatchObject([{ ruleId: 'input-alias-expansion', line: 1 }]);
  });

  it('rejects a recursive alias (a cycle)', () => {
    const r = loadText('c.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &x {name: c, self: *x}\n');
    expect(r.objects).toEqual([]);
    expect(r.problems.map((p) => p.ruleId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^input-(alias-expansion|invalid-yaml)$/)]),
    );
  });

  it('reports 10,000-deep nesting as too deep instead of overflowing the stack', () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    let block = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n';
    for (let i = 1; i < 10_000; i++) block += `${' '.repeat(i)}a:\n`;
    for (const text of [flow, block]) {
      const r = loadText('deep.yaml', text);
      expect(r.objects).toEqual([]);
      expect(r.problems[0]?.ruleId).toBe('input-invalid-yaml');
      expect(r.problems[0]?.message).toMatch(/maxDepth|nest/);
    }
  });

  it('refuses binary input (NUL bytes) with the line of the first one', () => {
    const r = loadText('bin.yaml', 'apiVersion: v1\nkind: Pod\n\0\0\0');
    expect(r.problems).toMatchObject([{ ruleId: 'input-binary', line: 3 }]);
  });

  it('locates the items of a 20,000-item List (kubectl get -o json) from the item, at the right line', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'ns' },
      spec: { containers: [{ name: 'c', image: `img:${i}` }] },
    }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4);
    const lines = text.split('\n');
    const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    // Before, each item was found by walking the List from its root: quadratic, 4,000 items took 73 times as long as
    // the same objects as documents and 50,000 did not finish in 10 minutes. Now this is linear (well under a second).
    const r = loadText('list.json', text);
    expect(r.problems).toEqual([]);
    expect(r.objects).toHaveLength(20_000);
    for (const i of [0, 9_999, 19_999]) {
      const source = r.objects[i]?.source;
      expect(source?.locate(['spec', 'containers', 0, 'image'])).toMatchObject({
        line: lineOf(`"img:${i}"`),
        column: (lines[lineOf(`"img:${i}"`) - 1] as string).indexOf('"image"') + 1,
      });
      expect(source?.locate(['metadata', 'name']).line).toBe(lineOf(`"p${i}"`));
    }
  }, 60_000);

  it('reads bytes in pieces of any size to the same objects and positions as the text, across many segments', () => {
    // 300 documents of ~1 KB (several 64 KiB segments), non-ASCII text, a `%YAML` directive, and a Helm comment after
    // the `---` or (as some tools write it) before it: a cut between segments must leave it with its document.
    const docs = Array.from(
      { length: 300 },
      (_, i) =>
        `${i === 150 ? '...\n%YAML 1.2\n' : ''}${i % 4 !== 0 ? `# Source: chart/templates/cm-${i}.yaml\n---\n` : `---\n# Source: chart/templates/cm-${i}.yaml\n`}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  annotations: {note: "caf\u00e9 \u2603 ${i}"}\ndata:\n  pad: "${'x'.repeat(900 + (i % 13))}"\n  last: end\n`,
    );
    const text = docs.join('');
    const bytes = Buffer.from(text);
    const fromText = loadText('s.yaml', text);
    expect(fromText.problems).toEqual([]);
    expect(fromText.objects).toHaveLength(300);
    const shape = (r: ReturnType<typeof loadText>) =>
      r.objects.map((o) => [o.ref.name, o.source.file, o.source.locate(['data', 'last'])]);
    for (const size of [7, 1000, 65_536, bytes.length]) {
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
      const r = loadByteStream('s.yaml', pieces);
      expect(r.problems).toEqual([]);
      expect(shape(r)).toEqual(shape(fromText));
    }
    const lines = text.split('\n');
    const last = fromText.objects[299]?.source.locate(['data', 'last']);
    expect(last?.rendered?.line).toBe(lines.lastIndexOf('  last: end') + 1);
    expect(last).toMatchObject({ file: 'chart/templates/cm-299.yaml', line: 9 });
    expect(fromText.objects.every((o, i) => o.source.file === `chart/templates/cm-${i}.yaml`)).toBe(true);
  });

  it('reports a NUL byte or invalid UTF-8 far into a byte stream at its line, and loads nothing of that input', () => {
    const doc = (i: number) =>
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {pad: "${'y'.repeat(500)}"}\n`;
    const head = Array.from({ length: 400 }, (_, i) => doc(i)).join('');
    const line = head.split('\n').length;
    const nul = loadBytes('n.yaml', Buffer.concat([Buffer.from(head), Buffer.from('x: \0\n')]));
    expect(nul.objects).toEqual([]);
    expect(nul.problems).toMatchObject([{ ruleId: 'input-binary', line }]);
    const latin1 = loadBytes('u.yaml', Buffer.concat([Buffer.from(head), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]));
    expect(latin1.objects).toEqual([]);
    expect(latin1.problems).toMatchObject([{ ruleId: 'input-binary', message: expect.stringContaining('UTF-8') }]);
  });
});
