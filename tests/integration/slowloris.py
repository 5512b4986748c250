# slowloris: floods and slow clients against passendd (test_slowloris.sh at
# small size, bench/flood.sh at full size). One stage per run:
#   tcp          TCP connect, then nothing
#   tls_half     a ClientHello, then nothing (the handshake never finishes)
#   no_preface   TLS done, then the HTTP/2 preface one byte per --tick
#   headers      preface and SETTINGS, then a request's HEADERS frame (an 8 KB
#                header block) one byte per --tick
#   window0      SETTINGS_INITIAL_WINDOW_SIZE 0, a complete Health/Check call,
#                then no WINDOW_UPDATE: the answer can never be sent
#   stream       a streaming request (server reflection, public) opened and
#                never sent a message or half-closed
#   flood        --n complete connections, one Health/Check each, held open
#   probe        Health/Check every 1/--rate s on one connection for
#                --duration s (run beside an attack): latency percentiles
# An attack stage opens --n connections and records how long each lives until
# the server closes it, and passendd's RSS (--pid) before, at the peak and
# after. With --expect-min/--expect-max every connection must be closed by the
# server within those seconds (of its TCP connect). Prints "ok - X" /
# "FAIL - X: why" lines (py_checks) and one "figure: ..." line.
import argparse
import asyncio
import os
import signal
import ssl
import sys
import time

import h2.config
import h2.connection
import h2.events
import h2.settings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import scenario  # noqa: E402
from scenario import check  # noqa: E402

HEALTH = "/grpc.health.v1.Health/Check"
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def rss_kib(pid):
    return scenario.proc_kib(pid, "VmRSS") or 0


def pctl(xs, q):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, -(-int(q * 1000) * len(xs) // 1000) - 1))] if xs else 0


def h2conn(window=None):
    c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    if window is not None:
        c.local_settings = h2.settings.Settings(
            client=True, initial_values={h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
    c.initiate_connection()
    return c


REFLECTION = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def request_headers(a, extra=(), path=HEALTH):
    return [(":method", "POST"), (":scheme", "https"), (":path", path), (":authority", "localhost"),
            ("content-type", "application/grpc"), ("te", "trailers")] + list(extra)


EMPTY_MSG = b"\x00\x00\x00\x00\x00"  # a gRPC frame holding an empty HealthCheckRequest


class Conn:
    """One attacking connection: when it connected and when the server closed it."""

    def __init__(self):
        self.t_conn = None
        self.t_closed = None
        self.error = None


async def read_until_closed(reader, conn, h2c=None, writer=None):
    """Read (and answer SETTINGS/PINGs through h2c) until EOF or reset."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if h2c is not None:
                h2c.receive_data(data)
                out = h2c.data_to_send()
                if out and writer is not None:
                    writer.write(out)
    except (ConnectionError, ssl.SSLError, OSError):
        pass
    except Exception as e:  # noqa: BLE001  (h2 protocol errors: the server ended it)
        conn.error = repr(e)
    conn.t_closed = time.monotonic()


async def drip(writer, data, tick, conn):
    """Write data one byte per tick until it is written or the server closed."""
    for i in range(len(data)):
        if conn.t_closed is not None:
            return
        try:
            writer.write(data[i:i + 1])
            await writer.drain()
        except (ConnectionError, ssl.SSLError, OSError):
            return
        await asyncio.sleep(tick)


async def attack_one(a, ctx, conn, sem):
    """Connect (a few at a time, so no handshake waits into its timeout),
    then misbehave for at most --give-up s, counted from the TCP connect."""
    async with sem:
        # Lives count from the connect as the server's timeouts do from the accept; taken
        # before the connect, so a busy client loop can make a life look longer, never shorter.
        t0 = time.monotonic()
        reader, writer = await asyncio.open_connection(a.host, a.port)
        conn.t_conn = t0
        if a.stage not in ("tcp", "tls_half"):
            try:
                await writer.start_tls(ctx, server_hostname="localhost")
            except (ConnectionError, ssl.SSLError, OSError):
                conn.t_closed = time.monotonic()  # the server gave up first
                return
    try:
        await asyncio.wait_for(misbehave(a, ctx, conn, reader, writer),
                               max(0.1, a.give_up - (time.monotonic() - conn.t_conn)))
    except asyncio.TimeoutError:
        pass  # still open: t_closed stays unset
    writer.close()


async def misbehave(a, ctx, conn, reader, writer):
    if a.stage == "tls_half":
        inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
        try:
            obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        writer.write(out.read())  # the ClientHello; the server's answer is never taken
    if a.stage in ("tcp", "tls_half"):
        await read_until_closed(reader, conn)
    elif a.stage == "no_preface":
        rd = asyncio.ensure_future(read_until_closed(reader, conn))
        await drip(writer, PREFACE, a.tick, conn)
        await rd
    elif a.stage == "headers":
        c = h2conn()
        writer.write(c.data_to_send())
        # the server's SETTINGS first, and our ACK, so nothing interleaves with the dripped frame
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    raise ConnectionError("closed")
                evs = c.receive_data(data)
                writer.write(c.data_to_send())
                if any(isinstance(e, h2.events.RemoteSettingsChanged) for e in evs):
                    break
        except (ConnectionError, ssl.SSLError, OSError):
            conn.t_closed = time.monotonic()
            return
        c.send_headers(c.get_next_available_stream_id(), request_headers(a, [("x-pad", "a" * 8000)]))
        frame = c.data_to_send()
        rd = asyncio.ensure_future(read_until_closed(reader, conn))
        await drip(writer, frame, a.tick, conn)
        await rd
    elif a.stage == "stream":
        c = h2conn()
        c.send_headers(c.get_next_available_stream_id(), request_headers(a, path=REFLECTION))
        writer.write(c.data_to_send())
        await read_until_closed(reader, conn, c, writer)
    elif a.stage == "window0":
        c = h2conn(window=0)
        sid = c.get_next_available_stream_id()
        c.send_headers(sid, request_headers(a))
        c.send_data(sid, EMPTY_MSG, end_stream=True)
        writer.write(c.data_to_send())
        await read_until_closed(reader, conn, c, writer)


async def open_full(a, ctx, conn, held):
    """flood: TLS, preface, one Health/Check answered SERVING, then held open."""
    reader, writer = await asyncio.open_connection(a.host, a.port, ssl=ctx, server_hostname="localhost")
    conn.t_conn = time.monotonic()
    c = h2conn()
    if await probe_call(a, reader, writer, c) != SERVING:
        raise RuntimeError("Health/Check did not answer SERVING")
    held.append(asyncio.ensure_future(read_until_closed(reader, conn, c, writer)))
    return writer


async def sample_rss(a, out, stop):
    while not stop.is_set():
        out.append(rss_kib(a.pid))
        await asyncio.sleep(0.1)


async def stop_sampling(stop, sampler, prober):
    stop.set()
    await sampler
    if prober is not None:
        await prober


def most_open(conns):
    """The largest number of connections open at one time."""
    ev = sorted([(cn.t_conn, 1) for cn in conns if cn.t_conn is not None] +
                [(cn.t_closed, -1) for cn in conns if cn.t_conn is not None and cn.t_closed is not None])
    n = best = 0
    for _, d in ev:
        n += d
        best = max(best, n)
    return best


async def attack(a):
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.set_alpn_protocols(["h2"])
    rss0 = rss_kib(a.pid)
    samples, stop = [], asyncio.Event()
    sampler = asyncio.ensure_future(sample_rss(a, samples, stop))
    prober = asyncio.ensure_future(probe(a, stop)) if a.probe_rate else None
    conns = [Conn() for _ in range(a.n)]
    sem = asyncio.Semaphore(a.open_concurrency)
    errors = []
    t0 = time.monotonic()

    if a.stage == "flood":
        held, writers = [], []

        async def one(cn):
            async with sem:
                try:
                    writers.append(await open_full(a, ctx, cn, held))
                except Exception as e:  # noqa: BLE001
                    errors.append(repr(e))
        await asyncio.gather(*(one(cn) for cn in conns))
        t_open = time.monotonic() - t0
        await asyncio.sleep(a.hold)
        rss1 = max(samples[-20:] or [rss_kib(a.pid)])
        still = sum(1 for cn in conns if cn.t_conn is not None and cn.t_closed is None)
        for w in writers:
            w.close()
        await asyncio.sleep(2)
        await stop_sampling(stop, sampler, prober)
        rss2 = rss_kib(a.pid)
        opened = sum(1 for cn in conns if cn.t_conn is not None)
        per = (rss1 - rss0) / opened if opened else 0
        print("figure: stage=flood n=%d opened=%d errors=%d open_s=%.1f held_s=%.0f still_open=%d "
              "rss_kib before=%d with=%d after=%d per_conn_kib=%.1f"
              % (a.n, opened, len(errors), t_open, a.hold, still, rss0, rss1, rss2, per))
        if errors:
            print("first errors: %s" % errors[:3])
        check("flood: %d TLS connections opened, each answered Health/Check, all held for %.0f s"
              % (a.n, a.hold), opened == a.n and still == a.n and not errors,
              "opened %d, still open %d, errors %d" % (opened, still, len(errors)))
        return

    async def one(cn):
        try:
            await attack_one(a, ctx, cn, sem)
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))
    await asyncio.gather(*(one(cn) for cn in conns))
    await asyncio.sleep(1)
    await stop_sampling(stop, sampler, prober)
    rss2 = rss_kib(a.pid)
    peak = max(samples) if samples else rss0
    lives = [cn.t_closed - cn.t_conn for cn in conns if cn.t_conn is not None and cn.t_closed is not None]
    opened = sum(1 for cn in conns if cn.t_conn is not None)
    open_left = opened - len(lives)
    most = most_open(conns)
    per = (peak - rss0) / most if most else 0
    print("figure: stage=%s n=%d opened=%d most_open_at_once=%d closed_by_server=%d still_open=%d errors=%d "
          "life_s min=%.2f p50=%.2f max=%.2f rss_kib before=%d peak=%d after=%d per_conn_kib=%.1f"
          % (a.stage, a.n, opened, most, len(lives), open_left, len(errors), min(lives, default=0),
             pctl(lives, .5), max(lives, default=0), rss0, peak, rss2, per))
    if errors:
        print("first errors: %s" % errors[:3])
    if a.expect_max is not None:
        check("%s: all %d connections closed by the server" % (a.stage, a.n),
              opened == a.n and open_left == 0 and not errors,
              "opened %d, %d still open after %.0f s, errors %s" % (opened, open_left, a.give_up, errors[:3]))
        check("%s: each lived %.1f..%.1f s (its timeout)" % (a.stage, a.expect_min, a.expect_max),
              lives and min(lives) >= a.expect_min and max(lives) <= a.expect_max,
              "lives %.2f..%.2f s" % (min(lives, default=0), max(lives, default=0)))


class Refused(Exception):
    """The server's GOAWAY did not take our stream: a gRPC client repeats it
    on a new connection (transparent retry), so it is no failure."""


# grpc-status 0 and a HealthCheckResponse {status: SERVING (1)}: field 1, varint 1
SERVING = ("0", b"\x00\x00\x00\x00\x02\x08\x01")


async def probe_call(a, reader, writer, c):
    """One Health/Check on h2 connection c: (grpc-status, body)."""
    sid = c.get_next_available_stream_id()
    c.send_headers(sid, request_headers(a))
    c.send_data(sid, EMPTY_MSG, end_stream=True)
    writer.write(c.data_to_send())
    status, body = None, b""
    while status is None:
        data = await asyncio.wait_for(reader.read(65536), 5)
        if not data:
            raise ConnectionError("closed during the call")
        for ev in c.receive_data(data):
            if isinstance(ev, h2.events.DataReceived) and ev.stream_id == sid:
                body += ev.data
                c.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.TrailersReceived) and ev.stream_id == sid:
                status = dict(ev.headers).get("grpc-status")
            elif isinstance(ev, h2.events.ConnectionTerminated) and (ev.last_stream_id or 0) < sid:
                raise Refused()
        writer.write(c.data_to_send())
    return status, body


async def probe(a, stop=None):
    """Health/Check every 1/rate s on one connection, for --duration s or
    until stop is set. Like a gRPC client, it opens a new connection when the
    server closed the old one (an idle GOAWAY) and repeats a call a GOAWAY
    refused; every other failure counts."""
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.set_alpn_protocols(["h2"])
    lat, errors, conns = [], [], 0
    end = time.monotonic() + a.duration
    reader = writer = c = None
    while (stop.is_set() is False) if stop is not None else time.monotonic() < end:
        t_next = time.monotonic() + 1.0 / a.rate
        t0 = time.monotonic()
        for attempt in (1, 2):
            try:
                if c is None or c.state_machine.state == h2.connection.ConnectionState.CLOSED:
                    if writer is not None:
                        writer.close()
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(a.host, a.port, ssl=ctx, server_hostname="localhost"), 5)
                    c = h2conn()
                    conns += 1
                status, body = await probe_call(a, reader, writer, c)
                if (status, body) == SERVING:
                    lat.append((time.monotonic() - t0) * 1000)
                else:
                    errors.append("grpc-status %s body %r" % (status, body))
                break
            except Refused:
                c = None
                if attempt == 2:
                    errors.append("refused twice")
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
                c = None
                break
        await asyncio.sleep(max(0, t_next - time.monotonic()))
    if writer is not None:
        writer.close()
    print("figure: probe during=%s n=%d serving=%d errors=%d connections=%d latency_ms p50=%.2f p99=%.2f "
          "max=%.2f" % (a.label or a.stage, len(lat) + len(errors), len(lat), len(errors), conns,
                        pctl(lat, .5), pctl(lat, .99), max(lat, default=0)))
    if errors:
        print("first probe errors: %s" % errors[:3])
    if a.max_p99_ms is not None:
        check("%s: Health/Check answered SERVING throughout (%d probes)" % (a.stage, len(lat) + len(errors)),
              lat and not errors, "%d errors: %s" % (len(errors), errors[:3]))
        check("%s: Health/Check p99 within %.0f ms (%.1f ms)" % (a.stage, a.max_p99_ms, pctl(lat, .99)),
              lat and pctl(lat, .99) <= a.max_p99_ms, "p99 %.1f ms" % pctl(lat, .99))


async def probe_until_signal(a):
    """probe for --duration s, or until SIGTERM/SIGINT (then report)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(a.duration, stop.set)
    await probe(a, stop)


def main():
    ap = argparse.ArgumentParser(description="floods and slow clients against passendd")
    ap.add_argument("--stage", required=True,
                    choices=("tcp", "tls_half", "no_preface", "headers", "window0", "stream", "flood", "probe"))
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--pid", type=int, default=0, help="passendd, for its RSS")
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--tick", type=float, default=0.2, help="seconds between dripped bytes")
    ap.add_argument("--hold", type=float, default=10, help="flood: seconds to hold the connections")
    ap.add_argument("--give-up", type=float, default=60, help="an attack connection's longest life")
    ap.add_argument("--open-concurrency", type=int, default=100)
    ap.add_argument("--expect-min", type=float)
    ap.add_argument("--expect-max", type=float)
    ap.add_argument("--rate", type=float, default=20, help="probe: calls per second")
    ap.add_argument("--probe-rate", type=float, default=0,
                    help="attack stages: probe Health/Check at this rate in the same process")
    ap.add_argument("--duration", type=float, default=10, help="probe: seconds")
    ap.add_argument("--max-p99-ms", type=float)
    ap.add_argument("--label", help="probe: the case it runs beside, for its figure line")
    a = ap.parse_args()
    if a.expect_max is not None and a.expect_min is None:
        a.expect_min = 0
    if a.probe_rate:
        a.rate = a.probe_rate
    asyncio.run(probe_until_signal(a) if a.stage == "probe" else attack(a))
    return scenario.exit_code()


if __name__ == "__main__":
    sys.exit(main())
