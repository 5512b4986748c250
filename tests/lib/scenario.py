# scenario: what every Python scenario driver (tests/integration/*.py, run by
# tests/lib/run_py.sh; also the interop clients) shares: the common flags the
# runner passes, the "ok - X" / "FAIL - X: why" lines env.sh's py_checks
# counts as assertions, gRPC errors as values, psql for checks that read the database directly, and
# protoc-generated modules of the project's .proto files.
import argparse
import importlib.util
import os
import subprocess
import sys

# Every flag run_py.sh passes; a driver reads the ones it needs.
COMMON_FLAGS = {
    "--server": "HOST:PORT of the running passendd",
    "--ca": "the CA certificate passendd's certificate chains to",
    "--admin-token": "the admin token of `passendd admin bootstrap`",
    "--db": "libpq conninfo of passend_app (what passendd serves with)",
    "--owner-db": "libpq conninfo of passend_owner (migrations, bootstrap)",
    "--super-db": "libpq conninfo of the superuser postgres (reads past RLS)",
    "--build": "the build directory (passendd, passend)",
    "--src": "the source directory",
    "--out": "a scratch directory of this run",
}

passes = 0
failures = 0


def arg_parser(description=None, flags=tuple(COMMON_FLAGS)):
    """An ArgumentParser with the common flags (all required; a script not
    run by run_py.sh names the ones it takes in flags); add the driver's own
    flags, then call parse_args()."""
    ap = argparse.ArgumentParser(description=description)
    for flag in flags:
        ap.add_argument(flag, required=True, help=COMMON_FLAGS[flag])
    return ap


def parse_args(description=None):
    """The common flags of a driver that takes no others."""
    return arg_parser(description).parse_args()


def check(name, cond, why=""):
    """One assertion: prints "ok - NAME" or "FAIL - NAME: WHY" and counts it.
    Returns cond."""
    global passes, failures
    if cond:
        passes += 1
        print("ok - " + name, flush=True)
    else:
        failures += 1
        print("FAIL - %s: %s" % (name, why), flush=True)
    return cond


def eq(name, got, want):
    """check() that got == want, saying both when they differ."""
    return check(name, got == want, "got %r, want %r" % (got, want))


def rpc_error(fn):
    """Run fn() (a gRPC call); return (result, None) or (None, grpc.RpcError)."""
    import grpc
    try:
        return fn(), None
    except grpc.RpcError as e:
        return None, e


def err_text(e):
    """A gRPC error as "CODE: details" for a failure line, or "no error"."""
    return "no error" if e is None else "%s: %s" % (e.code().name, e.details())


def psql(conninfo, query):
    """The result of one query (rows joined by newlines, columns by "|") as
    the role of conninfo. Raises RuntimeError when psql fails."""
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", conninfo, "-c", query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError("psql: %s" % p.stderr.strip())
    return p.stdout.strip()


def psql_script(conninfo, script):
    """(exit code, stdout, stderr) of psql -At running script (stopping at the
    first error) as the role of conninfo."""
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", conninfo],
                       input=script, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def principal_script(role, swv, scope, q):
    """q in one transaction with the principal of one RPC (role, tenant, scope
    ids) set as passendd sets it."""
    pre = ["BEGIN;", "SET LOCAL ROLE passend_%s;" % role, "SET LOCAL passend.role = '%s';" % role,
           "SET LOCAL passend.swv_id = '%s';" % swv]
    if scope:
        pre.append("SET LOCAL passend.scope = '%s';" % ",".join(scope))
    return "\n".join(pre + [q, "COMMIT;"]) + "\n"


def audit_last(conninfo, token_id, path):
    """The latest audit row of token_id for method path ("/passend.v1.Werkgebied/GetMdo"), read
    as the role of conninfo (the superuser): (its object ids as a set, its outcome code), or
    (None, None) without one."""
    out = psql(conninfo, "SELECT array_to_string(object_ids, ' ') || '|' || outcome FROM platform.audit_log "
                         "WHERE token_id = '%s' AND method = '%s' ORDER BY id DESC LIMIT 1" % (token_id, path))
    if not out:
        return None, None
    ids, outcome = out.split("|")
    return set(ids.split()), int(outcome)


def expect(name, res, want, details=None):
    """Check that the call (a passend_rpc result) answered code want, and
    exactly the message details when given; returns res."""
    good = res.code == want and (details is None or res.details == details)
    check(name, good, "got %s %r, want %s%s" % (res.code, res.details, want,
                                                 (" %r" % details) if details is not None else ""))
    return res


def protoc(src_dir, out_dir, protos):
    """Generate the python modules of protos (paths below SRC/proto) into
    out_dir and put out_dir on sys.path. Raises when protoc fails."""
    os.makedirs(out_dir, exist_ok=True)
    proto_dir = os.path.join(src_dir, "proto")
    subprocess.run(["protoc", "--python_out=" + out_dir, "-I" + proto_dir]
                   + [os.path.join(proto_dir, p) for p in protos], check=True)
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)


def load_generated(out_dir, relpath, name):
    """A module protoc() generated into out_dir (relpath such as
    "grpc/health/v1/health_pb2.py"), loaded from its file as `name`: the
    package name `grpc` of the gRPC .proto files is taken by grpcio."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(out_dir, relpath))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_health(out_dir):
    """health_pb2 generated by protoc() into out_dir."""
    return load_generated(out_dir, os.path.join("grpc", "health", "v1", "health_pb2.py"), "passend_test_health_pb2")


def proc_kib(pid, field):
    """A kB figure of /proc/PID/status (e.g. "VmRSS", "VmHWM"), or None when
    the process or the field is not there."""
    try:
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def exit_code():
    """1 if any check failed, else 0."""
    return 1 if failures else 0


def done():
    """Exit with exit_code()."""
    sys.exit(exit_code())
