import { inspect } from 'node:util';

/** Every form an error takes when it is logged, printed or sent somewhere. */
export function renderedForms(error: unknown): string[] {
  const e = error as Error;
  return [String(e), e.message ?? '', e.stack ?? '', JSON.stringify(e) ?? '', inspect(e, { depth: 8, showHidden: true })];
}

/** Asserts that none of the error's forms contains any of the secrets. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  for (const form of renderedForms(error)) {
    for (const secret of secrets) expect(form).not.toContain(secret);
  }
}
