#!/usr/bin/env python3
"""A TCP proxy the fault suite controls: LISTEN_PORT -> TARGET_HOST:TARGET_PORT on loopback.

  SIGUSR1  drop every open connection (the clients see a connection loss); new ones are accepted
  SIGUSR2  toggle an outage: drop every open connection and refuse new ones until the next SIGUSR2
"""
import asyncio
import signal
import sys

listen_port, target_host, target_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
open_writers = set()
down = False


def drop_all():
    for writer in list(open_writers):
        writer.transport.abort()
    open_writers.clear()


def toggle_outage():
    global down
    down = not down
    if down:
        drop_all()
    print("outage" if down else "restored", flush=True)


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.transport.abort()


async def handle(client_reader, client_writer):
    if down:
        client_writer.transport.abort()
        return
    try:
        server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
    except OSError:
        client_writer.transport.abort()
        return
    open_writers.update((client_writer, server_writer))
    await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
    open_writers.discard(client_writer)
    open_writers.discard(server_writer)


async def main():
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, drop_all)
    loop.add_signal_handler(signal.SIGUSR2, toggle_outage)
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print(f"proxy 127.0.0.1:{listen_port} -> {target_host}:{target_port}", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
