-- wrk -s bench/hits.lua http://127.0.0.1:PORT/live/hit?article=N
--
-- The counting pixel as browsers send it, every request from a new
-- visitor: wrk can only send one fixed Cookie, so each request gets its own
-- random bantin_vid (32 lowercase hex digits, the form bantin-live accepts)
-- and a browser User-Agent (deploy/bots.txt matches none of it).  Each hit
-- is then a first sighting: a visit, a presence row and, with ?article=N, a
-- view — one write transaction.  New visitors are bounded per address, so
-- each request also names an address of its own in X-Forwarded-For, which
-- the bench's live workers believe from wrk's loopback
-- (BANTIN_TRUSTED_PROXIES=127.0.0.1 in bench/run.sh): a crowd of readers.

local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 " ..
           "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
local fmt = string.format
local random = math.random

-- Every wrk thread has its own Lua state: seed each from /dev/urandom so
-- two threads never produce the same sequence of visitors.
function init(args)
	local f = assert(io.open("/dev/urandom", "rb"))
	local b = f:read(4)
	f:close()
	local seed = 0
	for i = 1, 4 do seed = seed * 256 + b:byte(i) end
	math.randomseed(seed)
end

function request()
	local vid = fmt("%04x%04x%04x%04x%04x%04x%04x%04x",
		random(0, 65535), random(0, 65535), random(0, 65535), random(0, 65535),
		random(0, 65535), random(0, 65535), random(0, 65535), random(0, 65535))
	local from = fmt("10.%d.%d.%d", random(0, 255), random(0, 255),
		random(1, 254))
	return wrk.format("GET", nil, {
		["User-Agent"] = ua,
		["X-Forwarded-For"] = from,
		["Cookie"] = "bantin_vid=" .. vid,
		["Accept"] = "image/avif,image/webp,image/*,*/*;q=0.8",
	})
end
