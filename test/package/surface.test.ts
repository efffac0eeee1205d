import * as codecs from '../../src/codecs/index';
import * as root from '../../src/index';

// The root entry exports what people compose; the codec building blocks are on the
// `rx-graph-conversations/codecs` subpath.
const BUILDING_BLOCKS = [
  'Thread',
  'ThreadPage',
  'Message',
  'Attachment',
  'Participant',
  'Paging',
  'DataList',
  'Connection',
  'GraphErrorBody',
  'GraphDateTime',
  'GraphUsage',
  'parseUsageHeaders',
  'reportErrors',
  'decoderFor',
  'decodeThread',
  'decodeThreadPage',
  'decodeMessage',
  'decodeParticipant',
  'threadCodecFor',
  'messageCodecFor',
  'THREAD_FIELDS',
  'MESSAGE_FIELDS',
];

describe('the public surface', () => {
  it('the root entry has sources, operators and errors, and no codec building blocks', () => {
    for (const name of ['conversations$', 'messages$', 'mergeFolders', 'pollDiff', 'retryOnRateLimit', 'throttleByUsage', 'GraphApiError', 'FOLDERS']) {
      expect(root).toHaveProperty(name);
    }
    expect(BUILDING_BLOCKS.filter((name) => name in root)).toEqual([]);
  });

  it('the codecs subpath has every building block', () => {
    expect(BUILDING_BLOCKS.filter((name) => !(name in codecs))).toEqual([]);
  });
});
