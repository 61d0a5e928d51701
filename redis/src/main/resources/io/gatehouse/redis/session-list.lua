-- Reads one slice of a subject's index, newest first, and returns the live sessions in it, without extending them;
-- drops the dead ids it meets from the index. The caller pages with the returned cursor until it has enough.
-- KEYS[1]  the subject's index, a sorted set of session ids scored by creation time (µs)
-- KEYS[2]  the subject's "not valid before" marker (ms)
-- ARGV[1]  key prefix of the subject's sessions, to which an id's last 22 characters are appended
-- ARGV[2]  where this slice starts: '+inf' for the newest, else a cursor this script returned
-- ARGV[3]  most index entries to read (the slice)
-- ARGV[4]  most sessions to return
-- Returns  {cursor, session, session...}, sessions newest first, each
--          {id, subject, created, last seen, idle timeout, absolute expiry, attribute name, value...};
--          the cursor is where the next slice starts, or '' if no older entry is left (or enough were found)
--
-- Entries older than the marker are revoked, so the read stops at it without looking at them (revoke-all leaves
-- some behind when a subject has more sessions than it deletes in one call). Session keys are derived from index
-- members: same hash tag, same Cluster slot.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local notBefore = tonumber(redis.call('GET', KEYS[2]) or '0')
local floor = '-inf'
if notBefore > 0 then
  floor = string.format('%.0f', notBefore * 1000)
end
local slice = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])

local page = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], floor, 'WITHSCORES', 'LIMIT', 0, slice)
local more = #page == 2 * slice
if more then
  -- The next slice starts below this one's lowest score: read the rest of the ids that share it now.
  local lowest = page[#page]
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], lowest, lowest)) do
    local seen = false
    for i = #page - 1, 1, -2 do
      if page[i + 1] ~= lowest then
        break
      end
      seen = seen or page[i] == id
    end
    if not seen then
      page[#page + 1] = id
      page[#page + 1] = lowest
    end
  end
end

local sessions = {}
local dead = {}
for i = 1, #page, 2 do
  local id = page[i]
  local fields = redis.call('HGETALL', ARGV[1] .. string.sub(id, 23))
  local s = {}
  for j = 1, #fields, 2 do
    s[fields[j]] = fields[j + 1]
  end
  if #fields == 0 or now >= tonumber(s['x']) or now >= tonumber(s['l']) + tonumber(s['i'])
      or tonumber(s['c']) < notBefore then
    dead[#dead + 1] = id
  else
    local entry = {id, s['sub'], tonumber(s['c']), tonumber(s['l']), tonumber(s['i']), tonumber(s['x'])}
    for j = 1, #fields, 2 do
      if string.sub(fields[j], 1, 2) == 'a:' then
        entry[#entry + 1] = string.sub(fields[j], 3)
        entry[#entry + 1] = fields[j + 1]
      end
    end
    sessions[#sessions + 1] = entry
    if #sessions == wanted then
      more = false
      break
    end
  end
end
if #dead > 0 then
  redis.call('ZREM', KEYS[1], unpack(dead))
end

local cursor = ''
if more then
  cursor = '(' .. page[#page]
end
table.insert(sessions, 1, cursor)
return sessions
