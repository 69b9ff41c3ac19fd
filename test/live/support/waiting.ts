/** The iterator's next item, or a failure naming what was awaited after `ms`. */
export async function nextWithin<T>(iterator: AsyncIterator<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  try {
    const item = await Promise.race([iterator.next(), timeout]);
    if (item.done) throw new Error(`the stream ended before ${what}`);
    return item.value;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `condition` holds, checking every 10 ms; fails after `ms`. */
export async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
