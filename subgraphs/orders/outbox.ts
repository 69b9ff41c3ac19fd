/** Orders' outbox: the shared one (common/outbox), in Orders' own database. */
export { recordEvent } from '../../common/outbox/recordEvent';
