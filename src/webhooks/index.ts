/**
 * `rx-graph-conversations/webhooks`: a receiver for Meta's Messenger and Instagram
 * messaging webhooks (verification handshake, signed deliveries, io-ts decoded events)
 * to trigger `pollDiff`'s reads. Node only (it uses `node:crypto` and `node:http` types).
 *
 * @module rx-graph-conversations/webhooks
 */
export { webhookReceiver, type WebhookReceiver, type WebhookReceiverConfig } from './receiver';
export { forPage } from './forPage';
export { signWebhookBody } from './signature';
export type { WebhookEvent, WebhookEventBase, WebhookObject } from './events';
export { WebhookMessage, WebhookRead, WebhookDelivery, WebhookPostback, WebhookParty } from './codecs';
