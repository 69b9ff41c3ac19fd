import { GraphQLError } from 'graphql';
import type { Database } from '../../common/db';
import { badInput, notFound } from '../../common/errors';
import { SUBJECT_MAX, SUMMARY_MAX, requireText } from './caseText';
import { unavailable, type CustomerDirectory, type ForwardedHeaders } from './customerDirectory';
import { EventType, type SupportCaseOpenedPayload } from '../../common/eventContracts';
import { recordEvent } from '../../common/outbox/recordEvent';
import { insertCase, insertInteraction } from './repository';
import type { Channel, SupportCaseRecord } from './types';

export interface OpenSupportCaseInput {
  customerId: string;
  orderNumber?: string | null;
  subject: string;
  channel: Channel;
  summary: string;
}

interface ValidInput {
  customerId: string;
  orderNumber: string | null;
  subject: string;
  channel: Channel;
  summary: string;
}

export function validateOpenSupportCase(input: OpenSupportCaseInput): ValidInput {
  const customerId = input.customerId.trim();
  if (customerId.length === 0) throw badInput('input.customerId', 'input.customerId must not be empty');
  // A blank order number is a form left empty: the case is about no order.
  const orderNumber = input.orderNumber?.trim() || null;
  return {
    customerId,
    orderNumber,
    subject: requireText('input.subject', input.subject, SUBJECT_MAX),
    channel: input.channel,
    summary: requireText('input.summary', input.summary, SUMMARY_MAX),
  };
}

/** Checks the references with Orders before anything is written; the call stays outside the transaction. */
async function verifyReferences(directory: CustomerDirectory, input: ValidInput, headers: ForwardedHeaders): Promise<void> {
  let check;
  try {
    check = await directory.check(input.customerId, input.orderNumber ?? undefined, headers);
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw unavailable(error instanceof Error ? error.message : String(error));
  }
  if (!check.customerExists) throw notFound('Customer', input.customerId, 'input.customerId');
  if (input.orderNumber !== null && check.orderBelongsToCustomer !== true) {
    throw badInput('input.orderNumber', `Order ${input.orderNumber} is not an order of customer ${input.customerId}`);
  }
}

/** Opens a case with its first interaction and records SupportCaseOpened: all are written, or none. */
export async function openSupportCase(
  db: Database,
  directory: CustomerDirectory,
  rawInput: OpenSupportCaseInput,
  headers: ForwardedHeaders = {},
): Promise<SupportCaseRecord> {
  const input = validateOpenSupportCase(rawInput);
  await verifyReferences(directory, input, headers);
  return db.transaction(async (tx) => {
    const created = await insertCase(tx, input);
    await insertInteraction(tx, created.number, input.channel, input.summary);
    const payload: SupportCaseOpenedPayload = {
      caseNumber: created.number,
      customerId: created.customerId,
      orderNumber: created.orderNumber,
      openedAt: created.openedAt.toISOString(),
    };
    await recordEvent(tx, EventType.SupportCaseOpened, payload, created.openedAt);
    return created;
  });
}
