"""Distances between municipalities from the shipped coordinates."""

import math

import pytest

from talent_pool.geo import EARTH_RADIUS_KM, Coordinates, coordinates_of, distance_km, haversine_km

from .builders import HIMESHIMA, OITA


def test_one_degree_along_a_meridian_is_a_360th_of_the_circumference():
    assert distance_km(Coordinates(33.0, 131.0), Coordinates(34.0, 131.0)) == pytest.approx(
        2 * math.pi * EARTH_RADIUS_KM / 360)


def test_distance_is_symmetric_and_zero_to_itself():
    oita, himeshima = coordinates_of(OITA), coordinates_of(HIMESHIMA)

    assert distance_km(oita, himeshima) == pytest.approx(distance_km(himeshima, oita))
    assert distance_km(oita, oita) == 0


def test_arrays_give_the_same_distances_as_single_pairs():
    homes = [coordinates_of(code) for code in ("442011", "442020", "443221", "011002")]
    town = coordinates_of(HIMESHIMA)

    many = haversine_km([h.lat for h in homes], [h.lng for h in homes], town.lat, town.lng)

    assert many.tolist() == pytest.approx([distance_km(home, town) for home in homes])


def test_coordinates_come_from_the_master_data_by_code():
    assert coordinates_of(HIMESHIMA) == Coordinates(33.72444444, 131.6452778)
    assert distance_km(coordinates_of(OITA), coordinates_of(HIMESHIMA)) == pytest.approx(
        54.0, abs=0.1)


def test_an_unknown_code_is_a_lookup_error():
    with pytest.raises(LookupError):
        coordinates_of("999999")
