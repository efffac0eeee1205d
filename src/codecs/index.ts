/**
 * `rx-graph-conversations/codecs`: the building blocks for reading Graph payloads
 * yourself (io-ts codecs, decoders, usage headers). Re-exports only.
 *
 * @module rx-graph-conversations/codecs
 */
export { Thread, ThreadPage, THREAD_FIELDS, REQUIRED_THREAD_FIELDS, type ThreadField } from './thread';
export { Message, Attachment, MESSAGE_FIELDS, type MessageField } from './message';
export { Participant, MessengerParticipant, InstagramParticipant } from './participant';
export { Paging, DataList, Connection } from './connection';
export { GraphErrorBody } from './error';
export { GraphDateTime, formatGraphTime } from './time';
export { Folder, FOLDERS, Platform, PLATFORMS } from './filters';
export { GraphUsage, parseUsageHeaders, usagePeak, type UsagePeak } from './usage';
export { reportErrors } from './report';
export {
  decoderFor,
  decodeThread,
  decodeThreadPage,
  decodeMessage,
  decodeParticipant,
  type Decode,
  type DecodeContext,
  type DecoderOptions,
} from './decode';
export type { DecodeWarning } from './salvage';

export { threadCodecFor, messageCodecFor } from './fields';
