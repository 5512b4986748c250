#!/usr/bin/python3
"""grpcio_server.py: an independent gRPC server (Python grpcio, TLS) that
libpassend's interop driver calls. It serves Health/Check, Platform
GetServerInfo and WatchServerInfo from the project's .proto files (modules
generated with `protoc --python_out`), plus test-only methods under
/passend.interop.Test/: Fail (aborts with a non-ASCII message), Sleep (for
deadlines), Flaky (UNAVAILABLE twice, then OK: retries), Collect
(client-streaming: sums ServerInfo messages) and Chat (bidirectional: echoes
each ServerInfo) for libpassend's streaming calls.

usage: grpcio_server.py GEN_DIR CERT KEY PORT_FILE
"""
import importlib.util
import os
import sys
import threading
import time
from concurrent import futures

import grpc

gen, cert, key, port_file = sys.argv[1:5]
sys.path.insert(0, gen)
from passend.v1 import platform_pb2  # noqa: E402


def load(name, path):
    # health_pb2 lives under gen/grpc/..., which would clash with the grpc
    # package itself, so load it by file path.
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


health_pb2 = load("health_pb2", os.path.join(gen, "grpc/health/v1/health_pb2.py"))

TOKEN = "Bearer interop-token"
FAIL_MESSAGE = "Geen toestemming van de ouders \u2014 \u00ebi\u00df 100% (l\u00e9l\u00e8ve)"
flaky_lock = threading.Lock()
flaky_calls = {"n": 0}


def metadata(context):
    return dict(context.invocation_metadata())


def check(req, context):
    return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)


def server_info(req, context):
    md = metadata(context)
    if md.get("authorization") != TOKEN:
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or wrong bearer token")
    info = platform_pb2.ServerInfo(
        version="9.8.7-interop",
        build=md.get("user-agent", ""),  # echoed so the driver can check it
        uptime_seconds=1234567890123,
        database_version="none (grpcio interop server)",
        schema_version=42,
        workers=3,
    )
    info.started_at.seconds = 1700000000
    info.started_at.nanos = 5
    return info


def watch(req, context):
    for i in range(req.count):
        if i:
            time.sleep(req.interval_ms / 1000.0)
        yield platform_pb2.ServerInfo(version="watch", uptime_seconds=i + 1, workers=req.count)


def fail(req, context):
    context.abort(grpc.StatusCode.FAILED_PRECONDITION, FAIL_MESSAGE)


def sleep(req, context):
    # The driver sets a deadline; grpcio must have received it as grpc-timeout.
    left = context.time_remaining()
    if left is None or left > 60:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no grpc-timeout received")
    end = time.time() + 5
    while time.time() < end and context.is_active():
        time.sleep(0.02)
    return platform_pb2.ServerInfo(version="slept")


def flaky(req, context):
    with flaky_lock:
        flaky_calls["n"] += 1
        n = flaky_calls["n"]
    if n % 3 != 0:
        context.abort(grpc.StatusCode.UNAVAILABLE, "try again (attempt %d)" % n)
    return platform_pb2.ServerInfo(version="flaky", uptime_seconds=n)


def collect(requests, context):
    n = total = 0
    for r in requests:
        n += 1
        total += r.uptime_seconds
    return platform_pb2.ServerInfo(version="collected", uptime_seconds=total, workers=n)


def chat(requests, context):
    for r in requests:
        yield platform_pb2.ServerInfo(version="echo:" + r.version, uptime_seconds=r.uptime_seconds)


def unary(fn, req_cls):
    return grpc.unary_unary_rpc_method_handler(
        fn, request_deserializer=req_cls.FromString, response_serializer=lambda m: m.SerializeToString())


def main():
    GetReq = platform_pb2.GetServerInfoRequest
    handlers = [
        grpc.method_handlers_generic_handler(
            "grpc.health.v1.Health", {"Check": unary(check, health_pb2.HealthCheckRequest)}),
        grpc.method_handlers_generic_handler("passend.v1.Platform", {
            "GetServerInfo": unary(server_info, GetReq),
            "WatchServerInfo": grpc.unary_stream_rpc_method_handler(
                watch, request_deserializer=platform_pb2.WatchServerInfoRequest.FromString,
                response_serializer=lambda m: m.SerializeToString()),
        }),
        grpc.method_handlers_generic_handler("passend.interop.Test", {
            "Fail": unary(fail, GetReq),
            "Sleep": unary(sleep, GetReq),
            "Flaky": unary(flaky, GetReq),
            "Collect": grpc.stream_unary_rpc_method_handler(
                collect, request_deserializer=platform_pb2.ServerInfo.FromString,
                response_serializer=lambda m: m.SerializeToString()),
            "Chat": grpc.stream_stream_rpc_method_handler(
                chat, request_deserializer=platform_pb2.ServerInfo.FromString,
                response_serializer=lambda m: m.SerializeToString()),
        }),
    ]
    # Connections are retired (GOAWAY) after about a second, so the driver can
    # check that libpassend reconnects by itself.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), handlers=handlers,
                         options=[("grpc.max_connection_age_ms", 1000),
                                  ("grpc.max_connection_age_grace_ms", 10000)])
    with open(cert, "rb") as c, open(key, "rb") as k:
        creds = grpc.ssl_server_credentials([(k.read(), c.read())])
    port = server.add_secure_port("127.0.0.1:0", creds)
    server.start()
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(port_file + ".tmp", port_file)
    server.wait_for_termination()


main()
