/**
 * Deterministic generation of thread records. Seeding is one pass of a few PRNG draws
 * per thread (no messages are generated here, ids need no uniqueness checks).
 */
import { decimalDigits, hexDigits, intBetween, mix32, type Random } from './random';
import type { ThreadRecord } from './model';
import type { Folder, Platform } from './types';

// See random.ts: global lookups are slow under a VM sandbox, and this loop runs 100k times.
const { floor, max, min } = Math;

/** Seeded threads spread over the four weeks before the clock's base. */
const SPAN_MS = 28 * 24 * 3600 * 1000;

/**
 * Mints ids that are unique by construction, so seeding never checks a map: each id
 * embeds a serial number passed through a bijection (random-looking, never repeating),
 * next to random digits for looks.
 */
export class IdMint {
  private serial = 0;

  /**
   * A thread id in one of the two shapes Graph uses: about a third
   * `t_mid.1460972298060:1e3b607d4aac03ef23` (dots and colons: paths must be encoded),
   * the rest `t_` + 15 digits.
   */
  threadId(random: Random, nearMs: number, style?: { readonly graphIds: boolean; readonly platform: Platform }): string {
    const serial = this.next();
    if (style?.graphIds === true) return style.platform === 'INSTAGRAM' ? instagramId(serial, random, 66) : `t_${decimalDigits(random, 7)}${scrambled8(serial)}`;
    if (random() < 1 / 3) {
      const unique = mix32(serial, 0x7468).toString(16).padStart(8, '0');
      return `t_mid.${nearMs - intBetween(random, 0, 86_400_000)}:${unique}${hexDigits(random, 10)}`;
    }
    return `t_${decimalDigits(random, 7)}${scrambled8(serial)}`;
  }

  /** A page-scoped user id: 16 digits on Messenger, 17 on Instagram (IGSID). */
  userId(random: Random, platform: Platform): string {
    return `${decimalDigits(random, platform === 'INSTAGRAM' ? 9 : 8)}${scrambled8(this.next())}`;
  }

  private next(): number {
    this.serial += 1;
    if (this.serial >= 100_000_000) throw new Error('emulator: more than 100 million ids minted');
    return this.serial;
  }
}

/**
 * An Instagram-shaped id: `aWdfZAG` (base64 of `ig_d`...) and base64url characters,
 * unique by the serial in its first bytes. 66 random bytes make a 95-character thread id.
 */
export function instagramId(serial: number, random: Random, bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUInt32BE(serial >>> 0, 0);
  for (let i = 4; i < bytes; i += 1) buffer[i] = floor(random() * 256);
  return `aWdfZAG${buffer.toString('base64url')}`;
}

/** 8 digits, a bijection of the serial modulo 10^8 (48271 is coprime with 10). */
function scrambled8(serial: number): string {
  return `${(serial * 48_271 + 12_345_678) % 100_000_000}`.padStart(8, '0');
}

export interface ListSeed {
  readonly pageId: string;
  readonly platform: Platform;
  readonly folder: Folder;
  readonly count: number;
  readonly baseMs: number;
  /** Ids shaped like today's Graph ids (realism `graph`). */
  readonly graphIds: boolean;
}

/** Generates one folder's threads, newest first, with strictly decreasing times. */
export function seedList(list: ListSeed, random: Random, mint: IdMint, register: (thread: ThreadRecord) => void): ThreadRecord[] {
  // Instagram's Requests folder reaches further back: Graph leaves out its threads
  // inactive for 30 days (Instagram Login), so some must be that old.
  const span = list.platform === 'INSTAGRAM' && list.folder === 'other' ? 2 * SPAN_MS + SPAN_MS / 4 : SPAN_MS;
  const meanGapSeconds = max(1, floor(span / 1000 / max(1, list.count)));
  const threads: ThreadRecord[] = new Array<ThreadRecord>(list.count);
  let time = list.baseMs - 1000 * intBetween(random, 60, 3600);
  for (let i = 0; i < list.count; i += 1) {
    const seededCount = intBetween(random, 1, 40);
    const unread = list.folder !== 'spam' && random() < 0.2 ? intBetween(random, 1, min(3, seededCount)) : 0;
    const thread: ThreadRecord = {
      id: mint.threadId(random, time, { graphIds: list.graphIds, platform: list.platform }),
      pageId: list.pageId,
      platform: list.platform,
      folder: list.folder,
      updatedMs: time,
      unread,
      seed: floor(random() * 0x100000000),
      seededCount,
      seededNewestMs: time,
      gapMs: 1000 * intBetween(random, 30, 6 * 3600),
      userId: mint.userId(random, list.platform),
      userName: undefined,
      added: undefined,
      graphIds: list.graphIds,
    };
    threads[i] = thread;
    // Registered at once, so the next ids are checked against this one too.
    register(thread);
    time -= 1000 * intBetween(random, 1, 2 * meanGapSeconds);
  }
  return threads;
}
