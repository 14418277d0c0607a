"""The heat index on small fixtures: the numbers of the formula written in heat.py."""

import datetime

import pytest

from huying.hot.heat import figures

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


def test_nothing_in_the_window_is_no_heat():
    assert figures([(days_ago(40), "p1")], [], window=30, now=NOW).heat == 0


def test_residents_count_in_full_their_further_appeals_a_tenth_and_supports_half():
    # Three appeals today from two phones, one support today: all in the later half.
    f = figures([(NOW, "p1"), (NOW, "p1"), (NOW, "p2")], [(NOW, "s1")], window=30, now=NOW)
    assert (f.appeals, f.residents, f.supports) == (3, 2, 1)
    assert f.recency == 1 and f.growth == 1
    assert f.heat == pytest.approx((2 + 0.5 + 0.1) * 1 * 1.5, abs=0.05)


def test_appeals_without_a_phone_are_each_their_own_resident():
    f = figures([(NOW, ""), (NOW, ""), (NOW, "p1")], [], window=30, now=NOW)
    assert f.residents == 3


def test_a_stale_and_fading_issue_counts_less_than_a_fresh_growing_one():
    stale = figures([(days_ago(29), "a"), (days_ago(28), "b"), (days_ago(27), "c")], [], window=30, now=NOW)
    fresh = figures([(days_ago(2), "a"), (days_ago(1), "b"), (NOW, "c")], [], window=30, now=NOW)
    assert stale.growth == -1 and fresh.growth == 1
    assert stale.recency == pytest.approx(0.5 ** (27 / 7.5))
    assert stale.heat < fresh.heat
    assert stale.heat == pytest.approx(3 * (0.5 + 0.5 * 0.5 ** (27 / 7.5)) * 0.5, abs=0.05)


def test_a_supporter_counts_once_whatever_they_press():
    f = figures([(NOW, "p1")], [(NOW, "x"), (days_ago(1), "x")], window=7, now=NOW)
    assert f.supports == 1


def test_more_residents_and_more_supports_mean_more_heat():
    base = figures([(NOW, "a"), (NOW, "b")], [], window=30, now=NOW).heat
    assert figures([(NOW, "a"), (NOW, "b"), (NOW, "c")], [], window=30, now=NOW).heat > base
    assert figures([(NOW, "a"), (NOW, "b")], [(NOW, "s")], window=30, now=NOW).heat > base
