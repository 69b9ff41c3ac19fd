/**
 * Maps each item of an async iterator, passing return() straight to the source. (An async
 * generator would queue return() behind its pending next(), so a closed subscription would keep its
 * listener until the next event came.)
 */
export function mapEvents<T, R>(source: AsyncIterator<T>, map: (item: T) => Promise<R> | R): AsyncIterableIterator<R> {
  const iterator: AsyncIterableIterator<R> = {
    async next(): Promise<IteratorResult<R>> {
      const item = await source.next();
      if (item.done) return { value: undefined, done: true };
      return { value: await map(item.value), done: false };
    },
    async return(): Promise<IteratorResult<R>> {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<R>> {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
