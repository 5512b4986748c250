#!/usr/bin/python3
# make_seeds: writes the seed corpus of every fuzz target into
# tests/fuzz/corpus/<target>/seed-* (regression inputs, regress-*, are kept):
# client byte streams made by an independent HTTP/2 client (python3-h2),
# one request per method of the API with plausible field values (from the
# .proto files, so new methods get seeds), and real lines of the fixture
# CSV files, the CLI's own examples. Run it again after changing the API:
#   /usr/bin/python3 tests/fuzz/make_seeds.py
# Needs python3-h2, python3-protobuf and protoc (Debian packages of the project).
import glob
import os
import struct
import subprocess
import sys
import tempfile

import h2.config
import h2.connection
import h2.events

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(HERE, "corpus")
FIXTURES = os.path.join(SRC, "tests", "fixtures", "noord-kennemerland-2016-2017")
PROTOS = ["grpc/health/v1/health.proto", "passend/v1/common.proto",
          "passend/v1/platform.proto", "passend/v1/tenancy.proto",
          "passend/v1/bestuur_jaarrekening.proto", "passend/v1/bestuur.proto", "passend/v1/toezicht.proto",
          "passend/v1/werkgebied_lijsten.proto", "passend/v1/werkgebied_vragen.proto",
          "passend/v1/werkgebied_arrangementen.proto", "passend/v1/werkgebied_mdo.proto",
          "passend/v1/werkgebied.proto", "passend/v1/rapportage.proto"]
UUIDS = ["3f2c8a1e-5b7d-4c9e-8a6f-1d2e3f4a5b6c", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"]


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear(target):
    for p in glob.glob(os.path.join(CORPUS, target, "seed-*")):
        os.remove(p)


# ---- protobuf: generated modules and plausible values ----------------------

def load_protos(out):
    proto_dir = os.path.join(SRC, "proto")
    subprocess.run(["protoc", "--python_out=" + out, "-I" + proto_dir]
                   + [os.path.join(proto_dir, p) for p in PROTOS], check=True)
    sys.path.insert(0, out)
    import importlib.util
    mods = []
    for p in PROTOS:
        path = os.path.join(out, p.replace(".proto", "_pb2.py"))
        spec = importlib.util.spec_from_file_location("seed_" + p.replace("/", "_")[:-6], path)
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        mods.append(m)
    return mods


def text_for(name):
    """A plausible value for a string field, by its name."""
    n = name.lower()
    if n.endswith("_ids") or n.endswith("_id") or n == "id":
        return UUIDS[0]
    if n == "request_id":
        return UUIDS[1]
    if "brin" in n:
        return "12AB"
    if n == "vestiging":
        return "00"
    if "duo" in n or n == "code":
        return "PO 27-04"
    if n in ("schooljaar",):
        return "2016-2017"
    if "national_id" in n:
        return "123456782"
    if n == "token":
        return UUIDS[0] + ".c2VjcmV0"
    if n == "header":
        return "brin,vestiging,name,soort"
    if n == "rows":
        return "12AB,00,De Regenboog,bao\n34CD,01,\"Nexus, SBO\",sbo\n"
    if n in ("page_token",):
        return ""
    if n == "service":
        return "passend.v1.Platform"
    if n == "periode":
        return "T2"
    return "De Regenboog"


def int_for(name):
    n = name.lower()
    if "year" in n or "jaar" in n:
        return 2017
    if n == "month":
        return 8
    if n == "day":
        return 1
    if n == "trimester":
        return 2
    if n in ("count",):
        return 3
    if n in ("page_size",):
        return 10
    if "cents" in n or "bedrag" in n:
        return 123456
    if n == "first_line":
        return 2
    return 1


def fill(msg, depth=0):
    """Set every field of msg to a plausible value (messages to depth 3)."""
    from google.protobuf.descriptor import FieldDescriptor as F
    for f in msg.DESCRIPTOR.fields:
        rep = f.label == F.LABEL_REPEATED
        if f.type == F.TYPE_MESSAGE:
            if depth >= 3 or f.message_type.GetOptions().map_entry:
                continue
            sub = getattr(msg, f.name).add() if rep else getattr(msg, f.name)
            fill(sub, depth + 1)
            if f.message_type.name == "Date":
                sub.year, sub.month, sub.day = 2017, 3, 15
            elif f.message_type.name == "MonthDay":
                sub.month, sub.day = 8, 1
            elif f.message_type.name == "Timestamp":
                sub.seconds, sub.nanos = 1500000000, 0
            elif f.message_type.name == "PageRequest":
                sub.page_size, sub.page_token = 10, ""
            continue
        if f.type == F.TYPE_STRING:
            v = text_for(f.name)
        elif f.type == F.TYPE_BYTES:
            v = b"x"
        elif f.type == F.TYPE_BOOL:
            v = True
        elif f.type == F.TYPE_ENUM:
            vals = [e.number for e in f.enum_type.values if e.number != 0]
            v = vals[0] if vals else 0
        elif f.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
            v = 1.5
        else:
            v = int_for(f.name)
        if rep:
            if f.name == "update_mask":
                continue  # set below from the object's fields
            getattr(msg, f.name).append(v)
        else:
            setattr(msg, f.name, v)
    if "update_mask" in msg.DESCRIPTOR.fields_by_name:
        obj = [f for f in msg.DESCRIPTOR.fields if f.type == f.TYPE_MESSAGE and f.name != "update_mask"]
        if obj:
            names = [x.name for x in obj[0].message_type.fields if x.name not in ("id", "tenant_id", "created_at")]
            msg.update_mask.extend(names[:2])


def methods(mods):
    """(path, request class) of every method declared in the protos."""
    out = []
    for m in mods:
        for svc in m.DESCRIPTOR.services_by_name.values():
            for meth in svc.methods:
                cls = None
                for mm in mods:
                    if meth.input_type.full_name.startswith(mm.DESCRIPTOR.package + "."):
                        cls = getattr(mm, meth.input_type.name, None)
                        if cls:
                            break
                out.append(("/%s/%s" % (svc.full_name, meth.name), cls))
    return out


# ---- HTTP/2 client streams ---------------------------------------------------

def grpc_msg(payload, flag=0):
    return struct.pack(">BI", flag, len(payload)) + payload


def health_req(service):
    # grpc.health.v1.HealthCheckRequest: field 1 string
    b = service.encode()
    n, v = len(b), b""
    while n >= 128:
        v += bytes([n & 0x7f | 0x80])
        n >>= 7
    return b"\x0a" + v + bytes([n]) + b


class Client:
    def __init__(self):
        self.c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True,
                                                                         header_encoding="utf-8"))
        self.c.initiate_connection()

    def call(self, path, body, extra=(), ctype="application/grpc", method="POST", end=True):
        sid = self.c.get_next_available_stream_id()
        hdrs = [(":method", method), (":scheme", "https"), (":path", path), (":authority", "localhost")]
        if ctype:
            hdrs.append(("content-type", ctype))
        hdrs += [("te", "trailers")] + list(extra)
        self.c.send_headers(sid, hdrs, end_stream=body is None)
        if body is not None:
            for i in range(0, max(len(body), 1), 16384):
                self.c.send_data(sid, body[i:i + 16384], end_stream=end and i + 16384 >= len(body))
        return sid

    def bytes(self):
        return self.c.data_to_send()


def h2_seeds():
    clear("h2")
    ok = grpc_msg(health_req("x"))
    seeds = {}

    def one(name, path, body, extra=(), sched=0, **kw):
        c = Client()
        c.call(path, body, extra, **kw)
        seeds[name] = bytes([sched]) + c.bytes()

    one("unary", "/fuzz.F/Unary", ok, [("x-meta", "v"), ("x-bin-bin", "AAEC")])
    one("unary-bytewise", "/fuzz.F/Unary", ok, sched=1)
    one("unary-37", "/fuzz.F/Unary", ok, sched=2)
    one("error-message", "/fuzz.F/Unary", grpc_msg(health_req("e caf\u00e9 100% \n gone")))
    one("health", "/grpc.health.v1.Health/Check", grpc_msg(health_req("passend.v1.Platform")))
    one("stream", "/fuzz.F/Stream", grpc_msg(health_req("abcdefgh")))
    one("stream-slow", "/fuzz.F/Stream", grpc_msg(health_req("abcd")), sched=3)
    one("hold-finish", "/fuzz.F/Hold", ok, sched=64 | 5)
    one("hold-drain", "/fuzz.F/Hold", ok, sched=128 | 64 | 9)
    one("timeout-0", "/fuzz.F/Unary", ok, [("grpc-timeout", "0m")])
    one("timeout-1s", "/fuzz.F/Hold", ok, [("grpc-timeout", "1S")])
    one("timeout-bad", "/fuzz.F/Unary", ok, [("grpc-timeout", "12345678901H")])
    one("auth-bearer", "/fuzz.F/Auth", ok, [("authorization", "Bearer " + UUIDS[0] + ".c2VjcmV0LXNlY3JldA")])
    one("auth-missing", "/fuzz.F/Auth", ok)
    one("auth-malformed", "/fuzz.F/Auth", ok, [("authorization", "Basic abc")])
    one("bad-ctype", "/fuzz.F/Unary", ok, ctype="application/json")
    one("ctype-proto", "/fuzz.F/Unary", ok, ctype="application/grpc+proto")
    one("no-ctype", "/fuzz.F/Unary", ok, ctype=None)
    one("get", "/fuzz.F/Unary", None, method="GET")
    one("unknown", "/fuzz.F/Nope", ok)
    one("compressed", "/fuzz.F/Unary", grpc_msg(health_req("x"), flag=1), [("grpc-encoding", "gzip")])
    one("bad-flag", "/fuzz.F/Unary", grpc_msg(health_req("x"), flag=7))
    one("two-messages", "/fuzz.F/Unary", ok + ok)
    one("truncated", "/fuzz.F/Unary", ok[:-1])
    one("oversized", "/fuzz.F/Unary", struct.pack(">BI", 0, 1 << 20))
    one("bad-proto", "/fuzz.F/Unary", grpc_msg(b"\x0a\x7fx"))
    one("empty-body", "/fuzz.F/Unary", b"")
    one("big-split", "/fuzz.F/Unary", grpc_msg(health_req("y" * 20000)))
    one("big-header", "/fuzz.F/Unary", ok, [("x-big", "v" * 5000)])
    # several streams, a reset, a ping, a window update, settings, goaway
    c = Client()
    a = c.call("/fuzz.F/Hold", ok)
    b = c.call("/fuzz.F/Stream", grpc_msg(health_req("stream")), end=False)
    c.c.send_data(b, b"", end_stream=True)
    c.c.reset_stream(a)
    c.c.ping(b"12345678")
    c.c.increment_flow_control_window(1 << 20)
    c.c.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 100})
    c.call("/fuzz.F/Unary", ok)
    c.c.close_connection()
    seeds["mixed"] = bytes([64 | 7]) + c.bytes()
    # a message cut over two DATA frames, then a stream that only half-closes
    c = Client()
    sid = c.call("/fuzz.F/Unary", ok[:3], end=False)
    c.c.send_data(sid, ok[3:], end_stream=True)
    c.call("/fuzz.F/Hold", ok, end=False)
    seeds["split-prefix"] = bytes([0]) + c.bytes()
    # many streams at once (more than max_concurrent_streams)
    c = Client()
    for i in range(20):
        c.call("/fuzz.F/Hold", ok)
    seeds["many-streams"] = bytes([0]) + c.bytes()
    # the preface alone, then garbage
    seeds["preface-garbage"] = bytes([0]) + b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x04\x08\x00\x00\x00\x00\x00"
    for name, data in seeds.items():
        write("h2", name, data)


def methods_seeds(mods):
    clear("methods")
    for path, cls in methods(mods):
        base = path.strip("/").replace("/", "-").replace("passend.v1.", "").replace("grpc.health.v1.", "")
        write("methods", base + "-empty", path.encode() + b"\n\x00")
        if cls is None:
            continue
        msg = cls()
        fill(msg)
        write("methods", base, path.encode() + b"\n\x00" + msg.SerializeToString())
        # the same request as the next allowed role
        write("methods", base + "-role1", path.encode() + b"\n\x01" + msg.SerializeToString())


def small_seeds():
    clear("grpc_frame")
    ok = grpc_msg(health_req("passend.v1.Platform"))
    for name, data in {
        "one": b"\x20\x00" + ok, "two-bytewise": b"\x20\x01" + ok + ok, "compressed-allowed": b"\xa0\x03" + grpc_msg(b"zz", 1),
        "compressed": b"\x20\x05" + grpc_msg(b"zz", 1), "too-large": b"\x01\x00" + grpc_msg(b"y" * 40),
        "bad-flag": b"\x20\x00\x02\x00\x00\x00\x01x", "partial": b"\x20\x02" + ok[:7], "empty-msg": b"\x20\x00" + grpc_msg(b""),
    }.items():
        write("grpc_frame", name, data)
    clear("pct")
    for name, data in {"ascii": b"request message larger than 4194304 bytes", "utf8": "caf\u00e9 100% \u2713\n".encode(),
                       "encoded": b"caf%C3%A9 100%25 gone%0A", "bad-escapes": b"%%4%zz%4G%a", "controls": bytes(range(0, 32))}.items():
        write("pct", name, data)
    clear("grpc_timeout")
    for v in ["1m", "10S", "99999999H", "5M", "250u", "1n", "0m", "123456789S", "1x", "m"]:
        write("grpc_timeout", v, v.encode())
    write("grpc_timeout", "max-u64", b"\xff" * 8)
    clear("csv")
    for p in sorted(glob.glob(os.path.join(FIXTURES, "*.csv"))):
        with open(p, "rb") as f:
            lines = f.read().split(b"\n")[:4]
        write("csv", os.path.basename(p)[:-4], b"\n".join(lines) + b"\n")
    for name, data in {
        "quoted": b'brin,name\r\n12AB,"De ""Regenboog"", Alkmaar"\r\n34CD,"two\nlines"\r\n',
        "bom-blank": b"\xef\xbb\xbfa,b\n\n\r\n1,2\r",
        "bad-quote": b'a,"b\n', "garbage": b'"a"b,c\n', "lone-cr": b"a,b\rc\r",
        "import-scholen": b"brin,vestiging,name,soort,gemeente,werkgebied\n12AB,00,De Regenboog,bao,Alkmaar,Alkmaar-Noord\n",
    }.items():
        write("csv", name, data)
    clear("config")
    for name, data in {
        "full": b"# passendd\nlisten_host = 0.0.0.0\nport = 7443\nworkers = 2\n"
                b"tls_cert = /etc/passend/server.pem\ntls_key = \"/etc/passend/server key.pem\" # quoted\n"
                b"max_message_bytes = 4M\nmax_header_bytes = 16K\nidle_timeout_ms = 300000\n"
                b"db = \"host=/run/postgresql dbname=passend user=passend_app\"\ndb_pool_size = 4\nlog_level = info\n",
        "h2c-flags": b"listen_host = 127.0.0.1\x00--h2c\x00--port=0\x00--db\x00dbname=passend\x00-c\x00/dev/null",
        "bad-line": b"port 7443\n", "unknown": b"colour = blue\n", "unterminated": b"db = \"abc\n",
        "escapes": b"db = \"a \\\"b\\\" \\\\ c\"   # comment\nlog_level=debug\r\n",
        "flags-only": b"\x00--max-message-bytes\x0065536\x00--workers=3\x00--log_level=warn",
    }.items():
        write("config", name, data)
    clear("cli_values")
    for name, data in {
        "date": b"\x002016-08-01", "leap": b"\x002016-02-29", "month-day": b"\x0108-01", "span": b"\x021h30m",
        "span-weeks": b"\x022w3d", "instant-date": b"\x032017-03-15", "instant-utc": b"\x032017-03-15T10:30:00Z",
        "instant-offset": b"\x032017-03-15T10:30+02:00", "instant-span": b"\x037d", "duration": b"\x041m30s",
        "duration-frac": b"\x041.5s", "duration-ms": b"\x04500ms", "list": b"\x05a, b,c", "list-bad": b"\x05a,,b",
        "enum": b"\x06raad-van-toezicht", "enum-2": b"\x0eSBO", "all": b"\x072017-03-15",
    }.items():
        write("cli_values", name, data)


def cli_seeds():
    """The command lines of the CLI's own examples (client/cli/*.c), as argument lists."""
    import re
    import shlex
    clear("cli")
    seen = set()
    for path in sorted(glob.glob(os.path.join(SRC, "client", "cli", "*.c"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r'"  passend ([^"]*)', text):
            line = m.group(1).replace("\\n", "").replace("\\", "").replace('\\"', '"').strip()
            line = re.split(r"\s[|>]\s", line)[0]
            try:
                words = shlex.split(line)
            except ValueError:
                words = line.split()
            words = [w for w in words if not w.startswith("$")]
            if not words or tuple(words) in seen:
                continue
            seen.add(tuple(words))
            write("cli", "%03d-%s" % (len(seen), "-".join(words[:3])[:40].replace("/", "_")),
                  "\0".join(words).encode())
    for name, args in {"help": ["--help"], "bad-flag": ["bestuur", "school", "list", "--nope"],
                       "typo": ["bestur"], "globals": ["--timeout", "1m30s", "--output", "json", "health"]}.items():
        write("cli", name, "\0".join(args).encode())


def main():
    with tempfile.TemporaryDirectory() as tmp:
        mods = load_protos(tmp)
        methods_seeds(mods)
    h2_seeds()
    small_seeds()
    cli_seeds()


if __name__ == "__main__":
    main()
