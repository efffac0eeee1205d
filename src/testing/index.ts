/**
 * `rx-graph-conversations/testing`: a local Graph API emulator of the Page
 * Conversations edge, to test code that reads Messenger and Instagram inboxes without
 * touching Meta's servers.
 *
 * @module rx-graph-conversations/testing
 */
export { startEmulator } from './emulator/emulator';
export type { Emulator } from './emulator/emulatorApi';
export { DEFAULT_PAGES, FIXED_NOW } from './emulator/defaults';
export type { JsonForm, PagingForm, Realism } from './emulator/realism';
export { graphErrorBody, type GraphErrorBody, type GraphErrorOverrides } from './emulator/errors';
export type { FaultWhen } from './emulator/faultQueue';
export type { ChaosFaultKind, ChaosMutation, ChaosMutationKind, ChaosOptions, FaultCounts } from './emulator/chaos';
export type { Fault, FaultHandle, RawContext, RawJson } from './emulator/faultTypes';
export type { EmulatorOptions, Folder, PageSpec, Participant, Platform, RequestRecord, ThreadState } from './emulator/types';
export type { EmulatorWebhookOptions, EmulatorWebhooks, WebhookDeliveryRecord } from './emulator/webhookTypes';
export type { WebhookMutation } from './emulator/webhookPayloads';
