import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const s = new PassThrough();
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  Object.assign(s, { isTTY, columns: 120 });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

const at = (done: number) => ({ done, total: 4, simulatedS: done * 7200, events: done * 1000 });

afterEach(() => {
  vi.useRealTimers();
});

describe('progress bar', () => {
  it('stays silent when stderr is not a terminal, or with --quiet', () => {
    expect(progressBar('replications', false, terminal(false).stream).onProgress).toBeUndefined();
    expect(progressBar('replications', true, terminal(true).stream).onProgress).toBeUndefined();
  });

  it('appears on a terminal after a second, with done/total, simulated time and events per second', async () => {
    vi.useFakeTimers();
    const t = terminal(true);
    const bar = progressBar('replications', false, t.stream);
    bar.onProgress?.(at(0));
    vi.advanceTimersByTime(500);
    expect(t.text()).toBe('');
    vi.advanceTimersByTime(600);
    bar.onProgress?.(at(2));
    vi.advanceTimersByTime(200);
    await Promise.resolve();
    expect(t.text()).toMatch(/2\/4 replications \| 4\.0h simulated \| [\d,]+ events\/s \| ETA/);
    bar.stop();
  });
});
