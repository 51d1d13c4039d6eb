/**
 * `kubeward audit` through the CLI (createProgram + run): options, exit codes and error messages as a user sees
 * them. Skipped until the `audit` command is registered in src/cli/program.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import type { LintResult } from '../../src/engine/types.js';
import { ROOT, runCli, SILENT_IO } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { applyFixture } from './support.js';

const registered = createProgram(SILENT_IO, { exitCode: 0 }).commands.some((c) => c.name() === 'audit');

describe.skipIf(!registered)('kubeward audit (CLI)', () => {
  let server: FakeApiServer;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startFakeApiServer();
    applyFixture(server, 'shop.yaml');
    kubeconfig = server.writeKubeconfig({ context: 'prod', extraContexts: ['staging'] });
  });

  afterAll(() => server.close());

  it('writes the report and exits like lint', async () => {
    const ok = await runCli(['audit', '--kubeconfig', kubeconfig, '-f', 'json']);
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout) as LintResult;
    expect(result.findings.some((f) => f.file === 'cluster:prod/batch/CronJob/fire-besteffort')).toBe(true);
    expect((await runCli(['audit', '--kubeconfig', kubeconfig, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('takes -n, --context and --chunk-size', async () => {
    const out = await runCli([
      'audit',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'staging',
      '-n',
      'batch',
      '--chunk-size',
      '1',
      '-f',
      'json',
    ]);
    const result = JSON.parse(out.stdout) as LintResult;
    expect(new Set(result.findings.map((f) => f.file))).toEqual(
      new Set(['cluster:staging/batch/CronJob/fire-besteffort']),
    );
  });

  it('documents the bounds and --allow-partial in --help', async () => {
    const help = await runCli(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--timeout <duration>\s+give up when listing the cluster takes longer/);
    expect(help.stdout).toContain('(default: "5m")');
    expect(help.stdout).toMatch(/--request-timeout <duration>[\s\S]*\(default: "60s"\)/);
    expect(help.stdout).toMatch(/--allow-partial\s+when some kinds cannot be listed completely/);
  });

  it("names every audit option in the README's audit section", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Auditing a live cluster');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
    const audit = createProgram(SILENT_IO, { exitCode: 0 }).commands.find((c) => c.name() === 'audit');
    // --color and --no-color are the same as lint's, documented there.
    const options = (audit?.options ?? []).filter((o) => !o.long?.endsWith('color'));
    expect(options.length).toBeGreaterThan(10);
    for (const o of options) {
      const names = [o.long, o.short].filter((f): f is string => f !== undefined);
      expect(
        names.some((n) => section.includes(`\`${n}`)),
        names.join(', '),
      ).toBe(true);
    }
  });

  it('exits 2 with a message for an unknown context or an unreachable cluster', async () => {
    const badContext = await runCli(['audit', '--kubeconfig', kubeconfig, '--context', 'nope']);
    expect(badContext.code).toBe(2);
    expect(badContext.stderr).toContain('kubeward: context "nope" is not in the kubeconfig');
    const gone = await startFakeApiServer();
    const goneConfig = gone.writeKubeconfig();
    await gone.makeUnavailable();
    const unreachable = await runCli(['audit', '--kubeconfig', goneConfig]);
    await gone.close();
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`kubeward: cannot reach the API server ${gone.url} (context fake)`);
    expect(unreachable.stderr).toContain('ECONNREFUSED');
  });
});
