import type { Database } from '../../common/db';
import { notFound } from '../../common/errors';
import { normalizeCaseNumber } from './caseNumber';
import { SUMMARY_MAX, requireText } from './caseText';
import { EventType, type CaseInteractionAddedPayload } from '../../common/eventContracts';
import { recordEvent } from '../../common/outbox/recordEvent';
import { insertInteraction, touchCaseForInteraction } from './repository';
import type { Channel, SupportCaseRecord } from './types';

export interface AddCaseInteractionInput {
  caseNumber: string;
  channel: Channel;
  summary: string;
}

interface ValidInput {
  /** Null when the text cannot be a case number: such a case does not exist. */
  caseNumber: string | null;
  channel: Channel;
  summary: string;
}

export function validateAddCaseInteraction(input: AddCaseInteractionInput): ValidInput {
  return {
    caseNumber: normalizeCaseNumber(input.caseNumber),
    channel: input.channel,
    summary: requireText('summary', input.summary, SUMMARY_MAX),
  };
}

/** Appends to a case's one history; a resolved case the customer comes back about is open again. */
export async function addCaseInteraction(db: Database, rawInput: AddCaseInteractionInput): Promise<SupportCaseRecord> {
  const input = validateAddCaseInteraction(rawInput);
  const unknown = () => notFound('Support case', rawInput.caseNumber.trim(), 'caseNumber');
  const caseNumber = input.caseNumber;
  if (caseNumber === null) throw unknown();
  return db.transaction(async (tx) => {
    const updated = await touchCaseForInteraction(tx, caseNumber);
    if (!updated) throw unknown();
    await insertInteraction(tx, caseNumber, input.channel, input.summary);
    const at = new Date();
    const payload: CaseInteractionAddedPayload = { caseNumber, customerId: updated.customerId, orderNumber: updated.orderNumber, at: at.toISOString() };
    await recordEvent(tx, EventType.CaseInteractionAdded, payload, at);
    return updated;
  });
}
