/** `kubeward rules [id]`: list the rules, explain one, or write the Markdown docs. */
import { join, resolve } from 'node:path';
import { KubewardError } from '../../engine/errors.js';
import { closestMatch } from '../../engine/suggest.js';
import { renderRuleDoc, renderRulesIndex, ruleDocFiles } from '../../rules/docs.js';
import { allRules, findRule } from '../../rules/index.js';
import { type CliIo, makeOutputDirectory, writeReportFile } from '../io.js';

export async function runRulesCommand(
  id: string | undefined,
  opts: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const format = String(opts.format ?? 'text');
  if (typeof opts.out === 'string') {
    if (format !== 'markdown') throw new KubewardError('USAGE', '--out needs --format markdown.');
    const dir = resolve(io.cwd, opts.out);
    makeOutputDirectory(dir, opts.out, '--out');
    for (const [name, content] of ruleDocFiles(allRules)) {
      writeReportFile(join(dir, name), join(opts.out, name), content, 'the rule page', '--out');
    }
    io.stdout(`wrote ${allRules.length + 1} files to ${opts.out}\n`);
    return 0;
  }
  if (id !== undefined) {
    const rule = findRule(id);
    if (!rule) {
      const near = closestMatch(
        id,
        allRules.map((r) => r.meta.id),
      );
      throw new KubewardError('UNKNOWN_RULE', `unknown rule "${id}".`, {
        hint: near ? `did you mean ${near}? (kubeward rules lists them all)` : 'kubeward rules lists them all',
      });
    }
    if (format === 'json') io.stdout(`${JSON.stringify(rule.meta, null, 2)}\n`);
    else io.stdout(renderRuleDoc(rule));
    return 0;
  }
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        allRules.map((r) => ({
          id: r.meta.id,
          family: r.meta.family,
          severity: r.meta.severity,
          title: r.meta.title,
          enabledByDefault: !r.meta.disabledByDefault,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (format === 'markdown') {
    // The index page of docs/rules, as `--out` writes it.
    io.stdout(renderRulesIndex(allRules));
    return 0;
  }
  const idWidth = Math.max(...allRules.map((r) => r.meta.id.length));
  const famWidth = Math.max(...allRules.map((r) => r.meta.family.length));
  for (const r of allRules) {
    io.stdout(
      `${r.meta.id.padEnd(idWidth)}  ${r.meta.family.padEnd(famWidth)}  ${r.meta.severity.padEnd(7)}  ${r.meta.title}${r.meta.disabledByDefault ? ' (off by default)' : ''}\n`,
    );
  }
  return 0;
}
