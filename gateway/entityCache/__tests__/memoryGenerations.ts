import type { Generations, SharedGenerations } from '../redisGenerations';

/**
 * The replicas' shared generations as RedisGenerations keeps them (a sequence per type; each changed entity,
 * or type as a whole, set to the sequence value its change got), in memory, for tests of several caches.
 * `down` makes every call fail as an unreachable Redis does; `reads` counts round trips; `loseData` forgets
 * every counter as a Redis restarted without its data does (a new incarnation).
 */
export class MemoryGenerations implements SharedGenerations {
  down = false;
  reads = 0;
  private incarnation = 1;
  private readonly counters = new Map<string, number>();

  loseData(): void {
    this.counters.clear();
    this.incarnation += 1;
  }

  async read(entityIds: readonly string[]): Promise<Generations | undefined> {
    this.reads += 1;
    if (this.down) return undefined;
    const types = ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'];
    const at = (key: string) => this.counters.get(key) ?? 0;
    return {
      incarnation: this.incarnation,
      seq: Object.fromEntries(types.map((type) => [type, at(`seq:${type}`)])),
      whole: Object.fromEntries(types.map((type) => [type, at(`whole:${type}`)])),
      entities: Object.fromEntries(entityIds.filter((id) => !id.endsWith(':*')).map((id) => [id, at(id)])),
    };
  }

  async bump(entityIds: readonly string[]): Promise<boolean> {
    if (this.down) return false;
    for (const id of entityIds) {
      const type = id.slice(0, id.indexOf(':'));
      const seq = (this.counters.get(`seq:${type}`) ?? 0) + 1;
      this.counters.set(`seq:${type}`, seq);
      this.counters.set(id.endsWith(':*') ? `whole:${type}` : id, seq);
    }
    return true;
  }

  async close(): Promise<void> {}
}
