import { usagePeak } from '../../src/index';
import { parseUsageHeaders } from '../../src/codecs/index';

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe('usage headers', () => {
  it('parses all three headers', () => {
    const usage = parseUsageHeaders(
      headers({
        'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
        'x-page-usage': '{"call_count":40,"total_time":1,"total_cputime":1,"estimated_time_to_regain_access":0}',
        'x-business-use-case-usage': '{"999":[{"type":"messenger","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":14}]}',
      }),
    );
    expect(usage?.app?.call_count).toBe(28);
    expect(usage?.page?.call_count).toBe(40);
    expect(usage?.businessUseCase?.['999']?.[0]?.type).toBe('messenger');
    expect(usage && usagePeak(usage)).toEqual({ percent: 95, regainAccessMs: 14 * 60_000 });
  });

  it('ignores malformed headers instead of failing', () => {
    expect(parseUsageHeaders(headers({ 'x-app-usage': '{not json', 'x-page-usage': '"text"' }))).toBeUndefined();
    expect(parseUsageHeaders(headers({}))).toBeUndefined();
    expect(parseUsageHeaders(headers({ 'x-app-usage': '{bad', 'x-page-usage': '{"call_count":3}' }))).toEqual({ page: { call_count: 3 } });
  });
});

describe('usage headers keep only known figures', () => {
  const TOKEN = 'EAAB-usage-leak-token-0123456789';

  it('drops business use case keys that are not id-shaped, and unknown type strings', () => {
    const usage = parseUsageHeaders(
      headers({
        'x-business-use-case-usage': JSON.stringify({
          [TOKEN]: [{ type: 'messenger', call_count: 50 }],
          [`${TOKEN}?x`]: [{ type: 'messenger', call_count: 60 }],
          '999': [{ type: TOKEN, call_count: 95 }, { type: 'messenger', call_count: 10, note: TOKEN }],
          '1234567890': [{ type: 'ads_management', total_time: 7 }],
        }),
      }),
    );
    expect(usage).toEqual({
      businessUseCase: {
        '999': [{ call_count: 95 }, { type: 'messenger', call_count: 10 }],
        '1234567890': [{ type: 'ads_management', total_time: 7 }],
      },
    });
    expect(JSON.stringify(usage)).not.toContain(TOKEN);
  });

  it('keeps only finite figures >= 0', () => {
    const usage = parseUsageHeaders(
      headers({
        'x-app-usage': '{"call_count":1e400,"total_time":-5,"total_cputime":12}',
        'x-page-usage': '{"call_count":"95","estimated_time_to_regain_access":1e400}',
        'x-business-use-case-usage': '{"999":[{"type":"messenger","call_count":-1e400,"estimated_time_to_regain_access":14}]}',
      }),
    );
    expect(usage).toEqual({ app: { total_cputime: 12 }, businessUseCase: { '999': [{ type: 'messenger', estimated_time_to_regain_access: 14 }] } });
  });

  it('a header that is not an object of figures is left out, not failed on', () => {
    expect(parseUsageHeaders(headers({ 'x-business-use-case-usage': '{"999":"messenger"}', 'x-app-usage': '[1,2]' }))).toBeUndefined();
    expect(parseUsageHeaders(headers({ 'x-business-use-case-usage': JSON.stringify({ [TOKEN]: [{ call_count: 1 }] }) }))).toBeUndefined();
  });
});
