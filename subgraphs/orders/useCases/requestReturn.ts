import { randomInt } from 'node:crypto';
import type { Database } from '../../../common/db';
import { badInput, notAllowed, notFound } from '../../../common/errors';
import { EventType, type ReturnRequestedPayload } from '../../../common/eventContracts';
import { recordEvent } from '../outbox';
import * as repo from '../repository';
import { isWarrantyActive } from '../warranty';
import type { Viewer } from '../../../common/identity';
import { assertMayChange } from './ownership';

export interface ReturnRequest {
  orderNumber: string;
  sku: string;
  resolution: string;
  now: Date;
  labelBaseUrl: string;
  viewer: Viewer;
}

/**
 * Returns one product of a delivered order while its warranty runs. Issues the prepaid label and
 * tracking number and records ReturnRequested in the same transaction.
 */
export async function requestReturn(db: Database, request: ReturnRequest): Promise<repo.ReturnRow> {
  if (request.resolution !== 'REPLACEMENT' && request.resolution !== 'REFUND') {
    throw badInput('resolution', `unknown resolution ${request.resolution}`);
  }
  const orderNumber = request.orderNumber.trim();
  const sku = request.sku.trim().toUpperCase();
  return db.transaction(async (tx) => {
    const order = await repo.lockOrder(tx, orderNumber);
    assertMayChange(request.viewer, order?.customerId, `order ${orderNumber}`);
    if (!order) throw notFound('Order', orderNumber, 'orderNumber');
    if (order.status !== 'DELIVERED') {
      throw notAllowed('ORDER_NOT_DELIVERED', `Order ${orderNumber} is ${order.status}; only delivered orders can be returned.`);
    }
    const line = (await repo.linesByOrders(tx, [orderNumber])).find((l) => l.sku === sku);
    if (!line) throw notAllowed('SKU_NOT_ON_ORDER', `Product ${sku} is not on order ${orderNumber}.`);
    if (!isWarrantyActive(line.warrantyExpiresOn, request.now)) {
      throw notAllowed(
        'WARRANTY_EXPIRED',
        line.warrantyExpiresOn
          ? `The warranty on ${sku} of order ${orderNumber} expired on ${line.warrantyExpiresOn}.`
          : `${sku} of order ${orderNumber} has no warranty to return it under.`,
      );
    }
    const existing = (await repo.returnsByOrders(tx, [orderNumber])).find((r) => r.sku === sku);
    if (existing) {
      throw notAllowed('RETURN_ALREADY_REQUESTED', `A return of ${sku} on order ${orderNumber} was already requested (${existing.id}).`);
    }
    const created = await repo.insertReturn(tx, {
      orderNumber,
      sku,
      resolution: request.resolution,
      trackingNumber: trackingNumber(),
      labelBaseUrl: request.labelBaseUrl,
    });
    await repo.markReturnedWhenComplete(tx, orderNumber);
    const payload: ReturnRequestedPayload = {
      returnId: created.id,
      orderNumber,
      customerId: order.customerId,
      sku,
      resolution: created.resolution,
      trackingNumber: created.trackingNumber,
      shippingLabelUrl: created.shippingLabelUrl,
      requestedAt: new Date(created.requestedAt).toISOString(),
    };
    await recordEvent(tx, EventType.ReturnRequested, payload, new Date(created.requestedAt));
    return created;
  });
}

/** A carrier-style tracking number: 1Z + 16 random digits. */
function trackingNumber(): string {
  let digits = '';
  for (let i = 0; i < 16; i++) digits += String(randomInt(10));
  return `1Z${digits}`;
}
