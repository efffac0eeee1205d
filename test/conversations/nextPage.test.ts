import { isLeft, isRight } from 'fp-ts/Either';
import { nextPageUrl } from '../../src/conversations/nextPage';

const policy = {
  origin: 'https://graph.facebook.com',
  carry: { fields: 'id,updated_time,snippet', limit: '25', folder: 'other' },
  redact: (s: string) => s,
};

describe('following paging.next', () => {
  it('removes the embedded access token and keeps the cursor as given', () => {
    const result = nextPageUrl('https://graph.facebook.com/v19.0/1/conversations?access_token=EAAB&fields=id,updated_time,snippet&limit=25&folder=other&after=QVFI', policy);
    expect(isRight(result)).toBe(true);
    const url = new URL(isRight(result) ? (result.right ?? '') : '');
    expect(url.searchParams.has('access_token')).toBe(false);
    expect(url.searchParams.get('after')).toBe('QVFI');
  });

  it('puts back options a next URL dropped', () => {
    const result = nextPageUrl('https://graph.facebook.com/v19.0/1/conversations?after=QVFI', policy);
    const url = new URL(isRight(result) ? (result.right ?? '') : '');
    expect(url.searchParams.get('fields')).toBe('id,updated_time,snippet');
    expect(url.searchParams.get('folder')).toBe('other');
    expect(url.searchParams.get('limit')).toBe('25');
  });

  it('follows next URLs that are not after= cursors', () => {
    const result = nextPageUrl('https://graph.facebook.com/v19.0/t_1/messages?limit=25&until=1476721922&__paging_token=enc_AdD', policy);
    const url = new URL(isRight(result) ? (result.right ?? '') : '');
    expect(url.searchParams.get('__paging_token')).toBe('enc_AdD');
    expect(url.searchParams.get('until')).toBe('1476721922');
  });

  it.each([
    ['another host', 'https://evil.example/v19.0/1/conversations?after=x'],
    ['another scheme', 'http://graph.facebook.com/v19.0/1/conversations?after=x'],
    ['another port', 'https://graph.facebook.com:8443/v19.0/1/conversations'],
    ['credentials in the URL', 'https://user:pw@graph.facebook.com/v19.0/1/conversations'],
    ['not a URL', '/v19.0/1/conversations?after=x'],
  ])('refuses %s', (_name, next) => {
    const result = nextPageUrl(next, policy);
    expect(isLeft(result) && result.left.kind).toBe('unsafe-paging');
  });

  it('ends the walk when next is absent', () => {
    expect(nextPageUrl(undefined, policy)).toEqual({ _tag: 'Right', right: undefined });
  });
});
