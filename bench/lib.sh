# shellcheck shell=bash
# shellcheck disable=SC2034  # HERE/SRC/S/B/BB are read by the sourcing script
# bench/lib.sh: the start every benchmark script shares: where it is, where its
# results go, and the Release build it measures. Sourced first:
#   . "$(dirname "$0")/lib.sh"     sets HERE (bench/), SRC and S (the repository)
#   bench_out [NAME]               exports BENCH_OUT (default bench/results/[NAME-]<timestamp>)
#                                  and creates it
#   bench_build DIR TESTING TARGET...
#                                  Release build (no sanitizers) of TARGETs in $SRC/DIR, with
#                                  BUILD_TESTING=TESTING (ON for the test clients); an existing
#                                  build named by BENCH_BUILD is used as it is. Sets BB (and B)
#                                  and exports PASSEND_BUILD_DIR / PASSEND_SOURCE_DIR for
#                                  tests/lib/env.sh, which the script sources next.
#   bench_h2load                   what an h2load benchmark needs: the Debian packages
#                                  (scripts/lib/deps.sh), h2load, and 65536 descriptors
#   bench_env LINE...              $BENCH_OUT/env.txt (also printed): the date, the host
#                                  (CPUs, memory, load) and the passendd commit, then LINEs
#   bench_json FIELD               FIELD of the JSON object on stdin (the CLI's --output json)
#   bench_grpc_body MESSAGE PROTO TEXT OUT
#                                  one gRPC message (flag, length, bytes) of passend.v1.MESSAGE
#                                  from proto/passend/v1/PROTO, given in protobuf text format,
#                                  into OUT: the request body h2load sends (grpc_load.sh)
#   bench_school_tenant CLI ADMIN_TOKEN NAME DUO_CODE N
#                                  through the server in PASSEND_SERVER: a tenant with a
#                                  bestuur token, a werkgebied and N schools (make_schools.py);
#                                  sets TENANT, TOKEN and SCHOOL_ID (the last school made) and
#                                  writes the GetSchool request of that school to
#                                  $BENCH_OUT/school.bin
HERE=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
S=$SRC

bench_out() {
	export BENCH_OUT=${BENCH_OUT:-$HERE/results/${1:+$1-}$(date +%Y%m%d-%H%M%S)}
	mkdir -p "$BENCH_OUT"
}

bench_build() {
	local dir=$1 testing=$2
	shift 2
	BB=${BENCH_BUILD:-$SRC/$dir}
	if [ -z "${BENCH_BUILD:-}" ]; then
		cmake -S "$SRC" -B "$BB" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING="$testing" >/dev/null
		make -C "$BB" -j"$(nproc)" "$@" >/dev/null
	fi
	B=$BB
	export PASSEND_BUILD_DIR=$BB PASSEND_SOURCE_DIR=$SRC
}

bench_h2load() {
	ulimit -n 65536 2>/dev/null || true
	bash "$SRC/scripts/lib/deps.sh"
	command -v h2load >/dev/null || {
		echo "h2load missing (nghttp2-client)" >&2
		exit 1
	}
}

bench_env() {
	{
		echo "date: $(date -u +%FT%TZ)"
		echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "passendd: $(git -C "$SRC" rev-parse --short HEAD) Release (+ working tree)"
		printf '%s\n' "$@"
	} | tee "$BENCH_OUT/env.txt"
}

bench_json() {
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

bench_grpc_body() {
	printf '%s\n' "$3" | protoc -I"$SRC/proto" --encode="passend.v1.$1" "$SRC/proto/passend/v1/$2" |
		/usr/bin/python3 -c 'import sys,struct; m=sys.stdin.buffer.read(); sys.stdout.buffer.write(b"\0"+struct.pack(">I",len(m))+m)' >"$4"
}

bench_school_tenant() {
	local cli=$1 admin=$2 name=$3 duo=$4 n=$5 wg
	TENANT=$(PASSEND_TOKEN=$admin "$cli" admin tenant create --name "$name" --duo-code "$duo" --output json |
		bench_json id)
	TOKEN=$(PASSEND_TOKEN=$admin "$cli" admin token create --role bestuur --tenant "$TENANT" \
		--description bench --output json | bench_json token)
	wg=$(PASSEND_TOKEN=$TOKEN "$cli" werkgebied create --name Bench --output json | bench_json id)
	/usr/bin/python3 "$HERE/make_schools.py" --n "$n" --werkgebied "$wg" --token "$TOKEN" \
		--target "$PASSEND_SERVER" --ca "$PASSEND_CA" --proto "$SRC/proto" >"$BENCH_OUT/schools.txt"
	SCHOOL_ID=$(tail -1 "$BENCH_OUT/schools.txt")
	bench_grpc_body GetSchoolRequest bestuur.proto "id: \"$SCHOOL_ID\"" "$BENCH_OUT/school.bin"
}
