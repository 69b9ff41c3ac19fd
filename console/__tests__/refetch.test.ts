import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refetchNoted } from '../src/refetch';

describe("the console's refreshes", () => {
  test('When a refresh fails, then the failure is written to the console naming what was refreshed', async () => {
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const failure = new Error('gateway unreachable');
      refetchNoted(() => Promise.reject(failure), 'customer CUS-1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warned).toHaveBeenCalledWith('Refreshing customer CUS-1 failed:', failure);
    } finally {
      warned.mockRestore();
    }
  });

  test('When the console refreshes a query, then no failure is dropped without a trace (no .catch(() => undefined))', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) sources.push(path);
      }
    };
    walk(join(__dirname, '..', 'src'));
    const silent = sources.filter((file) => /\.catch\(\s*\(\)\s*=>\s*(undefined|\{\s*\})\s*\)/.test(readFileSync(file, 'utf8')));
    expect(silent).toEqual([]);
  });
});
