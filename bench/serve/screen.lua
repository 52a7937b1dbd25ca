-- wrk script: POST /api/screen with the example patients in turn (native and FHIR), and a count
-- of answers by status class. Usage: wrk -s bench/serve/screen.lua URL/api/screen (from the repository root).
local files = {
  "patients/examples/eligible.json", "patients/examples/ineligible.json", "patients/examples/indeterminate.json",
  "patients/examples/haic-candidate.json", "patients/examples/prolong-candidate.json",
  "patients/fhir/eligible.json", "patients/fhir/ineligible.json", "patients/fhir/indeterminate.json",
}
local requests = {}
for i, name in ipairs(files) do
  local f = assert(io.open(name, "rb"))
  local body = f:read("*a")
  f:close()
  local type = name:find("fhir") and "application/fhir+json" or "application/json"
  requests[i] = wrk.format("POST", nil, { ["Content-Type"] = type }, body)
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  s2, s4, s5, other = 0, 0, 0, 0
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then s2 = s2 + 1
  elseif status >= 400 and status < 500 then s4 = s4 + 1
  elseif status >= 500 then s5 = s5 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local a2, a4, a5, ao = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a2 = a2 + t:get("s2"); a4 = a4 + t:get("s4"); a5 = a5 + t:get("s5"); ao = ao + t:get("other")
  end
  io.write(string.format("status classes: 2xx %d, 4xx %d, 5xx %d, other %d\n", a2, a4, a5, ao))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
