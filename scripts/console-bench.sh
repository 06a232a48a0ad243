#!/usr/bin/env bash
# console-bench.sh pipes questions through Vigil's console adapter (the real
# binary, the embedded knowledge base, a fresh SQLite database) and prints
# questions per second, the peak resident memory and the resident memory of
# an idle console.
#
# Usage: scripts/console-bench.sh [number-of-questions]   (default 10000)
#
# The questions cycle through knowledge/testdata/*.jsonl (the "q" field of
# each line), or through a built-in list when those files are missing; the
# input ends with one `cancel` command.
# Throughput leaves out start-up (loading and indexing the knowledge base):
# the time of a run with one question is subtracted from the time of the
# run with all of them. Peak memory is the maximum resident set size reported by
# GNU time (/usr/bin/time -f %M, or $TIME_BIN) or, when that is not
# installed, the process's VmHWM read from /proc/<pid>/status once every
# answer has been printed, just before its input is closed. Idle memory is
# the VmRSS of a console that has answered one question and waits for the
# next, a second later.
set -euo pipefail

n=${1:-10000}
time_bin=${TIME_BIN:-/usr/bin/time} # set TIME_BIN=none to use /proc instead
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 [number-of-questions]" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building vigil..." >&2
(cd "$root" && go build -tags goolm -o "$tmp/vigil" .)

# questions: one per line, cycled to n lines
shopt -s nullglob
sets=("$root"/knowledge/testdata/*.jsonl)
if ((${#sets[@]} > 0)); then
	# A line that starts with a command that opens a guided report
	# ("Report pls - ...") is left out: the lines after it would be read
	# as the report's answers.
	sed -n 's/^{"q": *"\(\([^"\\]\|\\.\)*\)".*/\1/p' "${sets[@]}" | sed 's/\\"/"/g' |
		grep -viE '^[/!]?(report|signaler|melden)([^[:alnum:]]|$)' >"$tmp/pool"
	source="knowledge/testdata (${#sets[@]} files)"
else
	cat >"$tmp/pool" <<'EOF'
can I accept a bottle of wine from an embassy?
someone offered my MEP money to table an amendment
a think tank wants to pay for our trip to their capital
is a free dinner with a lobbyist allowed?
a recruiter on LinkedIn offers me a consultancy for a foreign firm
how do I report a suspicious approach?
puis-je accepter un cadeau d'une ambassade ?
darf ich eine Einladung zu einer Konferenz im Ausland annehmen?
EOF
	source="built-in list"
fi
pool=$(grep -c . "$tmp/pool")
awk -v n="$n" '{ q[NR] = $0 } END { for (i = 0; i < n; i++) print q[i % NR + 1]; print "cancel" }' "$tmp/pool" >"$tmp/questions"

export VIGIL_DATABASE="$tmp/bench.db"
# The first run creates the database and its key; its time is the start-up cost.
"$tmp/vigil" </dev/null >/dev/null 2>"$tmp/first.err"

now() { date +%s.%N; }

# run_vigil INPUT OUTPUT: runs vigil and sets peak_kb and peak_source.
run_vigil() {
	if "$time_bin" -f %M -o "$tmp/rss" true 2>/dev/null; then
		"$time_bin" -f %M -o "$tmp/rss" "$tmp/vigil" <"$1" >"$2" 2>"$tmp/err"
		peak_kb=$(tail -n 1 "$tmp/rss")
		peak_source="GNU time (maximum resident set size)"
		return
	fi
	# Keep standard input open after the input, so that the process is
	# still alive, with every answer given, when VmHWM is read. The input
	# ends with `cancel`, whose answer ("Nothing to cancel") marks the end.
	local pid feeder
	rm -f "$tmp/in" "$tmp/done"
	mkfifo "$tmp/in"
	"$tmp/vigil" <"$tmp/in" >"$2" 2>"$tmp/err" &
	pid=$!
	(
		cat "$1"
		while [ ! -e "$tmp/done" ]; do sleep 0.05; done
	) >"$tmp/in" &
	feeder=$!
	while ! grep -q 'Nothing to cancel' < <(tail -c 4096 "$2") && kill -0 "$pid" 2>/dev/null; do
		sleep 0.05
	done
	peak_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
	peak_source="VmHWM from /proc/<pid>/status"
	touch "$tmp/done"
	wait "$feeder" "$pid"
}

# idle_rss: the resident memory of a console that has answered one question
# and waits for the next (after a second, so that the memory handed back
# after learning is gone), read from /proc/<pid>/status as VmRSS, in kB.
idle_rss() {
	local pid feeder
	rm -f "$tmp/idle.in" "$tmp/idle.done"
	mkfifo "$tmp/idle.in"
	: >"$tmp/idle.out" # exists before the console opens it (it first waits on the FIFO)
	"$tmp/vigil" <"$tmp/idle.in" >"$tmp/idle.out" 2>"$tmp/idle.err" &
	pid=$!
	(
		head -n 1 "$tmp/questions"
		while [ ! -e "$tmp/idle.done" ]; do sleep 0.05; done
	) >"$tmp/idle.in" &
	feeder=$!
	while ! grep -q '^vigil> ' "$tmp/idle.out" && kill -0 "$pid" 2>/dev/null; do
		sleep 0.05
	done
	sleep 1
	idle_rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
	touch "$tmp/idle.done"
	wait "$feeder" "$pid" || true
}

printf '%s\ncancel\n' "$(head -n 1 "$tmp/questions")" >"$tmp/one"
t0=$(now)
run_vigil "$tmp/one" "$tmp/one.out"
t1=$(now)
idle_kb=$peak_kb
run_vigil "$tmp/questions" "$tmp/answers"
t2=$(now)

answers=$(grep -c '^vigil> ' "$tmp/answers" || true)
if [ "$answers" -ne $((n + 1)) ]; then
	echo "expected $((n + 1)) answers ($n questions and the final cancel), got $answers; stderr:" >&2
	tail -n 5 "$tmp/err" >&2
	exit 1
fi
if grep -q -e 'not loaded' -e 'could not look that up' -e "Let's record what happened" "$tmp/answers"; then
	echo "some questions were not answered from the knowledge base" >&2
	exit 1
fi

idle_rss

awk -v n="$n" -v pool="$pool" -v src="$source" -v t0="$t0" -v t1="$t1" -v t2="$t2" \
	-v kb="$peak_kb" -v idle="$idle_kb" -v how="$peak_source" -v rss="$idle_rss_kb" 'BEGIN {
	startup = t1 - t0; total = t2 - t1; work = total - startup
	printf "questions:        %d (%d distinct, from %s)\n", n, pool, src
	printf "start-up:         %.2f s (a run with one question)\n", startup
	printf "total:            %.2f s\n", total
	printf "questions/second: %.0f (excluding start-up), %.0f (including it)\n", (n - 1) / work, n / total
	printf "peak memory:      %.1f MiB (%.1f MiB for one question, while learning), %s\n", kb / 1024, idle / 1024, how
	printf "idle memory:      %.1f MiB (%d kB) resident, waiting for input after one answer (VmRSS)\n", rss / 1024, rss
}'
