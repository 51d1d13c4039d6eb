/**
 * The objects of manifest files (or stdin) and an index over them, for the commands that read Ingresses from files
 * (`migrate`, `migration-report`): the inputs read and loaded as `lint` does, their problems printed with file and
 * line, and the error to throw when they hold no Ingress.
 */
import { KubewardError } from '../engine/errors.js';
import { loadInputs } from '../engine/lint.js';
import type { SourcedObject } from '../engine/types.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { inputTargets, readInputs } from './inputs.js';
import type { CliIo } from './io.js';
import { templateReader } from './template-reader.js';

export interface FileObjects {
  readonly objects: readonly SourcedObject[];
  readonly index: ObjectLookup;
  /** The error when they hold no Ingress at all. */
  readonly noIngress: KubewardError;
}

export interface FileObjectsWording {
  /** The command, for usage errors (`migrate --to gateway-api`). */
  readonly command: string;
  /** What was not written when the inputs have problems (`no drafts written`). */
  readonly nothingWritten: string;
  /** What there is nothing to do (`nothing to migrate`). */
  readonly nothingToDo: string;
}

/** The objects of `paths`, or undefined when the inputs' problems were printed on stderr. */
export async function readFileObjects(
  paths: string[],
  opts: Record<string, unknown>,
  io: CliIo,
  wording: FileObjectsWording,
): Promise<FileObjects | undefined> {
  const { targets, maxFileBytes } = inputTargets(paths, opts, io, wording.command);
  const stdinFilename = String(opts.stdinFilename ?? '<stdin>');
  const read = await readInputs(targets, io, { stdinFilename, maxFileBytes });
  const loaded = loadInputs(read.inputs, {
    problems: read.problems,
    readTemplate: templateReader(io.cwd),
    defaultNamespace: String(opts.namespace ?? 'default'),
    ...(opts.allowEmpty === true
      ? {}
      : { requireObjects: targets.length === 1 && targets[0] === '-' ? stdinFilename : targets.join(', ') }),
  });
  if (loaded.problems.length > 0) {
    for (const p of loaded.problems) io.stderr(`kubeward: ${p.file}:${p.line}:${p.column}: ${p.message}\n`);
    io.stderr(`kubeward: ${wording.nothingWritten}: fix the inputs above first.\n`);
    return undefined;
  }
  const noIngress = new KubewardError(
    'INPUT_UNREADABLE',
    `no Ingress among the ${loaded.objects.length} objects of the inputs: ${wording.nothingToDo}.`,
    { hint: 'check the paths, or the command that produced the input' },
  );
  return { objects: loaded.objects, index: loaded.index, noIngress };
}
