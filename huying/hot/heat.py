"""The heat index of a hot issue over a window of W days (7, 30 or 90) ending now.

    heat = (R + 0.5·S + 0.1·(A − R)) × (0.5 + 0.5·r) × (1 + 0.5·g)

- A: its appeals submitted in the window; R: the distinct residents among them (appeals
  with the same phone count once; an appeal without a phone is its own resident);
- S: the supports ("我也遇到了") given in the window on its appeals, once per phone where
  one was given, else once per browser;
- r, recency: 0.5 ^ (d / (W/4)), d the days since its latest appeal or support — an issue
  nobody raised for a quarter of the window counts half as much again;
- g, growth: (later − earlier) / (later + earlier), appeals and supports in the window's
  later half against its earlier half: from −1 (fading) to +1 (only recent).

So residents count in full, a resident's further appeals a tenth each, supports half;
an issue fresh and growing counts up to 1.5 times its residents, a stale and fading one a
quarter.  No appeal and no support in the window: heat 0.  The README and the hot-issues
page say the same; test_heat.py holds the numbers.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    appeals: int = 0
    residents: int = 0
    supports: int = 0
    recency: float = 0.0
    growth: float = 0.0
    heat: float = 0.0

    def as_dict(self) -> dict:
        return {
            "appeals": self.appeals,
            "residents": self.residents,
            "supports": self.supports,
            "recency": round(self.recency, 3),
            "growth": round(self.growth, 3),
            "heat": self.heat,
        }


def figures(appeals, supports, *, window: int, now: datetime.datetime) -> Figures:
    """`appeals`: (time, phone hash) of its appeals; `supports`: (time, who) of its supports,
    `who` being the phone hash or the browser hash.  Those outside the window are ignored."""
    start = now - datetime.timedelta(days=window)
    middle = now - datetime.timedelta(days=window / 2)
    inside = [(when, phone) for when, phone in appeals if start <= when <= now]
    backed = {}
    for when, who in supports:
        if start <= when <= now and (who not in backed or when > backed[who]):
            backed[who] = when
    if not inside and not backed:
        return Figures()
    phones = {phone for _when, phone in inside if phone}
    residents = len(phones) + sum(1 for _when, phone in inside if not phone)
    times = [when for when, _phone in inside] + list(backed.values())
    days_since = max((now - max(times)).total_seconds() / 86400, 0.0)
    recency = 0.5 ** (days_since / (window / 4))
    later = sum(1 for when in times if when >= middle)
    earlier = len(times) - later
    growth = (later - earlier) / (later + earlier)
    base = residents + 0.5 * len(backed) + 0.1 * (len(inside) - residents)
    heat = round(base * (0.5 + 0.5 * recency) * (1 + 0.5 * growth), 1)
    return Figures(len(inside), residents, len(backed), recency, growth, heat)
