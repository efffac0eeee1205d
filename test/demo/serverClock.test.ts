import { ServerClock } from '../../demo/web/serverClock';

describe("the dashboard's clock", () => {
  it("runs on the server's Date, not the browser's clock, and ignores the header's rounding", () => {
    let local = Date.UTC(2026, 11, 5, 12, 0, 0);
    const clock = new ServerClock(() => local);
    expect(clock.now()).toBe(local);
    // An emulator whose clock started in 2024: the page measures ages on that clock.
    clock.observe('Fri, 01 Mar 2024 12:00:00 GMT');
    expect(clock.now()).toBe(Date.UTC(2024, 2, 1, 12, 0, 0, 500));
    local += 10_000;
    expect(clock.now()).toBe(Date.UTC(2024, 2, 1, 12, 0, 10, 500));
    // The next header says the same second, give or take its rounding: the clock stays steady.
    clock.observe('Fri, 01 Mar 2024 12:00:10 GMT');
    expect(clock.now()).toBe(Date.UTC(2024, 2, 1, 12, 0, 10, 500));
    clock.observe(null);
    clock.observe('not a date');
    expect(clock.now()).toBe(Date.UTC(2024, 2, 1, 12, 0, 10, 500));
    // A server clock that moved (set again, or another server): the offset follows.
    clock.observe('Fri, 01 Mar 2024 13:00:10 GMT');
    expect(clock.now()).toBe(Date.UTC(2024, 2, 1, 13, 0, 10, 500));
  });
});
