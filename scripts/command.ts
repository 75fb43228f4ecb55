// Runs a command to completion with a time limit, capturing stdout and stderr together.
import { spawn } from 'node:child_process';

// Some tools colour their output even when told not to; the log should be plain text.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

export interface CommandResult {
  /** Exit code; null when killed (time limit or signal). */
  code: number | null;
  output: string;
  ms: number;
}

export function runCommand(cmd: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((done) => {
    let output = '';
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a time limit ends its children too
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: process.env['CI'] ?? '1' },
    });
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      output += `\n[killed: time limit of ${timeoutMs} ms]\n`;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      output += `\n[could not run ${cmd}: ${err.message}]\n`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output: output.replace(ANSI, ''), ms: performance.now() - started });
    });
  });
}
