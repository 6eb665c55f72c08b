-- wrk script for scripts/bench.sh: POST one Iris instance to /predict,
-- the single-instance fast path.
wrk.method = "POST"
wrk.body = '{"instance":[5.1,3.5,1.4,0.2]}'
wrk.headers["Content-Type"] = "application/json"
