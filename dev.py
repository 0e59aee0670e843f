"""The two commands of Kyodo's contract, runnable with nothing but Python 3.11.

    python3 dev.py demo   start the platform on the embedded default with demo data
    python3 dev.py test   run the whole test suite (extra arguments go to pytest)

Both create `.venv/` and install the locked dependencies on first use (and again
whenever `requirements/lock.txt` changes), so a fresh clone needs no other setup.
"""

import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".kyodo-lock.sha256"
PYTHON = VENV / "bin" / "python"


def ensure_environment() -> None:
    """Create the virtual environment and install the lock file when it changed."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Kyodo needs Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    print("Installing locked dependencies …", flush=True)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK)],
        check=True,
    )
    STAMP.write_text(digest)


def run(args: list[str], env: dict[str, str]) -> int:
    """Run in the venv until the child exits.

    Ctrl-C reaches the child directly (same process group), so this process only
    waits; SIGTERM is passed on. Either way the child stops its embedded database.
    """
    os.chdir(ROOT)
    child = subprocess.Popen([str(PYTHON), *args], env={**os.environ, **env})
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signal.SIGTERM))
    return child.wait()


def main() -> int:
    commands = {"demo": ["manage.py", "demo"], "test": ["-m", "pytest"]}
    environments = {"demo": {"DEBUG": os.environ.get("DEBUG", "true")}, "test": {}}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    ensure_environment()
    command = sys.argv[1]
    return run(commands[command] + sys.argv[2:], environments[command])


if __name__ == "__main__":
    sys.exit(main())
