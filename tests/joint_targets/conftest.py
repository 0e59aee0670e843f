"""Fixtures for the joint targets: a file in the inventory template's shape."""

import pytest

HEADINGS = "手続名,担当部署,根拠法令,年間件数,オンライン化,マイナンバーカード認証,オンライン件数"


@pytest.fixture
def inventory_csv():
    """`inventory_csv(*rows)`: a CSV file as Excel saves it, the headings first."""

    def make(*rows: str, encoding: str = "utf-8-sig") -> bytes:
        return "\r\n".join([HEADINGS, *rows]).encode(encoding)

    return make
