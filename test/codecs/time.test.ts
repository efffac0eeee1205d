import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { threadCodecFor } from '../../src/codecs/fields';
import { GraphDateTime, parseGraphTime } from '../../src/codecs/time';

describe('Graph timestamps', () => {
  it.each([
    '2024-02-31T12:30:05+0000',
    '2024-02-30T00:00:00+0000',
    '2023-02-29T00:00:00+0000',
    '2100-02-29T00:00:00+0000',
    '2024-04-31T00:00:00+0000',
    '2024-06-31T00:00:00Z',
    '2024-09-31T00:00:00+01:00',
    '2024-11-31T00:00:00.123-0130',
    '2024-02-28T24:00:00+0000',
    '2024-02-28T24:00:00Z',
    '2024-03-01T12:30:05+2400',
    '2024-03-01T12:30:05+01:60',
  ])('rejects the impossible %s instead of rolling it into another day', (text) => {
    expect(parseGraphTime(text)).toBeNaN();
    expect(isLeft(GraphDateTime.decode(text))).toBe(true);
  });

  it.each([
    ['2024-02-29T00:00:00+0000', Date.UTC(2024, 1, 29)],
    ['2000-02-29T23:59:59+0000', Date.UTC(2000, 1, 29, 23, 59, 59)],
    ['2023-12-31T23:59:59Z', Date.UTC(2023, 11, 31, 23, 59, 59)],
    ['2024-04-30T01:00:00+01:00', Date.UTC(2024, 3, 30)],
    ['2024-01-31T00:00:00.5-0130', Date.UTC(2024, 0, 31, 1, 30, 0, 500)],
  ])('reads the real date %s', (text, ms) => {
    expect(parseGraphTime(text)).toBe(ms);
  });

  it('refuses a thread whose updated_time is impossible, on the fast path too', () => {
    const decoded = threadCodecFor(['snippet']).decode({ id: 't_1', updated_time: '2024-02-31T12:30:05+0000' });
    expect(isRight(decoded)).toBe(false);
  });

  it('reads every instant of years 100-9999 in Graph\'s own form as Date does', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const text = `${date.toISOString().slice(0, 19)}+0000`;
        expect(parseGraphTime(text)).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes a date of any year, month and day as Date.UTC does, or refuses it when Date.UTC would roll it over', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }), (year, month, day, hour) => {
        const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:07:09+0000`;
        const ms = Date.UTC(year, month - 1, day, hour, 7, 9);
        const rolled = new Date(ms).getUTCDate() !== day;
        if (rolled) expect(parseGraphTime(text)).toBeNaN();
        else expect(parseGraphTime(text)).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });
});
