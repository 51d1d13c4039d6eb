/**
 * The CLI writes its stdout and stderr on the process's file descriptors (io.ts descriptorOutput), not through node's
 * stdout stream, and asks whether they are terminals only when a format needs to know. Checked with real pipes and a
 * real terminal: a non-blocking pipe that fills up hands the rest to the stream, whole and in order; a terminal still
 * gets colour and its width; a JSON report never asks. A reader that goes away early and a full disk are in
 * output.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIo, descriptorOutput } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { CORPUS, ROOT } from '../helpers/cli.js';

const BIN = join(ROOT, 'bin', 'kubeward.cjs');
const ESC = '\u001b';

describe('output on a file descriptor', () => {
  it('hands the rest to the stream when a non-blocking pipe is full, losing and reordering nothing', async () => {
    // The write end of a pipe to cat, as node opens it: non-blocking. cat echoes it back, so what arrives is checked.
    const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const fd = (cat.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    expect(fd).toBeGreaterThan(2);
    const echoed: Buffer[] = [];
    cat.stdout.on('data', (chunk: Buffer) => echoed.push(chunk));
    const closed = new Promise<void>((resolve) => cat.on('close', () => resolve()));
    let handedOver = 0;
    const out = descriptorOutput(fd, () => {
      handedOver++;
      return cat.stdin as unknown as NodeJS.WriteStream;
    });
    // Far more than a pipe holds (64 KiB on Linux), in pieces, while nothing reads yet: the descriptor would block.
    const pieces = Array.from({ length: 64 }, (_, i) => `${String(i).padStart(4, '0')}:${'x'.repeat(16 * 1024)}\n`);
    for (const piece of pieces) out.write(piece);
    await out.settled();
    cat.stdin.end();
    await closed;
    expect(out.state).toEqual({ closed: false });
    expect(handedOver).toBe(1);
    expect(Buffer.concat(echoed).toString('utf8')).toBe(pieces.join(''));
  });
});

describe('asking whether stdout is a terminal', () => {
  /** An io whose stdout answers isTTY, counting the questions. */
  function countingIo(): { io: CliIo; asked: () => number; out: () => string } {
    let asked = 0;
    let stdout = '';
    const io: CliIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => undefined,
      readStdin: async () => [],
      stdinIsTTY: false,
      get stdoutIsTTY() {
        asked++;
        return true;
      },
      stderrIsTTY: false,
      get columns() {
        asked++;
        return 70;
      },
      cwd: ROOT,
      env: {},
    };
    return { io, asked: () => asked, out: () => stdout };
  }

  it('is left alone by the formats that neither colour nor wrap, and asked by stylish', async () => {
    const file = join(CORPUS, 'ingress-nginx-default.yaml');
    for (const format of ['json', 'sarif', 'junit', 'github', 'gitlab']) {
      const { io, asked } = countingIo();
      await run(['node', 'kubeward', 'lint', file, '-f', format], io);
      expect(asked(), format).toBe(0);
    }
    const { io, asked, out } = countingIo();
    await run(['node', 'kubeward', 'lint', file], io);
    expect(asked()).toBeGreaterThan(0);
    expect(out()).toContain(ESC);
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'colours stylish and wraps it to the width of a real terminal (script(1))',
    () => {
      const command = `stty cols 72; ${process.execPath} ${BIN} lint ${join(CORPUS, 'ingress-nginx-default.yaml')}`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '', TERM: 'xterm' },
      });
      const lines = r.stdout.split(/\r?\n/);
      expect(r.stdout).toContain(ESC);
      const visible = lines.map((l) => l.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), ''));
      // The messages, indented below each finding's head line, are what is wrapped.
      const messages = visible.filter((l) => l.startsWith('        ') && l.trim().includes(' '));
      expect(Math.max(...messages.map((l) => l.length))).toBeLessThanOrEqual(72);
      expect(Math.max(...messages.map((l) => l.length))).toBeGreaterThan(60);
      expect(visible.some((l) => l.includes('warning'))).toBe(true);
    },
  );
});
