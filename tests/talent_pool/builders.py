"""Small hand-made instances: one specialist or request with only what a test changes."""

import datetime

from talent_pool.candidates import AssignmentRequest, AssignmentSpecialist
from talent_pool.geo import coordinates_of
from tenants.bands import PopulationBand

OITA, BEPPU, HIMESHIMA, HIJI = "442011", "442020", "443221", "443417"
APRIL, MARCH = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)


def specialist(id="S1", **fields) -> AssignmentSpecialist:
    values = {"skills": {"security": 3}, "monthly_capacity_hours": 40, "max_towns": 3,
              "home": coordinates_of(OITA)}
    values.update(fields)
    return AssignmentSpecialist(id=id, **values)


def request(id="R1", lg_code=HIMESHIMA, **fields) -> AssignmentRequest:
    values = {"location": coordinates_of(lg_code),
              "population_band": PopulationBand.TOWN_VILLAGE_SMALL,
              "required_skills": {"security": 2}, "hours_per_month": 16,
              "period_from": APRIL, "period_until": MARCH}
    values.update(fields)
    return AssignmentRequest(id=id, lg_code=lg_code, **values)
