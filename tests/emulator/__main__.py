"""Command line: ``PYTHONPATH=tests python -m emulator --port 0 [--seed demo]`` (see README.md)."""

import argparse
import json
import signal
import sys
import threading

from emulator.server import Emulator


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m emulator", description="Local ModelArts/IAM API emulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    parser.add_argument("--seed", help="'demo' (emulator/seed_demo.json) or the path of a seed JSON document")
    parser.add_argument("--deploy-seconds", type=float, help="how long deploying takes (default 2)")
    parser.add_argument("--stop-seconds", type=float, help="how long stopping and deleting take (default 1)")
    parser.add_argument("--token-ttl-seconds", type=float, help="lifetime of issued tokens (default 86400)")
    parser.add_argument("--clock", choices=["real", "held"], default="real",
                        help="real: transitions take their durations; held: they end only when advanced or released")
    parser.add_argument("--release-after-reads", type=int, default=0,
                        help="with --clock held, a transition ends on the service's Nth GET (0: never by reads)")
    parser.add_argument("--tls-cert", help="PEM certificate (chain) file: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key file for --tls-cert")
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request to stderr")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = {key: value for key, value in (("deploy_seconds", args.deploy_seconds), ("stop_seconds", args.stop_seconds),
                                              ("token_ttl_seconds", args.token_ttl_seconds)) if value is not None}
    emulator = Emulator(host=args.host, port=args.port, seed=args.seed, settings=settings,
                        tls_cert=args.tls_cert, tls_key=args.tls_key, verbose=args.verbose)
    emulator.state.clock.configure({"mode": args.clock, "release_after_reads": args.release_after_reads})
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_signal_args: stop.set())
    emulator.start()
    # The first stdout line is the machine-readable address; flushed so a parent can read it at once.
    print(json.dumps({"url": emulator.url, "port": emulator.port}), flush=True)
    # A timed wait keeps the main thread responsive to signals.
    while not stop.wait(0.2):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
