/** Reading the Helm templates a rendered stream names, so findings land on template lines. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Reads Helm templates named by `# Source:` relative to the working directory, once each; small text files only. */
export function templateReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    try {
      const abs = resolve(cwd, file);
      if (statSync(abs).size <= 1024 * 1024) text = readFileSync(abs, 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}
