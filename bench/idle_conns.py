#!/usr/bin/python3
"""Server memory per idle HTTP/2-over-TLS connection (passendd or any gRPC server).

  idle_conns.py --pid PID --port PORT --ca CA.pem --path /grpc.health.v1.Health/Check
                [--body HEX] [--n 1000] [--hold 10]

Opens N TLS connections (ALPN h2), each sends one unary call whose grpc-status
must be 0, then keeps all N open and idle for --hold seconds (answering the
server's PINGs and SETTINGS). Reads VmRSS of PID before, with the connections
open, and after closing them; prints the growth per connection in KiB.
"""
import argparse
import asyncio
import ssl
import struct
import sys
import time

import h2.config
import h2.connection
import h2.events


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


async def open_conn(a, ctx, body):
    reader, writer = await asyncio.open_connection(a.host, a.port, ssl=ctx, server_hostname=a.host)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, [(":method", "POST"), (":scheme", "https"), (":path", a.path),
                            (":authority", f"{a.host}:{a.port}"),
                            ("content-type", "application/grpc"), ("te", "trailers")])
    conn.send_data(sid, body, end_stream=True)
    writer.write(conn.data_to_send())
    status = None
    while status is None:
        data = await reader.read(65536)
        if not data:
            raise ConnectionError("closed by server during the call")
        for ev in conn.receive_data(data):
            if isinstance(ev, h2.events.DataReceived):
                conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, (h2.events.TrailersReceived, h2.events.ResponseReceived)):
                status = dict(ev.headers).get(b"grpc-status", status)
        writer.write(conn.data_to_send())
    await writer.drain()
    return reader, writer, conn, status


async def idle(state):
    reader, writer, conn, _ = state
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                return False
            conn.receive_data(data)
            out = conn.data_to_send()
            if out:
                writer.write(out)
    except (ConnectionError, asyncio.CancelledError, ssl.SSLError):
        return True


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--path", default="/grpc.health.v1.Health/Check")
    ap.add_argument("--body", default="", help="request message, hex")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--hold", type=float, default=10)
    a = ap.parse_args()
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.set_alpn_protocols(["h2"])
    msg = bytes.fromhex(a.body)
    body = b"\x00" + struct.pack(">I", len(msg)) + msg
    rss0 = rss_kib(a.pid)
    sem = asyncio.Semaphore(50)
    conns, errors = [], []

    async def one():
        async with sem:
            try:
                conns.append(await open_conn(a, ctx, body))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))

    t0 = time.time()
    await asyncio.gather(*(one() for _ in range(a.n)))
    t_open = time.time() - t0
    tasks = [asyncio.create_task(idle(c)) for c in conns]
    await asyncio.sleep(a.hold)
    rss1 = rss_kib(a.pid)
    still_open = sum(1 for t in tasks if not t.done())
    bad = sum(1 for c in conns if c[3] != b"0")
    for _, w, conn, _ in conns:
        try:
            conn.close_connection()
            w.write(conn.data_to_send())
        except Exception:  # noqa: BLE001
            pass
        w.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(2)
    rss2 = rss_kib(a.pid)
    n = len(conns)
    per = (rss1 - rss0) / n if n else 0
    print(f"idle_conns n={a.n} opened={n} errors={len(errors)} open_s={t_open:.1f} "
          f"grpc_status_not_0={bad} still_open_after_hold={still_open}")
    print(f"server_rss_kib before={rss0} with_conns={rss1} after_close={rss2} "
          f"delta={rss1 - rss0} per_conn_kib={per:.1f}")
    if errors:
        print("first errors:", errors[:3])
    return 0 if n == a.n and bad == 0 and still_open == n else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
