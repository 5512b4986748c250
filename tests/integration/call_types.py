#!/usr/bin/python3
# call_types: an independent gRPC implementation (Debian python3-grpcio)
# drives client-streaming and bidirectional calls of passendd-calltest
# (passendd with the test-only area passend.test.Calls) over TLS: results,
# auth before the handler starts, an answer before the client is done,
# interleaved and pipelined bidirectional messages, a slow handler, message
# size, deadline and cancel; with --suite max_streams (passendd started with
# --max_concurrent_streams=4) open streams count against the limit.
# Prints "ok - X" / "FAIL - X: why" per check (tests/lib/scenario.py).
import os
import queue
import sys
import time

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import scenario  # noqa: E402
from scenario import check, eq, err_text, rpc_error  # noqa: E402

P = "/passend.test.Calls/"


def load_calls(src, out):
    """calls_pb2 from tests/integration/proto/passend/test/calls.proto."""
    proto_dir = os.path.join(src, "tests", "integration", "proto")
    os.makedirs(out, exist_ok=True)
    import subprocess
    subprocess.run(["protoc", "--python_out=" + out, "-I" + proto_dir,
                    os.path.join(proto_dir, "passend", "test", "calls.proto")], check=True)
    sys.path.insert(0, out)
    from passend.test import calls_pb2
    return calls_pb2


class Client:
    def __init__(self, server, ca, pb):
        with open(ca, "rb") as f:
            creds = grpc.ssl_channel_credentials(root_certificates=f.read())
        self.ch = grpc.secure_channel(server, creds, options=[("grpc.max_send_message_length", -1),
                                                             ("grpc.max_receive_message_length", -1)])
        self.pb = pb
        ser, summ, chunk = pb.Chunk.SerializeToString, pb.Summary.FromString, pb.Chunk.FromString
        self.sum = self.ch.stream_unary(P + "Sum", request_serializer=ser, response_deserializer=summ)
        self.slow = self.ch.stream_unary(P + "SlowSum", request_serializer=ser, response_deserializer=summ)
        self.hold = self.ch.stream_unary(P + "Hold", request_serializer=ser, response_deserializer=summ)
        self.echo = self.ch.stream_stream(P + "Echo", request_serializer=ser, response_deserializer=chunk)
        self.stats = self.ch.unary_unary(P + "GetStats", request_serializer=pb.StatsRequest.SerializeToString,
                                         response_deserializer=pb.Stats.FromString)


class Feed:
    """A request iterator the test feeds one message at a time (None ends it)."""

    def __init__(self):
        self.q = queue.Queue()

    def __iter__(self):
        while True:
            m = self.q.get()
            if m is None:
                return
            yield m

    def put(self, m):
        self.q.put(m)


def client_streaming(c, pb, token):
    md = [("authorization", "Bearer " + token)]
    chunks = (pb.Chunk(seq=i, payload=b"x" * 1024) for i in range(1000))
    r, e = rpc_error(lambda: c.sum(chunks, metadata=md, timeout=30))
    check("Sum: 1000 chunks -> one Summary", e is None and r.messages == 1000 and
          r.payload_bytes == 1024 * 1000 and r.last_seq == 999, err_text(e) if e else str(r))
    r, e = rpc_error(lambda: c.sum(iter(()), metadata=md, timeout=30))
    check("Sum: no chunk at all -> an empty Summary", e is None and r.messages == 0 and r.last_seq == -1,
          err_text(e) if e else str(r))
    r, e = rpc_error(lambda: c.sum(iter([pb.Chunk(seq=1)]), timeout=30))
    check("Sum without a token: UNAUTHENTICATED",
          e is not None and e.code() == grpc.StatusCode.UNAUTHENTICATED, err_text(e))

    def refused():
        yield pb.Chunk(seq=-1)
        for i in range(100000):
            yield pb.Chunk(seq=i, payload=b"y" * 1024)
    r, e = rpc_error(lambda: c.sum(refused(), metadata=md, timeout=30))
    check("Sum: the handler refuses (INVALID_ARGUMENT) before the client is done",
          e is not None and e.code() == grpc.StatusCode.INVALID_ARGUMENT and e.details() == "seq must be >= 0",
          err_text(e))


def bidirectional(c, pb):
    feed = Feed()
    it = c.echo(iter(feed), timeout=30)
    rounds = 0
    try:
        for i in range(50):
            feed.put(pb.Chunk(seq=i, payload=bytes([i % 256]) * 10))
            r = next(it)
            if r.seq != i or r.payload != bytes([i % 256]) * 10:
                break
            rounds += 1
        feed.put(None)
        rest = list(it)
        eq("Echo: 50 rounds, each answered before the next is sent", rounds, 50)
        eq("Echo: nothing after the half-close but OK", rest, [])
    except grpc.RpcError as e:
        check("Echo interleaved", False, err_text(e))

    reqs = [pb.Chunk(seq=i, payload=b"z" * 2048, copies=4) for i in range(500)]
    out, e = rpc_error(lambda: list(c.echo(iter(reqs), timeout=60)))
    check("Echo pipelined: 500 chunks x 4 copies back in order",
          e is None and len(out) == 2000 and [m.seq for m in out] == [i // 4 for i in range(2000)],
          err_text(e) if e else "%d answers" % len(out))


def slow_handler(c, pb):
    chunks = (pb.Chunk(seq=i, payload=b"s" * 65536) for i in range(256))  # 16 MiB
    t0 = time.monotonic()
    r, e = rpc_error(lambda: c.slow(chunks, metadata=[("x-delay-ms", "1")], timeout=120))
    check("SlowSum: 16 MiB through a handler that takes one chunk per ms",
          e is None and r.messages == 256 and r.payload_bytes == 256 * 65536,
          err_text(e) if e else str(r))
    check("SlowSum: the client was held back by the handler (>= 256 ms)", time.monotonic() - t0 >= 0.256,
          "%.3f s" % (time.monotonic() - t0))


def limits(c, pb):
    big = pb.Chunk(seq=1, payload=b"\0" * (4 << 20))  # 4 MiB payload: above max_message_bytes with its framing
    out, e = rpc_error(lambda: list(c.echo(iter([big]), timeout=30)))
    check("Echo with a message over max_message_bytes: RESOURCE_EXHAUSTED",
          e is not None and e.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, err_text(e))

    def forever():
        i = 0
        while True:
            yield pb.Chunk(seq=i)
            i += 1
            time.sleep(0.01)
    t0 = time.monotonic()
    r, e = rpc_error(lambda: c.hold(forever(), timeout=1))
    check("Hold with timeout 1 s: DEADLINE_EXCEEDED",
          e is not None and e.code() == grpc.StatusCode.DEADLINE_EXCEEDED and time.monotonic() - t0 < 10,
          err_text(e))

    before = c.stats(c.pb.StatsRequest(), timeout=10)
    feed = Feed()
    fut = c.hold.future(iter(feed), timeout=30)
    feed.put(pb.Chunk(seq=1))
    deadline = time.monotonic() + 10
    while c.stats(c.pb.StatsRequest(), timeout=10).started <= before.started and time.monotonic() < deadline:
        time.sleep(0.05)
    fut.cancel()
    feed.put(None)
    seen = False
    while time.monotonic() < deadline and not seen:
        seen = c.stats(c.pb.StatsRequest(), timeout=10).abandoned > before.abandoned
        if not seen:
            time.sleep(0.05)
    check("Hold cancelled by the client: the handler sees the end", seen and fut.cancelled(), "not seen")


def max_streams(c, pb):
    feeds, its = [], []
    for i in range(4):
        f = Feed()
        it = c.echo(iter(f), timeout=60)
        f.put(pb.Chunk(seq=i))
        r, e = rpc_error(lambda: next(it))
        check("Echo stream %d of 4 is open" % (i + 1), e is None and r.seq == i, err_text(e))
        feeds.append(f)
        its.append(it)
    out, e = rpc_error(lambda: list(c.echo(iter([pb.Chunk(seq=99)]), timeout=1.5)))
    check("a fifth stream waits for a free one (max_concurrent_streams=4): DEADLINE_EXCEEDED",
          e is not None and e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, err_text(e) if e else str(out))
    for f, it in zip(feeds, its):
        f.put(None)
        list(it)
    out, e = rpc_error(lambda: list(c.echo(iter([pb.Chunk(seq=5)]), timeout=10)))
    check("after the four end, a new stream runs", e is None and [m.seq for m in out] == [5], err_text(e))


def main():
    ap = scenario.arg_parser(flags=("--server", "--ca", "--admin-token", "--src", "--out"))
    ap.add_argument("--suite", default="calls", choices=("calls", "max_streams"))
    a = ap.parse_args()
    pb = load_calls(a.src, a.out)
    c = Client(a.server, a.ca, pb)
    if a.suite == "max_streams":
        max_streams(c, pb)
    else:
        client_streaming(c, pb, a.admin_token)
        bidirectional(c, pb)
        slow_handler(c, pb)
        limits(c, pb)
    c.ch.close()
    scenario.done()


if __name__ == "__main__":
    main()
