-- The crawler's pass of bench/run.sh: wrk ... -s bench/crawl.lua URL --
-- PATHS THREADS DONE.  Every path of the file PATHS once, shared among
-- the THREADS threads; each thread stops when its last page has come back
-- and appends a line to the file DONE (the script then interrupts wrk,
-- which otherwise sleeps out its -d).  done() prints the pages that came
-- back, those that were not 200, and the seconds from the first request
-- to the last page (/proc/uptime), or to the end of -d when the pass did
-- not finish.
local threads = {}
local mine, sent, pages, bad = {}, 0, 0, 0
local checked, started, done_file

local function uptime()
	local f = assert(io.open("/proc/uptime"))
	local t = f:read("*n")
	f:close()
	return t
end

function setup(thread)
	threads[#threads + 1] = thread
	thread:set("id", #threads)
end

function init(args)
	local id, n, i = wrk.thread:get("id"), tonumber(args[2]), 0
	for line in io.lines(args[1]) do
		i = i + 1
		if i % n == id - 1 then mine[#mine + 1] = line end
	end
	done_file = args[3]
	-- wrk 4.1 calls request() once more on its first thread, to check
	-- the script, and never sends that one.
	checked = id ~= 1
end

local function finish()
	wrk.thread:set("ended", uptime())
	local f = assert(io.open(done_file, "a"))
	f:write("done\n")
	f:close()
	wrk.thread:stop()
end

function request()
	if not checked then
		checked = true
		return wrk.format("GET", "/favicon.ico")
	end
	if not started then
		started = uptime()
		wrk.thread:set("started", started)
	end
	sent = sent + 1
	if sent <= #mine then return wrk.format("GET", mine[sent]) end
	-- All sent: a static file while the last pages come back; a page
	-- that never does would hold the thread here, so not for ever.
	if sent == #mine + 2000 then finish() end
	return wrk.format("GET", "/favicon.ico")
end

function response(status, headers, body)
	if headers["Content-Type"] ~= "text/html; charset=utf-8" then return end
	pages = pages + 1
	if status ~= 200 then bad = bad + 1 end
	-- Kept as they come: wrk's -d may end the pass first.
	wrk.thread:set("pages", pages)
	wrk.thread:set("bad", bad)
	if pages == #mine then finish() end
end

function done(summary, latency, requests)
	local p, b, first, last = 0, 0, nil, 0
	for _, t in ipairs(threads) do
		p = p + (t:get("pages") or 0)
		b = b + (t:get("bad") or 0)
		local s, e = t:get("started"), t:get("ended") or uptime()
		if s and (not first or s < first) then first = s end
		if e > last then last = e end
	end
	io.write(string.format("crawl: %d pages, %d not 200, %.2f s\n", p, b,
	    first and last - first or 0))
end
