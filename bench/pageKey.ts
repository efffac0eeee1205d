/** The page a request asks for, whoever asks: its path without `/vNN.N`, and its `after` cursor. */
export function pageKey(url: string): string {
  const parsed = new URL(url, 'http://x');
  return `${parsed.pathname.replace(/^\/v\d+\.\d+/, '')}|${parsed.searchParams.get('after') ?? ''}`;
}
