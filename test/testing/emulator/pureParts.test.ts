// The emulator's pure building blocks: cursors, error envelopes, usage arithmetic, fault order.
import { decodeCursor, encodeCursor } from '../../../src/testing/emulator/cursors';
import { CATALOGUED_CODES } from '../../../src/testing/emulator/errorCatalog';
import { FaultQueue } from '../../../src/testing/emulator/faultQueue';
import { UsageMeter, usageHeaders } from '../../../src/testing/emulator/usage';
import { graphErrorBody } from '../../../src/testing/index';

describe('cursors', () => {
  it('look like Graph cursors and round-trip thread and message positions', () => {
    const thread = encodeCursor({ kind: 'thread', threadId: 't_mid.1460972298060:1e3b607d4aac03ef23' });
    expect(thread).toMatch(/^QVFI[A-Za-z0-9_-]+$/);
    expect(decodeCursor(thread)).toEqual({ kind: 'thread', threadId: 't_mid.1460972298060:1e3b607d4aac03ef23' });
    const message = encodeCursor({ kind: 'message', threadId: 't_123', index: 7 });
    expect(decodeCursor(message)).toEqual({ kind: 'message', threadId: 't_123', index: 7 });
  });

  it.each(['', 'abc', 'QVFI', 'QVFI!!', 'QVFIdHx0XzE4ODUyNzI2OTczOTkyNQ=', 'eyJhIjoxfQ'])('rejects %j', (text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});

describe('graphErrorBody', () => {
  it('builds the exact envelope with canonical message and only the optional fields given', () => {
    expect(graphErrorBody(613, { fbtraceId: 'AbC' })).toEqual({
      error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AbC' },
    });
    const full = graphErrorBody(80006, { subcode: 2018278, isTransient: true, userTitle: 'T', userMessage: 'M', fbtraceId: 'X' });
    expect(Object.keys(full.error)).toEqual(['message', 'type', 'code', 'error_subcode', 'is_transient', 'error_user_title', 'error_user_msg', 'fbtrace_id']);
    expect(full.error.message).toBe('(#80006) There have been too many messages requests to this Page account. Wait a while before trying again.');
  });

  it('has a canonical (#code) message for every documented code', () => {
    for (const code of [4, 10, 17, 32, 100, 104, 200, 230, 368, 613, 2500, 2642, 80001, 80002, 80003, 80004, 80005, 80006, 80007, 80008, 80009, 80014]) {
      expect(CATALOGUED_CODES).toContain(code);
      expect(graphErrorBody(code).error.message).toMatch(new RegExp(`^\\(#${code}\\) `));
    }
    expect(graphErrorBody(190).error.message).toBe('Invalid OAuth access token - Cannot parse access token');
    expect(graphErrorBody(2642).error.message).toBe('(#2642) Invalid cursors values');
  });
});

describe('usage meter', () => {
  it('reports percentages of the nominal 4800 calls per hour without a budget', () => {
    const meter = new UsageMeter(undefined);
    let usage = meter.hit(0);
    for (let i = 1; i < 480; i += 1) usage = meter.hit(i);
    expect(usage).toEqual({ callCount: 10, totalTime: 7, totalCputime: 5, regainMinutes: 0, throttled: false });
    expect(meter.hit(3_600_000).callCount).toBe(0); // a new window
  });

  it('throttles past the budget until the window ends, with minutes to regain rounded up', () => {
    const meter = new UsageMeter({ calls: 2, windowMs: 150_000, code: 613 });
    expect(meter.hit(0)).toMatchObject({ callCount: 50, throttled: false });
    expect(meter.hit(1000)).toMatchObject({ callCount: 100, throttled: false });
    expect(meter.hit(2000)).toEqual({ callCount: 100, totalTime: 100, totalCputime: 100, regainMinutes: 3, throttled: true });
    expect(meter.hit(149_999)).toMatchObject({ regainMinutes: 1, throttled: true });
    expect(meter.hit(150_000)).toMatchObject({ callCount: 50, throttled: false });
  });

  it('writes the three headers as JSON, business use case keyed by Page', () => {
    const headers = usageHeaders({ callCount: 95, totalTime: 20, totalCputime: 20, regainMinutes: 14, throttled: false }, '1001');
    expect(JSON.parse(headers['x-app-usage'] ?? '')).toEqual({ call_count: 95, total_time: 20, total_cputime: 20 });
    expect(JSON.parse(headers['x-page-usage'] ?? '')).toEqual({ call_count: 95, total_time: 20, total_cputime: 20, estimated_time_to_regain_access: 14 });
    expect(JSON.parse(headers['x-business-use-case-usage'] ?? '')).toEqual({
      '1001': [{ type: 'messenger', call_count: 95, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: 14 }],
    });
  });
});

describe('fault queue', () => {
  it('skips `after` matching requests, then applies `times`, in injection order', () => {
    const queue = new FaultQueue();
    const first = queue.inject({ kind: 'reset' }, { after: 1, times: 2 });
    queue.inject({ kind: 'hang' });
    const taken = [1, 2, 3, 4].map(() => queue.take('/v19.0/1001/conversations')?.kind);
    // Request 1: `reset` still skips, so `hang` takes it; then `reset` twice; then nothing.
    expect(taken).toEqual(['hang', 'reset', 'reset', undefined]);
    expect(first.remaining()).toBe(0);
  });

  it('matches paths by substring or RegExp and can be cancelled', () => {
    const queue = new FaultQueue();
    const messages = queue.inject({ kind: 'invalid-cursor' }, { path: '/messages', times: Infinity });
    queue.inject({ kind: 'html' }, { path: /\/conversations$/ });
    expect(queue.take('/v19.0/1001/conversations')?.kind).toBe('html');
    expect(queue.take('/v19.0/1001/conversations')).toBeUndefined();
    expect(queue.take('/v19.0/t_1/messages')?.kind).toBe('invalid-cursor');
    expect(messages.remaining()).toBe(Infinity);
    messages.cancel();
    expect(messages.remaining()).toBe(0);
    expect(queue.take('/v19.0/t_1/messages')).toBeUndefined();
  });

  it('refuses nonsense counts with a message showing what is expected', () => {
    const queue = new FaultQueue();
    expect(() => queue.inject({ kind: 'reset' }, { after: -1 })).toThrow(/after must be a whole number >= 0/);
    expect(() => queue.inject({ kind: 'reset' }, { times: 1.5 })).toThrow(/times must be/);
  });
});
