import { AsyncQueue } from '../asyncQueue';

describe('the async queue', () => {
  test('When items are pushed before and while the consumer waits, then it gets them all in order', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    const waiting = (async () => {
      const got: number[] = [];
      for await (const item of queue) got.push(item);
      return got;
    })();
    await new Promise((resolve) => setImmediate(resolve));
    queue.push(2);
    queue.push(3);
    queue.end();
    expect(await waiting).toEqual([1, 2, 3]);
  });

  test('When the producer ends it, then what is queued is still delivered, the closers run at once and later pushes are refused', async () => {
    const queue = new AsyncQueue<string>();
    const closed = jest.fn();
    queue.onClose(closed);
    queue.push('a');
    queue.end();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(queue.push('b')).toBe(false);
    expect(await queue.next()).toEqual({ value: 'a', done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  test('When the producer ends it with an error, then the queued items come first and the pull after them throws it', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.end(new Error('too far behind'));
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow('too far behind');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  test('When the consumer leaves while a pull is waiting, then the pull completes, the queue is dropped and the closers run once', async () => {
    const queue = new AsyncQueue<number>();
    const closed = jest.fn();
    queue.onClose(closed);
    const pull = queue.next();
    await queue.return();
    expect(await pull).toEqual({ value: undefined, done: true });
    queue.end();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(queue.closed).toBe(true);
    expect(queue.queued).toBe(0);
  });

  test('When a closer is added after the end, then it runs at once', () => {
    const queue = new AsyncQueue<number>();
    queue.end();
    const closed = jest.fn();
    queue.onClose(closed);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  test('When items wait unread, then queued counts them', () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.push(2);
    expect(queue.queued).toBe(2);
  });
});
