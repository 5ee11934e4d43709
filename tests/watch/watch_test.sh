#!/bin/bash
# leaktrace watch on watch_server (server.cpp), one case per CTest test:
#   watch_test.sh CASE TOOL SERVER WORK_DIR
# What each case expects follows from server.cpp: at RATE requests a second
# watch::Session grows by RATE each second (RATE * 60 a minute), the cache
# fills and stays at 40, buffers saw-tooth between 0 and 24, workers come
# and go. The rate is judged from window floors of a process the machine
# schedules as it likes: it must be within 10% of RATE * 60.
set -u
case_name=$1 tool=$2 server=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL ($case_name): $*"; for f in out err; do [ -f $f ] && { echo "--- $f"; cat $f; }; done; exit 1; }
# The "growing" member of the --json file, as "TYPE START END PER_MINUTE"
# lines.
growing() {
  python3 - "$1" <<'PY'
import json, sys
for g in json.load(open(sys.argv[1]))["growing"]:
    print(g["type"], g["start"], g["end"], g["per_minute"])
PY
}
within() { # VALUE EXPECTED PERCENT
  awk -v v="$1" -v e="$2" -v p="$3" 'BEGIN { d = v - e; if (d < 0) d = -d; exit !(d <= e * p / 100) }'
}

case $case_name in
leak_reported)
  # Only the leak grows; --fail-on-leak makes it status 3; the program the
  # tool started is stopped cleanly (its own last words are printed).
  "$tool" watch --every 0.1 --window 1 --for 6 --fail-on-leak --json w.json \
    -- "$server" 100 >out 2>err
  rc=$?
  [ $rc = 3 ] || fail "status $rc, not 3"
  grep -q "^handled [0-9]* requests$" err || fail "the server did not end cleanly"
  g=$(growing w.json)
  [ "$(echo "$g" | wc -l)" = 1 ] || fail "growing: $g"
  set -- $g
  [ "$1" = watch::Session ] || fail "growing type $1"
  within "$4" 6000 10 || fail "per_minute $4, not 6000 within 10%"
  # End minus start: what the requests between the first sample and the
  # last kept, 100 a second for about 6 seconds.
  within $(( $3 - $2 )) 600 10 || fail "grew from $2 to $3"
  grep -q "^  watch::Session: $2 at the start, $3 at the end, +" out || fail "summary"
  grep -q "^Watched $server 100 (pid [0-9]*) for 6.0 seconds: .*; --for 6.000 seconds passed, then the program was stopped.$" out || fail "summary line"
  # Where: recorded for one window once it grew, the objects of that window
  # still alive, made by the server's handle(): the window's requests, 100
  # a second over its length (from the sample that turned recording on to
  # the one that took the sites: a second, more when the machine is slow).
  grep -A3 "^    created at (objects made from [0-9.]* s to [0-9.]* s and alive at its end):$" out >sites || fail "no sites"
  n=$(sed -n 2p sites | awk '{print $1}')
  made=$(python3 -c 'import json,sys; s=json.load(open("w.json"))["growing"][0]["sites"]; print(round(100 * (s["to"] - s["from"])))')
  within "$n" "$made" 20 || fail "$n objects at the site, not about $made"
  grep -q "watch::Session::Session(long) at .*server.cpp:[0-9]*$" sites || fail "maker"
  grep -q "handle(long, double) at .*server.cpp:[0-9]*$" sites || fail "handle()"
  python3 - w.json <<'PY' || fail "sites in the JSON"
import json, sys
g = json.load(open(sys.argv[1]))["growing"][0]
assert g["sites"]["to"] - g["sites"]["from"] >= 0.99, g["sites"]
assert g["sites"]["sites"][0]["objects"] > 0
PY
  ;;
baseline)
  # Known growth: reported as known, no leak for --fail-on-leak. An entry
  # with "test" does not apply to a live program (it has no tests).
  printf '[{"type": "watch::Session", "reason": "the registry keeps every session"}]\n' >known.json
  "$tool" watch --no-sites --every 0.1 --window 1 --for 5 --fail-on-leak \
    --baseline known.json -- "$server" 100 leak >out 2>err
  rc=$?
  [ $rc = 0 ] || fail "status $rc, not 0"
  grep -q "^  watch::Session: .*; known (--baseline): the registry keeps every session$" out || fail "not known"
  printf '[{"type": "watch::Session", "test": "x"}]\n' >test-only.json
  "$tool" watch --no-sites --every 0.1 --window 1 --for 5 --fail-on-leak \
    --baseline test-only.json -- "$server" 100 leak >out 2>err
  rc=$?
  [ $rc = 3 ] || fail "an entry with a test accepted a live type: status $rc"
  ;;
no_sites)
  "$tool" watch --no-sites --every 0.1 --window 1 --for 5 --json w.json \
    -- "$server" 100 leak >out 2>err || fail "status $?"
  grep -q "created at" out && fail "sites recorded with --no-sites"
  python3 -c 'import json,sys; assert "sites" not in json.load(open("w.json"))["growing"][0]' || fail "sites in the JSON"
  ;;
bounded_not_reported)
  # A cache that fills, buffers freed in batches, threads that come and go:
  # nothing grows, --fail-on-leak passes.
  "$tool" watch --every 0.1 --window 1 --for 6 --fail-on-leak --json w.json \
    -- "$server" 100 cache sawtooth threads >out 2>err
  rc=$?
  [ $rc = 0 ] || fail "status $rc, not 0"
  [ -z "$(growing w.json)" ] || fail "growing: $(growing w.json)"
  grep -q "^Growing: none" out || fail "summary"
  ;;
attach)
  # Started by someone else with the control socket set, watched, left
  # running, watched again: the second watch sees it still growing.
  LEAKTRACE_CONTROL="$work/s-%p.sock" "$server" 100 leak 2>err &
  pid=$!
  for i in $(seq 100); do [ -S "$work/s-$pid.sock" ] && break; sleep 0.05; done
  "$tool" watch --attach $pid --every 0.1 --window 1 --for 4 --json a.json >out || fail "first watch: status $?"
  kill -0 $pid 2>/dev/null || fail "the program did not keep running"
  "$tool" watch --attach "$work/s-$pid.sock" --every 0.1 --window 1 --for 4 --json b.json >>out || fail "second watch: status $?"
  set -- $(growing a.json); a_end=$3
  set -- $(growing b.json)
  [ "$1" = watch::Session ] || fail "second watch: growing $1"
  [ "$2" -ge "$a_end" ] || fail "second watch started at $2, below the first's end $a_end"
  kill -TERM $pid; wait $pid || fail "the server did not end cleanly"
  [ ! -e "$work/s-$pid.sock" ] || fail "the socket file was left behind"
  ;;
interrupted)
  # Ctrl-C: the samples so far are kept and reported, the program stopped.
  "$tool" watch --every 0.1 --window 1 --json w.json --json-lines w.jsonl \
    -- "$server" 100 leak >out 2>err &
  tool_pid=$!
  sleep 3
  kill -INT $tool_pid
  wait $tool_pid; rc=$?
  [ $rc = 0 ] || fail "status $rc"
  grep -q "; interrupted, then the program was stopped.$" out || fail "summary line"
  n=$(python3 -c 'import json,sys; print(len(json.load(open("w.json"))["samples"]))')
  [ "$n" -ge 20 ] || fail "$n samples kept"
  [ "$(wc -l <w.jsonl)" = "$n" ] || fail "$(wc -l <w.jsonl) JSON lines for $n samples"
  grep -q "^handled" err || fail "the server did not end cleanly"
  ;;
outputs)
  # Prometheus' text format, rewritten each sample; the HTML chart.
  "$tool" watch --every 0.1 --window 1 --for 5 --prometheus m.prom \
    --html c.html -- "$server" 100 >out 2>err || fail "status $?"
  grep -q '^# TYPE leaktrace_live_objects gauge$' m.prom || fail "no gauge"
  grep -q '^leaktrace_live_objects{pid="[0-9]*",type="watch::CacheEntry"} 40$' m.prom || fail "cache entries"
  grep -q '^leaktrace_growing_per_minute{pid="[0-9]*",type="watch::Session"} [0-9.]*$' m.prom || fail "growing"
  [ ! -e m.prom.tmp ] || fail "temporary file left"
  grep -q '<polyline class="series" data-type="watch::Session"' c.html || fail "no series"
  ;;
html_in_chromium)
  # The chart opened in a real browser: its DOM has the growing type's
  # series, and the screenshot has the series' colour (#1f77b4) drawn.
  command -v chromium >/dev/null || fail "chromium not found: install it with scripts/install-deps"
  "$tool" watch --every 0.1 --window 1 --for 5 --html c.html \
    -- "$server" 100 leak cache >out 2>err || fail "status $?"
  browse() { HOME="$work" timeout 60 chromium --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --window-size=1000,800 "$@" "file://$work/c.html" 2>>browser.err; }
  browse --dump-dom >dom.html || fail "chromium --dump-dom failed: $(tail -3 browser.err)"
  grep -q '<polyline class="series" data-type="watch::Session"' dom.html || fail "no watch::Session series in the DOM"
  [ "$(grep -c '<polyline class="series"' dom.html)" = 1 ] || fail "series other than the growing type"
  browse --screenshot="$work/shot.png" >/dev/null || fail "no screenshot: $(tail -3 browser.err)"
  python3 - shot.png <<'PY' || fail "the screenshot shows no series"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride, prev, hits = zlib.decompress(idat), w * bpp, bytearray(w * bpp), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2,
                a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
        line[i] = (line[i] + pred) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x:x + 3]
        hits += abs(r - 0x1f) < 12 and abs(g - 0x77) < 12 and abs(bl - 0xb4) < 12
    prev = line
# The legend's square alone is about 130 such pixels, the drawn line about
# a thousand.
assert hits > 500, hits
PY
  ;;
terminal_table)
  # On a terminal (script(1) gives it one), a table redrawn in place after
  # each sample, as top does; the summary after it.
  command -v script >/dev/null || fail "script(1) not found (util-linux)"
  script -qfec "'$tool' watch --every 0.2 --window 1 --for 5 -- '$server' 100 leak cache" typescript >/dev/null 2>&1 || fail "status $?"
  tr -d '\r' <typescript >t # the terminal's line ends
  [ "$(grep -o $'\e\[H\e\[2J' t | wc -l)" -ge 20 ] || fail "the table was not redrawn each sample"
  grep -q "^type/class  *now  *change  growing" t || fail "no table header"
  grep -q "^watch::Session  *[0-9]*  *+[0-9]*  +[0-9.]*/min$" t || fail "no growing row"
  # +40, or +39 when the first request came before the first sample.
  grep -Eq "^watch::CacheEntry +40 +\+(39|40)  $" t || fail "no cache row"
  grep -q "^Growing: types whose floor" t || fail "no summary"
  ;;
paths_reported)
  # --paths: at the end of the window, the scan tells what became of the
  # objects the window made: every one alive, reached from the global
  # registry through its vector's heap block (server.cpp). The census since
  # the window started grew by at least those (no Session is destroyed).
  src=$(dirname "$0")/server.cpp
  line=$(grep -n "^std::vector<std::unique_ptr<watch::Session>> Registry" "$src" | cut -d: -f1)
  "$tool" watch --paths --every 0.1 --window 1 --for 6 --fail-on-leak \
    --json w.json -- "$server" 100 leak >out 2>err
  rc=$?
  [ $rc = 3 ] || fail "status $rc, not 3"
  n=$(grep -A1 "^    created at (objects made from" out | sed -n 2p | awk '{print $1}')
  [ -n "$n" ] || fail "no site"
  grep -q "^    the window left $n: $n alive (reached from a root)$" out || fail "fates"
  grep -q "^    kept alive by:$" out || fail "no paths"
  # Kept by the registry, but for a stray or two: the scan is conservative,
  # and the last Session made may also be reached from a thread's stack or
  # registers (a copy of its pointer left in a frame of main, or the server
  # stopped in handle() between make_unique and push_back), the shorter
  # path. The JSON check below sums the paths.
  grep -A2 -E "^      [0-9]+  global \(anonymous namespace\)::Registry at .*server.cpp:$line$" out >path || fail "not kept by the registry"
  m=$(head -1 path | awk '{print $1}')
  [ "$m" -ge $((n - 2)) ] || fail "the registry keeps $m of $n"
  grep -q "^ *-> a [0-9]*-byte block made by std::vector<std::unique_ptr<watch::Session>>::" path || fail "the vector's block"
  # sizeof(watch::Session): a long and a std::string.
  grep -q "^ *-> watch::Session, in a 40-byte block made by std::make_unique<watch::Session" path || fail "the sessions' blocks"
  grep -q "not a leak" out && fail "called not a leak"
  python3 - w.json "$n" <<'PY' || fail "retention in the JSON"
import json, sys
g = json.load(open(sys.argv[1]))["growing"][0]
n = int(sys.argv[2])
s = g["sites"]
assert g["not_a_leak"] is False, g
assert {k: v for k, v in s["fates"].items() if v} == {"reachable": n}, s["fates"]
c = s["census"]
assert c["live_end"] - c["live_start"] >= n and c["ended_end"] == c["ended_start"] == 0, c
paths = s["paths"]
assert sum(p["objects"] for p in paths) == n, paths
registry = [p for p in paths if p["steps"][0]["kind"] == "global" and "Registry" in p["steps"][0]["text"]]
others = [p for p in paths if p not in registry]
assert registry and sum(p["objects"] for p in others) <= 2, paths
assert all(p["steps"][0]["kind"] in ("stack", "register") for p in others), others
PY
  ;;
paths_pool_not_a_leak)
  # Pooled objects made over the last one in their slot: the count grows by
  # one per request, so without --paths it is reported as growing and
  # --fail-on-leak fails. With --paths the scan finds as many really alive
  # at the window's end as at its start, the 64 slots (server.cpp): not a
  # leak, and --fail-on-leak passes.
  "$tool" watch --every 0.1 --window 1 --for 5 --fail-on-leak \
    -- "$server" 100 pool >out 2>err
  rc=$?
  [ $rc = 3 ] || fail "without --paths: status $rc, not 3"
  "$tool" watch --paths --every 0.1 --window 1 --for 6 --fail-on-leak \
    --json w.json -- "$server" 100 pool >out 2>err
  rc=$?
  [ $rc = 0 ] || fail "with --paths: status $rc, not 0"
  grep -q "^  watch::Pooled: " out || fail "not growing"
  grep -q "^    not a leak: its objects end without their destructor (the window: 64 really alive before it, 64 after; " out || fail "not judged"
  python3 - w.json <<'PY' || fail "the JSON"
import json, sys
g = json.load(open(sys.argv[1]))["growing"][0]
assert g["type"] == "watch::Pooled" and g["not_a_leak"] is True, g
c = g["sites"]["census"]
assert c["live_start"] == c["live_end"] == 64, c
PY
  ;;
paths_attach)
  # Attached: a program started without LEAKTRACE_SCAN has no paths, and
  # the message says how to start it; one started with it and the shim has.
  shim=$(dirname "$tool")/../lib/libleaktrace_heap.so
  LEAKTRACE_CONTROL="$work/s-%p.sock" "$server" 100 leak 2>err &
  pid=$!
  for i in $(seq 100); do [ -S "$work/s-$pid.sock" ] && break; sleep 0.05; done
  "$tool" watch --paths --attach $pid --every 0.1 --window 1 --for 5 >out || fail "first watch: status $?"
  kill -TERM $pid; wait $pid
  grep -q "^Retention paths: none: the program was not readied for a scan from its start: start it with LEAKTRACE_SCAN=1 and LD_PRELOAD=.*libleaktrace_heap.so as well as LEAKTRACE_CONTROL$" out || fail "no message"
  grep -q "kept alive by" out && fail "paths without a scan"
  LEAKTRACE_CONTROL="$work/t-%p.sock" LEAKTRACE_SCAN=1 LD_PRELOAD="$shim" "$server" 100 leak 2>err &
  pid=$!
  for i in $(seq 100); do [ -S "$work/t-$pid.sock" ] && break; sleep 0.05; done
  "$tool" watch --paths --attach $pid --every 0.1 --window 1 --for 5 >out || fail "second watch: status $?"
  kill -TERM $pid; wait $pid || fail "the server did not end cleanly"
  grep -q "^      [0-9]*  global (anonymous namespace)::Registry at .*server.cpp:[0-9]*$" out || fail "no path"
  grep -q "^Retention paths: the heap was not known" out && fail "the shim did not load"
  ;;
not_instrumented)
  "$tool" watch --every 0.1 -- /bin/true >out 2>err
  rc=$?
  [ $rc = 4 ] || fail "status $rc, not 4"
  grep -q "^leaktrace: error: /bin/true exited with status 0 before its runtime listened on the control socket: is it linked with leaktrace's runtime" err || fail "message"
  ;;
bad_arguments)
  expect() { # STATUS MESSAGE ARGS...
    local status=$1 message=$2; shift 2
    "$tool" watch "$@" >out 2>err; local rc=$?
    [ $rc = $status ] || fail "$*: status $rc, not $status"
    grep -qF -- "$message" err || fail "$*: no '$message'"
  }
  expect 2 "watch: give the program after '--'" --every 1
  expect 2 "watch: give --attach or a program after '--', not both" --attach 1 -- "$server" 1
  expect 2 "--every and --window must be more than 0 seconds" --every 0 -- "$server" 1
  expect 2 "holds fewer than two samples" --every 5 --window 6 -- "$server" 1
  expect 2 "watch takes its own options" -N 3 -- "$server" 1
  expect 2 "watch: --paths are of the objects whose sites are recorded: drop --no-sites" --paths --no-sites -- "$server" 1
  expect 2 "the process was not started with LEAKTRACE_CONTROL set" --attach $$
  expect 4 "cannot connect to $work/none.sock" --attach "$work/none.sock"
  ;;
*) echo "unknown case $case_name"; exit 2 ;;
esac
echo "ok ($case_name)"
