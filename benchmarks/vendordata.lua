-- wrk script: nova's vendordata requests to novajoin-server, one new
-- instance per request.
--
--   wrk -s vendordata.lua URL -- PROJECT_ID NONCE [TOKEN]
--
-- NONCE (8 hex digits) makes the instances of a run new to IPA. done()
-- prints one JSON line: requests, seconds, latency percentiles in
-- milliseconds, and the errors wrk counted (non-2xx answers among them).

local threads = {}
local counter = 0
local project, nonce

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   local token
   project, nonce, token = args[1], args[2], args[3]
   wrk.method = "POST"
   wrk.path = "/v1"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Accept"] = "application/json"
   wrk.headers["User-Agent"] = "openstack-nova-vendordata"
   if token ~= nil and token ~= "" then
      wrk.headers["X-Auth-Token"] = token
   end
end

function request()
   counter = counter + 1
   local body = string.format(
      '{"project-id": "%s", "instance-id": "%s-%04x-4000-8000-%012x", ' ..
      '"image-id": "", "user-data": null, "hostname": "b%s-%d-%d", ' ..
      '"metadata": {"ipa_enroll": "True"}, "boot-roles": "member"}',
      project, nonce, thread_number, counter, nonce, thread_number, counter)
   return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      '{"requests": %d, "seconds": %.6f, "p50": %.3f, "p90": %.3f, ' ..
      '"p99": %.3f, "max": %.3f, "connect_errors": %d, "read_errors": %d, ' ..
      '"write_errors": %d, "non_2xx": %d, "timeouts": %d}\n',
      summary.requests, summary.duration / 1e6,
      latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
      latency:percentile(99) / 1e3, latency.max / 1e3,
      errors.connect, errors.read, errors.write, errors.status,
      errors.timeout))
end
