import datetime
import threading

import pytest
from django.db import connection, transaction

from huying.appeals.actions import new_query_code, next_ticket_number, normalise_ticket_number


def test_query_codes_are_long_random_and_free_of_look_alikes():
    codes = {new_query_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) >= 8 for c in codes)
    assert not set("".join(codes)) & set("0O1IlLSZ2B58QD")


def test_ticket_numbers_count_per_day(db):
    day = datetime.date(2026, 11, 29)
    with transaction.atomic():
        first, second = next_ticket_number(day), next_ticket_number(day)
        other_day = next_ticket_number(day + datetime.timedelta(days=1))
    assert (first, second, other_day) == ("20261129-000001", "20261129-000002", "20261130-000001")


def test_typed_ticket_numbers_are_normalised():
    assert normalise_ticket_number(" ２０２６１１２９－０００１２３ ") == "20261129-000123"
    assert normalise_ticket_number("20261129000123") == "20261129-000123"


@pytest.mark.django_db(transaction=True)
def test_ticket_numbers_stay_unique_when_residents_submit_at_once():
    day = datetime.date(2026, 11, 29)
    numbers, errors = [], []

    def take():
        try:
            with transaction.atomic():
                numbers.append(next_ticket_number(day))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    # SQLite's in-memory test database is one connection: there, threads take turns.
    parallel = connection.vendor == "postgresql"
    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
        if not parallel:
            thread.join()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"20261129-{n:06d}" for n in range(1, 9)]
