// A request's channel: through any fetch and a signal, or straight on the library's own
// transport. Either way an abort stops what is in flight and nothing is sent after it.
import { openChannel } from '../../src/graph/channel';
import type { DirectTransport, Exchange } from '../../src/graph/exchange';
import type { FetchLike, FetchResponseLike } from '../../src/graph/fetchLike';

const ok: FetchResponseLike = { ok: true, status: 200, headers: { get: () => null }, text: () => Promise.resolve('{"data":[]}') };

/** A direct transport whose exchanges never answer; it records what was opened and aborted. */
function recordingTransport(): DirectTransport & { opened: string[]; aborted: Error[] } {
  const opened: string[] = [];
  const aborted: Error[] = [];
  return {
    opened,
    aborted,
    open(url: string): Exchange {
      opened.push(url);
      let reject: (reason: unknown) => void = () => undefined;
      const response = new Promise<FetchResponseLike>((_resolve, fail) => (reject = fail));
      return {
        response,
        abort: (reason) => {
          aborted.push(reason);
          reject(reason);
        },
      };
    },
  };
}

const neverFetch: FetchLike = () => new Promise(() => undefined);

describe('the direct channel (the library own transport)', () => {
  it('an abort stops the exchange in flight with an AbortError', async () => {
    const transport = recordingTransport();
    const channel = openChannel({ fetch: neverFetch, direct: transport });
    const response = channel.exchange('http://127.0.0.1:1/a', {});
    channel.abort();
    await expect(response).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.aborted).toHaveLength(1);
  });

  it('after an abort nothing more is sent, and no body is read', async () => {
    const transport = recordingTransport();
    const channel = openChannel({ fetch: neverFetch, direct: transport });
    channel.abort();
    channel.abort();
    await expect(channel.exchange('http://127.0.0.1:1/a', {})).rejects.toMatchObject({ name: 'AbortError' });
    await expect(channel.read(ok, 1000)).rejects.toMatchObject({ name: 'AbortError' });
    expect(transport.opened).toEqual([]);
  });

  it('reads a body capped like any other', async () => {
    const channel = openChannel({ fetch: neverFetch, direct: recordingTransport() });
    await expect(channel.read(ok, 1000)).resolves.toBe('{"data":[]}');
    await expect(channel.read(ok, 5)).rejects.toThrow(/exceeds maxResponseBytes \(5 bytes\)/);
  });
});

describe('the signal channel (any fetch)', () => {
  it('a fetch that ignores its signal still ends on abort, and the signal is aborted', async () => {
    let seen: AbortSignal | undefined;
    const ignoring: FetchLike = (_url, init) => {
      seen = init.signal;
      return new Promise(() => undefined);
    };
    const channel = openChannel({ fetch: ignoring, direct: undefined });
    const response = channel.exchange('http://127.0.0.1:1/a', { Accept: 'application/json' });
    channel.abort();
    await expect(response).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen?.aborted).toBe(true);
  });

  it('sends GET with redirect: manual and the headers given', async () => {
    const calls: Array<Parameters<FetchLike>> = [];
    const recording: FetchLike = (url, init) => {
      calls.push([url, init]);
      return Promise.resolve(ok);
    };
    await openChannel({ fetch: recording, direct: undefined }).exchange('http://127.0.0.1:1/a', { Accept: 'application/json' });
    expect(calls).toEqual([['http://127.0.0.1:1/a', expect.objectContaining({ method: 'GET', redirect: 'manual', headers: { Accept: 'application/json' } })]]);
  });
});
