/**
 * The Lua scripts of the Redis adapters. Each runs atomically on the server; times come
 * from the server's clock (`TIME`), so workers on hosts with skewed clocks agree.
 */

/** KEYS[1] snapshot hash. ARGV[1] expected version, ARGV[2] snapshot JSON. Returns 1 if saved. */
export const COMPARE_AND_SET = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', version + 1, 'snapshot', ARGV[2])
return 1
`;

/**
 * KEYS[1] throttle hash (percent, regainAt, lastStartAt), KEYS[2] zset of reserved starts.
 * ARGV[1] threshold, ARGV[2] maxDelayMs, ARGV[3] maxRequests (0: no cap), ARGV[4] windowMs,
 * ARGV[5] maxWaitMs.
 * The same reservation as the in-process reserveSlot, plus a hard cap: the slot is moved
 * until fewer than maxRequests starts fall in the windowMs before it. Starts are reserved
 * in non-decreasing order, so any window of windowMs holds at most maxRequests of them.
 * A regainAt more than maxWaitMs ahead (left by an older version or another config) is
 * clamped and written back, and the hash gets the TTL of stateTtlMs (usageThrottle.ts), so
 * a budget nobody uses disappears. Returns the wait in ms.
 */
export const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local threshold = tonumber(ARGV[1])
local maxDelay = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local maxWait = tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'percent', 'regainAt', 'lastStartAt')
local percent = tonumber(state[1] or '0') or 0
local regainAt = math.min(tonumber(state[2] or '0') or 0, now + maxWait)
local start = math.max(now, regainAt)
local last = tonumber(state[3] or '')
if last then
  local spacing = 0
  if percent >= threshold then
    if threshold >= 100 then spacing = maxDelay
    else spacing = math.floor(maxDelay * math.min(1, (percent - threshold) / (100 - threshold)) + 0.5) end
  end
  start = math.max(start, last + spacing)
end
if cap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[2])
  if count >= cap then
    local kth = redis.call('ZRANGE', KEYS[2], count - cap, count - cap, 'WITHSCORES')
    start = math.max(start, tonumber(kth[2]) + window)
  end
  local seq = redis.call('INCR', KEYS[2] .. ':seq')
  redis.call('ZADD', KEYS[2], start, start .. ':' .. seq)
  redis.call('PEXPIRE', KEYS[2], start - now + window)
  redis.call('PEXPIRE', KEYS[2] .. ':seq', start - now + window)
end
redis.call('HSET', KEYS[1], 'regainAt', regainAt, 'lastStartAt', start)
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(0, regainAt - now, start - now) + maxDelay + maxWait))
return start - now
`;

/**
 * KEYS[1] throttle hash. ARGV[1] percent ('' keeps the stored one), ARGV[2] regain ms from now (a trusted figure,
 * already clamped), ARGV[3] maxDelayMs, ARGV[4] maxWaitMs. Folds a usage report in, keeps
 * regainAt within maxWaitMs of now, and renews the TTL of stateTtlMs.
 */
export const RECORD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxWait = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'regainAt', 'lastStartAt')
local regainAt = math.min(math.max(tonumber(state[1] or '0') or 0, now + tonumber(ARGV[2])), now + maxWait)
local last = tonumber(state[2] or '') or now
redis.call('HSET', KEYS[1], 'regainAt', regainAt)
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'percent', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(0, regainAt - now, last - now) + tonumber(ARGV[3]) + maxWait))
return 0
`;

/** KEYS[1] throttle hash. Returns percent, regainAt, lastStartAt. */
export const READ = `
return redis.call('HMGET', KEYS[1], 'percent', 'regainAt', 'lastStartAt')
`;
