"""Serving the portal under gunicorn and loading it with wrk, for the page benchmarks.

``bench/pages.py`` fills the databases and decides what to measure; this module starts the
server with the production settings and turns a wrk run into figures."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SECRET = "bench-only-secret-key-" + "x" * 40
# wrk prints these lines from its summary (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d duration_us=%d\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration))
  io.write(string.format("BENCH p50=%d p95=%d p99=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SEARCH_ENGINE="database",
        TASKS_BACKEND="immediate",
        STATIC_ROOT=str(BENCH / "out" / "static"),
        PRIVATE_MEDIA_ROOT=str(BENCH / "out" / "private-media"),
        LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collect_static(env: dict[str, str]) -> None:
    """The production settings serve hashed file names from the manifest this writes."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    # No worker restarts during a run: a restart reloads Django, seconds on a busy machine.
    server_env = dict(
        env, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", GUNICORN_MAX_REQUESTS="0"
    )
    log = open(BENCH / "out" / "gunicorn.log", "ab")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        [
            GUNICORN,
            "-c",
            "portal/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "portal.wsgi:application",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start: see bench/out/gunicorn.log")


def wrk(url: str, connections: int, duration: int, script: Path) -> dict[str, float]:
    """One wrk run; a run that fails (the server too slow to answer, say) gives zeros."""
    threads = min(2, connections)
    run = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-H",
            "Accept-Encoding: gzip",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = "\n".join(line for line in run.stdout.splitlines() if line.startswith("BENCH"))
    figures = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", lines)}
    if run.returncode or "duration_us" not in figures:
        print(f"  wrk failed on {url}: {run.stderr.strip() or run.stdout.strip()}", flush=True)
        return {"rps": 0.0, "errors": 1, "p50": 0.0, "p95": 0.0, "p99": 0.0}
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "errors": figures["errors"],
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
    }


def static_file() -> str:
    manifest = json.loads((BENCH / "out" / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]
