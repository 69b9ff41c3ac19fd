import { join } from 'node:path';
import { openDatabase, type Database } from '../../../common/db';
import type { DomainEvent } from '../../../common/events';
import { invalidationsFor } from '../../../common/invalidationsFor';
import { migrate } from '../../../common/migrate';
import { testDatabase } from '../../../test/support/database';
import { commitFails, CommitFailed, outboxRows } from '../../../test/support/failingCommit';
import { markDelivered, recordForEvent } from '../repository';
import type { NotificationDraft } from '../types';

const draft: NotificationDraft = {
  customerId: 'CUS-000005',
  channel: 'EMAIL',
  topic: 'ORDER_CANCELLED',
  subject: 'Your order 161803398 has been cancelled',
  body: 'We could not verify your payment.',
  orderNumber: '161803398',
  caseNumber: null,
};

/**
 * Notifications' one write the graph can see is a notification marked sent (a PENDING one reads as absent):
 * it announces itself once, in the transaction that makes it readable, naming what a cache must drop.
 */
describe("Notifications' domain events", () => {
  const options = testDatabase('ntf_outbox');
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase(options);
    await migrate(db, join(__dirname, '..', 'migrations'));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await options.cleanup();
  });

  const status = async (id: string) =>
    (await db.query<{ status: string }>('SELECT delivery_status AS status FROM notifications WHERE id = $1', [id]))[0].status;

  test('When marking a notification sent rolls back, then it stays PENDING and nothing is announced', async () => {
    const pending = await recordForEvent(db, 'EVT-rollback', draft);

    await expect(markDelivered(commitFails(db), pending.id)).rejects.toThrow(CommitFailed);

    expect(await status(pending.id)).toBe('PENDING');
    expect(await outboxRows(db)).toEqual([]);
  });

  test('When a notification is marked sent, even twice, then one NotificationSent event invalidates it, its customer and its order', async () => {
    const pending = await recordForEvent(db, 'EVT-sent', draft);

    expect(await markDelivered(db, pending.id)).toBe(true);
    expect(await markDelivered(db, pending.id)).toBe(false);

    const recorded = (await outboxRows(db)).filter((row) => row.payload.notificationId === pending.id);
    expect(recorded.map((row) => row.type)).toEqual(['NotificationSent']);
    const event: DomainEvent = { id: 'e', type: recorded[0].type, source: 'notifications', occurredAt: '', payload: recorded[0].payload };
    expect(invalidationsFor(event)).toEqual([
      { typename: 'Notification', key: { id: pending.id } },
      { typename: 'Customer', key: { id: 'CUS-000005' } },
      { typename: 'Order', key: { number: '161803398' } },
    ]);
  });
});
