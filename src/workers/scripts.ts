/** The Lua script of the polling workers; it runs atomically on the Redis server. */

/**
 * rxgc-commit-poll. KEYS[1] the Page's snapshot hash (`version`, `snapshot`, `poll`),
 * KEYS[2] the change stream. ARGV[1] expected version, ARGV[2] snapshot JSON, ARGV[3]
 * poll id, ARGV[4] Page id, then one (change id, change JSON) pair per change.
 * Returns { code, version }: 1 committed, 2 replayed (this poll id is the last commit:
 * the command was sent again after its reply was lost), 0 stale (version moved).
 * The snapshot and its changes are written together or not at all, so no save exists
 * without its changes.
 */
export const COMMIT_POLL = `
-- rxgc-commit-poll
local state = redis.call('HMGET', KEYS[1], 'version', 'poll')
local version = tonumber(state[1] or '0') or 0
if state[2] == ARGV[3] then return {2, version} end
if version ~= tonumber(ARGV[1]) then return {0, version} end
local nextVersion = version + 1
redis.call('HSET', KEYS[1], 'version', nextVersion, 'snapshot', ARGV[2], 'poll', ARGV[3])
for i = 5, #ARGV, 2 do
  redis.call('XADD', KEYS[2], '*', 'id', ARGV[i], 'page', ARGV[4], 'version', nextVersion, 'change', ARGV[i + 1])
end
return {1, nextVersion}
`;
