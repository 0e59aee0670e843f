"""Distances between municipalities, for the travel part of a specialist's fit.

On-site work costs the specialist the trip from their home base to the town. Kyodo
measures it as the great-circle (haversine) distance between the two municipalities'
coordinates, which the shipped master data gives for every municipality
(tenants/data/localgovjp-utf8.csv: the town hall's position, from 国土地理院). Road or
rail distance would be closer to the real trip, but needs a routing service the
platform does not have; the straight line ranks specialists in nearly the same order.
"""

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tenants.master_data import LOCALGOV_FILE

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean Earth radius


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lng: float


def haversine_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km; works on floats and on NumPy arrays alike."""
    lat1, lng1, lat2, lng2 = (np.radians(value) for value in (lat1, lng1, lat2, lng2))
    half_chord = (np.sin((lat2 - lat1) / 2) ** 2
                  + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))


def distance_km(a: Coordinates, b: Coordinates) -> float:
    return float(haversine_km(a.lat, a.lng, b.lat, b.lng))


@functools.cache
def municipality_coordinates() -> Mapping[str, Coordinates]:
    """Every 地方公共団体コード in the master data with its coordinates (read once).

    Designated-city wards are included too (they have codes and positions of their own),
    although only municipalities are tenants.
    """
    with LOCALGOV_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {row["lgcode"].strip(): Coordinates(float(row["lat"]), float(row["lng"]))
                for row in csv.DictReader(handle)}


def coordinates_of(lg_code: str) -> Coordinates:
    """The coordinates of a municipality; LookupError for a code the master data lacks."""
    try:
        return municipality_coordinates()[lg_code]
    except KeyError:
        raise LookupError(f"No coordinates for 地方公共団体コード {lg_code}.") from None
