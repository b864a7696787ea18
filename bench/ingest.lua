-- wrk script: the same realistic tracker beacons as ingest.mjs's requestFor (a new visitor every 4
-- requests, browser headers, UTM on every 9th, a custom event every 11th), for wrk -t1.
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
}
local pages = { "/", "/pricing", "/blog/launch", "/docs/install", "/signup", "/about" }
local referrers = { "", "https://www.google.com/", "https://news.ycombinator.com/item?id=1", "https://github.com/cairn/cairn", "" }
local site = os.getenv("BENCH_SITE") or "bench.example"
-- Each run starts its visitors elsewhere (BENCH_OFFSET), so rounds do not continue each other's visits.
local i = tonumber(os.getenv("BENCH_OFFSET") or "0")

request = function()
  local visitor = math.floor(i / 4)
  local page = pages[(i % #pages) + 1]
  local custom = i % 11 == 10
  local url = "https://" .. site .. page .. ((i % 9 == 0) and "?utm_source=newsletter&utm_medium=email" or "")
  local referrer = referrers[(visitor % #referrers) + 1]
  local body = '{"site":"' .. site .. '","type":"' .. (custom and "event" or "pageview") .. '","url":"' .. url .. '"'
  if referrer ~= "" then body = body .. ',"referrer":"' .. referrer .. '"' end
  body = body .. ',"title":"Bench page","screen":"' .. ((visitor % 3 == 0) and "390x844" or "1920x1080") .. '"'
  if custom then body = body .. ',"name":"Signup","props":{"plan":"pro"}' end
  body = body .. "}"
  local headers = {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = agents[(visitor % #agents) + 1],
    ["X-Forwarded-For"] = string.format("100.%d.%d.%d", math.floor(visitor / 65536) % 256, math.floor(visitor / 256) % 256, visitor % 256),
    ["Accept-Language"] = "en-GB,en;q=0.9",
    ["Origin"] = "https://" .. site,
  }
  i = i + 1
  return wrk.format("POST", "/api/event", headers, body)
end
