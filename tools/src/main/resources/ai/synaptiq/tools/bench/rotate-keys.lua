-- wrk script of `./synaptiq bench live`: each request carries the next API key of the list given
-- after `--` (wrk ... URL -- KEY1 KEY2 ...), so the load spreads over the accounts as many
-- dashboards' polls would. The requests are built once per key; each one only picks the next.
local requests = {}
local last = 0

function init(args)
  for i, key in ipairs(args) do
    requests[i] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. key })
  end
  if #requests == 0 then
    error("rotate-keys.lua: give the API keys after --")
  end
end

function request()
  last = last % #requests + 1
  return requests[last]
end
