"""How long the README's first command takes from a fresh clone, and on a second start.

    .venv/bin/python benchmarks/startup.py [--keep-pip-cache]

Clones the repository's HEAD into a temporary folder, runs `python3 dev.py demo`
there and times until http://127.0.0.1:8000/accounts/login/ answers 200, stops it
with SIGTERM (checking the embedded PostgreSQL stopped too), then starts it again on
the same folder. The first start includes creating the venv, installing the lock file
(pip's download cache off unless --keep-pip-cache), initdb, migrate, provisioning
大分県's 18 municipalities and the demo accounts. Port 8000 must be free.
Results go to benchmarks/results/startup.json; the ratio is first / second start.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = "http://127.0.0.1:8000/accounts/login/"
RESULTS = ROOT / "benchmarks" / "results" / "startup.json"


def served() -> bool:
    try:
        with urllib.request.urlopen(URL, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_and_stop(clone: Path, env: dict[str, str], log: Path) -> tuple[float, bool]:
    """Seconds until the page is served, and whether the embedded server stopped after."""
    started = time.monotonic()
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "dev.py", "demo"], cwd=clone, env=env,
                                   stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        while not served():
            if process.poll() is not None:
                raise RuntimeError(f"dev.py demo exited early; see {log}")
            time.sleep(0.25)
        elapsed = time.monotonic() - started
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    pattern = f"{clone}/.venv/lib/python3.11/site-packages/embedded_postgres"
    still_running = subprocess.run(["pgrep", "-f", pattern], capture_output=True).returncode == 0
    return elapsed, not still_running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep-pip-cache", action="store_true")
    args = parser.parse_args()
    if served():
        sys.exit("Something already serves port 8000; stop it first.")
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "VIRTUAL_ENV"}}
    if not args.keep_pip_cache:
        env["PIP_NO_CACHE_DIR"] = "1"
    with tempfile.TemporaryDirectory(prefix="kyodo-startup-") as folder:
        clone = Path(folder) / "kyodo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        first, first_stopped = start_and_stop(clone, env, Path(folder) / "first.log")
        second, second_stopped = start_and_stop(clone, env, Path(folder) / "second.log")
    result = {
        "benchmark": "startup",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "pip_download_cache": args.keep_pip_cache,
        "first_start_seconds": round(first, 1),
        "second_start_seconds": round(second, 1),
        "ratio_first_to_second": round(first / second, 1),
        "embedded_postgres_stopped_after_each_run": first_stopped and second_stopped,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"fresh clone to served page {first:.1f} s, second start {second:.1f} s "
          f"({first / second:.1f}×); embedded PostgreSQL stopped: "
          f"{result['embedded_postgres_stopped_after_each_run']}")


if __name__ == "__main__":
    main()
