#!/usr/bin/env python3
"""Kill -9 loop: does Haven lose an acknowledged write when it dies mid-work?

Starts `haven serve --demo` on a fresh database, has writers add notes to the
demo cases over HTTP as fast as they can, kills the server with SIGKILL at a
random moment, starts it again, and repeats. At the end every note the server
acknowledged (HTTP 200) must be in its case's history, and `haven audit verify`
must find every hash chain and every attachment intact.

    cargo build --release -p haven
    python3 tools/kill9_loop.py --rounds 30                       # SQLite
    python3 tools/kill9_loop.py --rounds 30 \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres    # PostgreSQL

A dev-time tool (standard library only); prints one line of figures and exits
non-zero when a write was lost, a request answered 5xx, or the audit failed.
"""

import argparse
import http.cookiejar
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

DEMO_USER = "social.worker"
DEMO_PASSWORD = "haven-demo-2025"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def call(self, method, path, body=None, timeout=10):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None

    def login(self):
        return self.call("POST", "/api/v1/session", {"username": DEMO_USER, "password": DEMO_PASSWORD})


class Server:
    def __init__(self, binary, data_dir, database_url, port):
        self.binary, self.data_dir, self.port = binary, data_dir, port
        self.env = dict(os.environ, RUST_LOG="warn")
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.data_dir, "..", "server.log"), "ab"),
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the server did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def audit(self):
        return subprocess.run(
            [self.binary, "audit", "verify", "--data-dir", self.data_dir],
            env=self.env, capture_output=True, text=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--binary", default="target/release/haven")
    parser.add_argument("--postgres", help="an admin URL; a fresh database is created there and dropped after")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="haven-kill9-")
    data_dir = os.path.join(work, "data")
    os.makedirs(data_dir)
    database_url = None
    database = None
    if args.postgres:
        database = f"haven_kill9_{os.getpid()}"
        subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {database}"], check=True)
        database_url = args.postgres.rsplit("/", 1)[0] + "/" + database
    server = Server(os.path.abspath(args.binary), data_dir, database_url, free_port())
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    probe = Client(base)
    assert probe.login()[0] == 200, "the demo user logs in"
    status, listed = probe.call("GET", "/api/v1/cases?lead_only=true&limit=50")
    cases = [c["case_number"] for c in listed["items"] if c["phase"] != "closed"]
    assert cases, "the demo has open cases the social worker leads"

    acknowledged, server_errors, stale = [], [], [0]
    lock, stop = threading.Lock(), threading.Event()

    def writer(n):
        client = Client(base)
        sequence = 0
        while not stop.is_set():
            try:
                if client.login()[0] != 200:
                    time.sleep(0.05)
                    continue
                while not stop.is_set():
                    number = random.choice(cases)
                    status, case = client.call("GET", f"/api/v1/cases/{number}")
                    if status >= 500:
                        with lock:
                            server_errors.append(f"read {status}")
                    if status != 200:
                        break
                    text = f"kill9 {n}-{sequence}"
                    sequence += 1
                    status, _ = client.call("POST", f"/api/v1/cases/{number}/commands",
                                            {"version": case["version"], "command": {"command": "add_note", "text": text}})
                    with lock:
                        if status == 200:
                            acknowledged.append((number, text))
                        elif status == 409:
                            stale[0] += 1
                        elif status >= 500:
                            server_errors.append(f"write {status}")
            except (OSError, urllib.error.URLError, json.JSONDecodeError):
                time.sleep(0.05)  # the server is down: wait for it

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(args.writers)]
    for t in threads:
        t.start()
    started = time.time()
    for round_no in range(args.rounds):
        time.sleep(random.uniform(0.3, 1.5))
        server.kill()
        server.start()
    stop.set()
    for t in threads:
        t.join(timeout=15)

    recorded = set()
    for number in cases:
        status, history = probe.call("GET", f"/api/v1/cases/{number}/history", timeout=60)
        if status == 401:
            probe.login()
            status, history = probe.call("GET", f"/api/v1/cases/{number}/history", timeout=60)
        for entry in history or []:
            if entry["command"] == "add_note":
                recorded.add((number, entry["payload"].get("text")))
    lost = [a for a in acknowledged if a not in recorded]
    server.kill()
    audit = server.audit()
    elapsed = time.time() - started
    print(
        f"{args.rounds} kill -9 rounds in {elapsed:.0f} s ({'PostgreSQL' if database_url else 'SQLite'}): "
        f"{len(acknowledged)} writes acknowledged, {len(lost)} lost, {stale[0]} stale (409), "
        f"{len(server_errors)} server errors, audit {'passed' if audit.returncode == 0 else 'FAILED'}"
    )
    if audit.returncode != 0:
        print(audit.stdout, audit.stderr, file=sys.stderr)
    if lost:
        print("lost:", lost[:10], file=sys.stderr)
    if database:
        subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE {database}"], check=False)
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if lost or server_errors or audit.returncode != 0 else 0)


if __name__ == "__main__":
    main()
