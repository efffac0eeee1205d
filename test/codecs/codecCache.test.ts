import { CodecCache } from '../../src/codecs/codecCache';
import { messagesField, threadCodecFor } from '../../src/codecs/fields';

describe('CodecCache', () => {
  it('builds a codec once per key', () => {
    const cache = new CodecCache<object>(4);
    let builds = 0;
    const build = () => ({ n: (builds += 1) });
    const first = cache.get('a', build);
    expect(cache.get('a', build)).toBe(first);
    expect(builds).toBe(1);
    expect(cache.get('b', build)).not.toBe(first);
    expect(builds).toBe(2);
  });

  it('keeps at most `limit` codecs, dropping the least recently used', () => {
    const cache = new CodecCache<string>(2);
    const builds: string[] = [];
    const get = (key: string) => cache.get(key, () => (builds.push(key), key));
    get('a');
    get('b');
    get('a'); // a is now the most recently used
    get('c'); // drops b
    get('a');
    get('b'); // rebuilt
    expect(builds).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('threadCodecFor', () => {
  it('answers the same codec for the same field list, and another for another list', () => {
    const a = threadCodecFor(['snippet', 'unread_count']);
    expect(threadCodecFor(['snippet', 'unread_count'])).toBe(a);
    expect(threadCodecFor(['unread_count', 'snippet'])).not.toBe(a);
    const nested = threadCodecFor(['snippet', messagesField({ limit: 5, fields: ['message'] })]);
    expect(threadCodecFor(['snippet', messagesField({ limit: 5, fields: ['message'] })])).toBe(nested);
    expect(threadCodecFor(['snippet', messagesField({ limit: 5, fields: ['from'] })])).not.toBe(nested);
  });
});
