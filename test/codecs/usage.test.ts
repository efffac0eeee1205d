import { parseUsageHeaders, usagePeak } from '../../src/index';

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
