export { OutboxRelay, type RelayOptions } from '../../common/outbox/relay';
