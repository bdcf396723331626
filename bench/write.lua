-- wrk script: durable write, PATCH of one person's care note.
-- Environment: BENCH_COOKIE ("maillage_session=..."), BENCH_CSRF,
-- BENCH_PATH (default /api/v1/persons/1). Each request carries a unique
-- note ("bench <thread>-<counter>") so that no write is a no-op.
local threads = {}
local next_id = 0

function setup(thread)
	next_id = next_id + 1
	thread:set("tid", next_id)
	table.insert(threads, thread)
end

function init(args)
	counter = 0
	wrk.method = "PATCH"
	wrk.path = os.getenv("BENCH_PATH") or "/api/v1/persons/1"
	wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
	wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF") or ""
	wrk.headers["Content-Type"] = "application/json"
end

function request()
	counter = counter + 1
	local body = string.format('{"data":{"soins":"bench %d-%d"}}',
	    tid, counter)
	return wrk.format(nil, nil, nil, body)
end
