"""Starts the embedded AWS emulator (moto's server) on a loopback port and reports the port.

The port is chosen by the kernel (port 0), so emulators started in parallel never collide.
The first line on stdout is JSON: {"port": N, "pid": N}. With --exit-on-stdin-eof the server
stops when its stdin closes, which happens when the parent process exits for any reason
(including SIGKILL), so no orphan survives a test run. Without it, the server runs until
SIGTERM or SIGINT (used by `pipeline up`, which leaves the emulator running on purpose).
"""

import argparse
import json
import logging
import os
import signal
import sys
import threading

from moto.moto_server.threaded_moto_server import ThreadedMotoServer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    args = parser.parse_args()

    # One line per request would drown the logs of a pipeline run.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    sys.stdout.write(json.dumps({"port": port, "pid": os.getpid()}) + "\n")
    sys.stdout.flush()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    if args.exit_on_stdin_eof:

        def watch_stdin() -> None:
            while sys.stdin.buffer.read(4096):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()

    stop.wait()
    # Shut down without waiting for in-flight requests of a parent that is already gone.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
