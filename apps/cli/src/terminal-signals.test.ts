import { describe, expect, it } from 'vitest';
import { exitOnSignals, type HandledSignal, SHOW_CURSOR } from './terminal-signals.js';

function fakeTarget(isTTY: boolean) {
  const written: string[] = [];
  const exits: number[] = [];
  const handlers = new Map<HandledSignal, () => void>();
  return {
    written,
    exits,
    handlers,
    target: {
      stream: { isTTY, write: (t: string) => written.push(t) },
      on: (s: HandledSignal, h: () => void) => handlers.set(s, h),
      exit: (code: number) => exits.push(code),
    },
  };
}

describe('exitOnSignals', () => {
  it('handles SIGINT and SIGTERM: shows the cursor on a terminal and exits 130 / 143', () => {
    const f = fakeTarget(true);
    exitOnSignals(f.target);
    expect([...f.handlers.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
    f.handlers.get('SIGINT')?.();
    f.handlers.get('SIGTERM')?.();
    expect(f.exits).toEqual([130, 143]);
    expect(f.written).toEqual([`\n${SHOW_CURSOR}`, `\n${SHOW_CURSOR}`]);
    expect(SHOW_CURSOR).toBe('\u001b[?25h');
  });

  it('writes nothing when stderr is not a terminal (a log file stays clean)', () => {
    const f = fakeTarget(false);
    exitOnSignals(f.target)('SIGINT');
    expect(f.written).toEqual([]);
    expect(f.exits).toEqual([130]);
  });
});
