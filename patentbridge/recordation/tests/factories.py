"""Helpers for technology-contract registration tests."""

import datetime as dt
import itertools

from patentbridge.orgs.tests.factories import signer_of
from patentbridge.recordation import contracts

_serials = itertools.count(1)


def registration_number(city: str = "440100", on: dt.date = dt.date(2026, 11, 26)) -> str:
    """A number of the default form: the year's last two digits, the city's first four, eight more."""
    return f"{on.year % 100:02d}{city[:4]}{next(_serials):08d}"


def register(contract, on: dt.date = dt.date(2026, 11, 26), actor=None):
    """The seller's committing member enters a registration made at the seller's city."""
    city = contract.city_id or "440100"
    return contracts.contract_register(actor=actor or signer_of(contract.seller), contract=contract,
                                       number=registration_number(city, on), registered_on=on, city=city, today=on)
