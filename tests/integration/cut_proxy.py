#!/usr/bin/python3
# cut_proxy: a TCP proxy that cuts connections in the middle of a call, for
# the sync fault test (test_sync_faults.sh). Forwards 127.0.0.1:--listen to
# 127.0.0.1:--target byte for byte (TLS passes through untouched). The first
# --cuts connections are closed (both sides, at once) when the server has sent
# --after bytes on them: the request was taken and its answer is on its way.
# Writes its port to --port-file when listening; logs one line per cut.
import argparse
import asyncio
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--target", type=int, required=True)
ap.add_argument("--after", type=int, required=True)
ap.add_argument("--cuts", type=int, required=True)
ap.add_argument("--port-file", required=True)
args = ap.parse_args()
state = {"conns": 0, "cut": 0}


async def pipe(reader, writer, count, limit, on_limit):
    n = 0
    try:
        while True:
            data = await reader.read(16384)
            if not data:
                break
            if count and n + len(data) >= limit:
                on_limit()
                return
            n += len(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(cr, cw):
    state["conns"] += 1
    cut = state["cut"] < args.cuts
    if cut:
        state["cut"] += 1
    sr, sw = await asyncio.open_connection("127.0.0.1", args.target)

    def kill():
        print("cut connection %d after %d bytes from the server" % (state["conns"], args.after), flush=True)
        for w in (cw, sw):
            try:
                w.transport.abort()
            except Exception:
                pass

    await asyncio.gather(pipe(cr, sw, False, 0, kill), pipe(sr, cw, cut, args.after, kill))


async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 0)
    with open(args.port_file, "w") as f:
        f.write(str(srv.sockets[0].getsockname()[1]))
    async with srv:
        await srv.serve_forever()

try:
    asyncio.run(main())
except KeyboardInterrupt:
    sys.exit(0)
