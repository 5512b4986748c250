#!/usr/bin/env bash
# test_tlv_fixture: the Noord-Kennemerland 2016-2017 TLV report (issue 4):
# 158 TLVs generated through the API (tests/lib/nk_tlv_api.py on top of
# nk_demo.py) must give exactly the fixture tables in GetTlvReport, with
# suppression for toezicht, trimester handling, bad input and roles
# (tlv_fixture.py, python grpcio).
. "$(dirname "$0")/../lib/env.sh"

FIX="${PASSEND_NK_FIXTURES:-/work/shared/fixtures/noord-kennemerland-2016-2017}"
if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
	fail "python3-grpcio and python3-protobuf for /usr/bin/python3" "import failed"
	finish
fi
if [ ! -f "$FIX/tlv_bestemming.csv" ]; then
	fail "fixtures in $FIX" "tlv_bestemming.csv not found (set PASSEND_NK_FIXTURES)"
	finish
fi
env_up || { fail "env_up" "could not start PostgreSQL + passendd"; finish; }
py_checks "$S/tests/integration/tlv_fixture.py" --server "$PASSEND_SERVER" --ca "$PASSEND_CA" \
	--admin-token "$PASSEND_ADMIN_TOKEN" --src "$S" --out "$T/py" --fixtures "$FIX"
finish
