"""Every write of hot issues: placing a new appeal, regrouping, staff's split and join, supports.

The grouping itself is huying.hot.grouping (pure); this module reads and writes the rows
around it, each change in one transaction with its audit event.  `HotMember` (which issue
an appeal is in) is written here only.
"""

import datetime
import re
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from huying.appeals.actions import take_address_limit
from huying.appeals.models import Appeal, Kind
from huying.audit.actions import SYSTEM, record_event
from huying.audit.events import EventName
from huying.audit.wording import said, typed
from huying.duplicates import index
from huying.hot import grouping
from huying.hot.heat import figures
from huying.hot.links import horizon, links_for
from huying.hot.models import WINDOWS, HotIssue, HotLink, HotMember, HotRule, RuleKind, Support
from huying.lib import crypto
from huying.lib.pii import mask_phone, mask_text
from huying.lib.refusals import Refused
from huying.notifications.actions import queue_notification
from huying.notifications.models import Channel
from huying.notifications.texts import absolute_url


class HotRefused(Refused):
    pass


# What secrets.token_urlsafe(16) makes: anything else is no token (and never reaches the database).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Praise is no trouble, and a report of wrongdoing is handled in confidence: neither is grouped.
UNGROUPED_KINDS = (Kind.PRAISE, Kind.REPORT)


# Placing a new appeal -------------------------------------------------------------------------
def place_appeal(appeal_id: int, sk=None, now=None) -> HotIssue | None:
    """Keep a newly indexed appeal's links, and put it in the hot issue of its best link.

    Runs in the task that indexes the appeal (`sk` is the sketch it stored).  An appeal
    whose best link is to an appeal in no hot issue starts one with it; an appeal with no
    link stays alone until a regrouping or a support finds it a group.
    """
    now = now or timezone.now()
    appeal = Appeal.objects.select_related("community__parent").filter(pk=appeal_id).first()
    if appeal is None or appeal.kind in UNGROUPED_KINDS or HotMember.objects.filter(pk=appeal_id).exists():
        return None
    if sk is None:
        sk = index.weighed(index.sketch(appeal.title, appeal.description))
    found = links_for(
        sk,
        around=appeal.created,
        street_id=index.street_of(appeal),
        phone_hash=appeal.phone_hash,
        exclude_id=appeal.pk,
    )
    created_of = dict(
        Appeal.objects.filter(pk__in=[other for other, _score in found])
        .exclude(kind__in=UNGROUPED_KINDS)
        .values_list("pk", "created")
    )
    found = [(other, score) for other, score in found if other in created_of]
    for attempt in range(2):
        try:
            with transaction.atomic():
                HotLink.objects.bulk_create(
                    [
                        HotLink(
                            appeal=appeal,
                            other_id=other,
                            score=score,
                            created=appeal.created,
                            other_created=created_of[other],
                        )
                        for other, score in found
                    ],
                    ignore_conflicts=True,
                )
                return _join_best(appeal, found, now)
        except IntegrityError:
            # Another worker placed the linked appeal at the same moment: read again once.
            if attempt:
                raise
    return None


def _join_best(appeal, found, now) -> HotIssue | None:
    if not found:
        return None
    best, _score = found[0]
    member = HotMember.objects.select_related("hot_issue").filter(pk=best).first()
    if member is not None and member.hot_issue.is_active:
        issue = member.hot_issue
        _add_member(issue, appeal, now)
        record_event(
            issue,
            EventName.HOT_ISSUE_APPEAL_ADDED,
            actor_role=SYSTEM,
            reason=[said(gettext_noop("Appeal %(ticket)s"), ticket=appeal.ticket_number)],
            now=now,
        )
    else:
        other = Appeal.objects.filter(pk=best).first()
        if other is None:
            return None
        issue = HotIssue.objects.create(created=now, updated=now)
        if member is not None:  # in a hot issue that ended: it starts again here
            HotMember.objects.filter(pk=best).delete()
        _add_member(issue, other, now)
        _add_member(issue, appeal, now)
        record_event(
            issue,
            EventName.HOT_ISSUE_FOUND,
            actor_role=SYSTEM,
            reason=[
                said(
                    gettext_noop("Appeals %(first)s and %(second)s"),
                    first=other.ticket_number,
                    second=appeal.ticket_number,
                )
            ],
            now=now,
        )
    refresh([issue.pk], now=now)
    return issue


def _add_member(issue, appeal, now) -> None:
    HotMember.objects.create(
        appeal=appeal, hot_issue=issue, joined=now, appeal_created=appeal.created, phone_hash=appeal.phone_hash
    )


def _chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


# What a hot issue shows: its title, place and heat --------------------------------------------
def refresh(issue_ids, now=None) -> None:
    """Work out again the counts, title, street and heat of these hot issues (3 queries + 1 per issue)."""
    now = now or timezone.now()
    for part in _chunks(set(issue_ids) - {None}, 200):
        _refresh(part, now)


def _refresh(ids, now) -> None:
    since = now - datetime.timedelta(days=max(WINDOWS))
    rows = defaultdict(list)
    for issue_id, appeal_id, created, phone, title, street in (
        HotMember.objects.filter(hot_issue_id__in=ids)
        .order_by("appeal_created", "appeal_id")
        .values_list("hot_issue_id", "appeal_id", "appeal_created", "phone_hash", "appeal__title", "appeal__street")
    ):
        rows[issue_id].append((appeal_id, created, phone, title, street))
    backing = defaultdict(list)
    for issue_id, created, phone, browser in (
        Support.objects.counted()
        .filter(appeal__hot_member__hot_issue_id__in=ids, created__gte=since)
        .values_list("appeal__hot_member__hot_issue_id", "created", "phone_hash", "browser_hash")
    ):
        backing[issue_id].append((created, phone or "b:" + browser))
    for issue in HotIssue.objects.filter(pk__in=ids):
        members = rows.get(issue.pk, [])
        appeals = [(created, phone) for _id, created, phone, _title, _street in members]
        counted = {w: figures(appeals, backing.get(issue.pk, []), window=w, now=now) for w in WINDOWS}
        streets = Counter(street for *_rest, street in members if street)
        issue.appeal_count = len(members)
        issue.first_appeal_at = members[0][1] if members else None
        issue.last_appeal_at = members[-1][1] if members else None
        # The title most of its appeals carry names the problem (the latest of equals); masked.
        masked = [mask_text(title) for _id, _created, _phone, title, _street in members]
        titles = Counter(masked)
        latest = {title: n for n, title in enumerate(masked)}
        if titles:
            issue.title = max(titles, key=lambda t: (titles[t], latest[t]))[:100]
        issue.street_id = streets.most_common(1)[0][0] if streets else None
        issue.figures = {str(w): f.as_dict() for w, f in counted.items()}
        issue.heat_7, issue.heat_30, issue.heat_90 = (counted[w].heat for w in WINDOWS)
        issue.updated = now
        if not members and issue.ended is None:
            issue.ended = now
        issue.save()


def refresh_active(now=None, batch: int = 500) -> int:
    """Heat decays as days pass: work it out again for every hot issue still within the horizon."""
    now = now or timezone.now()
    ids = list(
        HotIssue.objects.active()
        .filter(Q(last_appeal_at__gte=now - horizon()) | Q(heat_90__gt=0))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            refresh(ids[start : start + batch], now=now)
    return len(ids)


# Regrouping ------------------------------------------------------------------------------------
@dataclass
class Regrouped:
    appeals: int = 0
    moved: int = 0
    found: int = 0
    merged: int = 0
    ended: int = 0


def rules_in_force() -> tuple[list, list]:
    """The must-link and cannot-link pairs in force (staff's decisions: few)."""
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for kind, first, second in HotRule.objects.in_force().values_list("kind", "first_id", "second_id"):
        (must if kind == RuleKind.MUST_LINK else cannot).append((first, second))
    return must, cannot


def recompute(now=None) -> Regrouped:
    """Regroup the appeals of the horizon from their kept links and staff's rules.

    Reads links and memberships only (no text, no history before the horizon): appeals
    older than it stay where they are.  Merges groups that grew together, repairs what
    one-by-one placing got wrong, and keeps each hot issue's id while most of its appeals
    stay in it (grouping.keep_identity).
    """
    now = now or timezone.now()
    since = now - horizon()
    with transaction.atomic():
        links = list(
            HotLink.objects.filter(created__gte=since, other_created__gte=since).values_list(
                "appeal_id", "other_id", "score"
            )
        )
        current = dict(HotMember.objects.filter(appeal_created__gte=since).values_list("appeal_id", "hot_issue_id"))
        ids = set(current) | {a for a, _b, _s in links} | {b for _a, b, _s in links}
        must, cannot = rules_in_force()
        groups = grouping.cluster(ids, links, must, cannot)
        # A group of one appeal is no hot issue, unless residents support it or staff set
        # it apart.
        kept = set(Support.objects.filter(appeal__created__gte=since).values_list("appeal_id", flat=True).distinct())
        kept |= {a for pair in must + cannot for a in pair}
        groups = [g for g in groups if len(g) > 1 or g & kept]
        involved = set(current.values())
        sizes = dict(_member_counts(involved))
        outcome = grouping.keep_identity(groups, current, sizes)
        return _apply(outcome, current, now, len(ids))


def _member_counts(issue_ids):
    for part in _chunks(issue_ids):
        yield from (
            HotMember.objects.filter(hot_issue_id__in=part)
            .values("hot_issue_id")
            .annotate(n=Count("appeal_id"))
            .values_list("hot_issue_id", "n")
        )


def _apply(outcome, current, now, appeals) -> Regrouped:
    result = Regrouped(appeals=appeals)
    ids_of = {}
    for key in outcome.members:
        if key < 0:
            ids_of[key] = HotIssue.objects.create(created=now, updated=now).pk
            result.found += 1
        else:
            ids_of[key] = key
    for old in outcome.ended:
        ids_of.setdefault(old, old)
    touched = set()
    wanted = {a: ids_of[key] for key, members in outcome.members.items() for a in members}
    # Appeals of the horizon in no group any more leave their hot issue.
    gone = [a for a in current if a not in wanted]
    for part in _chunks(gone):
        HotMember.objects.filter(pk__in=part).delete()
    touched |= {current[a] for a in gone}
    changing = [a for a in wanted if current.get(a) != wanted[a]]
    appeal_rows = [
        row
        for part in _chunks(changing)
        for row in Appeal.objects.filter(pk__in=part).values_list("pk", "created", "phone_hash")
    ]
    moves = defaultdict(list)
    for pk, created, phone in appeal_rows:
        target = wanted[pk]
        touched |= {target, current.get(pk)} - {None}
        HotMember.objects.update_or_create(
            appeal_id=pk,
            defaults={"hot_issue_id": target, "joined": now, "appeal_created": created, "phone_hash": phone},
        )
        moves[target].append(pk)
        result.moved += 1
    for old, went in outcome.ended.items():
        heir = ids_of.get(went) if went is not None else None
        issue = HotIssue.objects.filter(pk=old).first()
        if issue is None or not issue.is_active:
            continue
        # Its appeals before the horizon go with the rest of it.
        if heir is not None:
            HotMember.objects.filter(hot_issue_id=old).update(hot_issue_id=heir)
            issue.merged_into_id = heir
            result.merged += 1
            record_event(
                issue,
                EventName.HOT_ISSUE_MERGED,
                actor_role=SYSTEM,
                reason=[said(gettext_noop("Most of its appeals are now in hot issue %(number)s"), number=heir)],
                now=now,
            )
        else:
            result.ended += 1
        issue.ended = now
        issue.save(update_fields=["merged_into", "ended"])
        touched |= {old, heir} - {None}
    for target, moved in moves.items():
        record_event(
            HotIssue(pk=target),
            EventName.HOT_ISSUE_REGROUPED,
            actor_role=SYSTEM,
            reason=[said(gettext_noop("%(count)s appeals moved in on regrouping"), count=len(moved))],
            now=now,
        )
    refresh(touched, now=now)
    return result


# Staff's decisions ------------------------------------------------------------------------------
def _chain(kind, appeal_ids, user, now) -> list[HotRule]:
    ordered = sorted(appeal_ids)
    return [
        HotRule(kind=kind, first_id=a, second_id=b, created=now, created_by=user)
        for a, b in zip(ordered, ordered[1:], strict=False)
    ]


def _supersede(kind, left, right, now) -> None:
    """Rules of `kind` with one appeal on each side end: the new decision replaces them."""
    left, right = list(left), list(right)
    HotRule.objects.in_force().filter(kind=kind).filter(
        Q(first_id__in=left, second_id__in=right) | Q(first_id__in=right, second_id__in=left)
    ).update(superseded=now)


def split(issue: HotIssue, appeal_ids, *, user, reason: str, request=None, now=None) -> HotIssue:
    """Take the chosen appeals out of a hot issue into a new one, for good.

    Kept as rules: the chosen appeals together, the rest together, the two never again
    in one group.  The part with more appeals keeps the id (the rest, on a tie).
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise HotRefused(_("Say why these appeals are a different problem."))
    with transaction.atomic():
        issue = HotIssue.objects.select_for_update().get(pk=issue.pk)
        members = set(issue.members.values_list("appeal_id", flat=True))
        chosen = members & set(appeal_ids)
        rest = members - chosen
        if not chosen or not rest:
            raise HotRefused(_("Choose some of the appeals, but not all of them."))
        moving, staying = (rest, chosen) if len(chosen) > len(rest) else (chosen, rest)
        _supersede(RuleKind.MUST_LINK, chosen, rest, now)
        HotRule.objects.bulk_create(
            [
                *_chain(RuleKind.MUST_LINK, chosen, user, now),
                *_chain(RuleKind.MUST_LINK, rest, user, now),
                HotRule(
                    kind=RuleKind.CANNOT_LINK, first_id=min(chosen), second_id=min(rest), created=now, created_by=user
                ),
            ]
        )
        new = HotIssue.objects.create(created=now, updated=now)
        HotMember.objects.filter(pk__in=moving).update(hot_issue=new, joined=now)
        tickets = "、".join(Appeal.objects.filter(pk__in=moving).order_by("pk").values_list("ticket_number", flat=True))
        record_event(
            issue,
            EventName.HOT_ISSUE_SPLIT,
            actor=user,
            reason=[
                said(
                    gettext_noop("Appeals %(tickets)s moved to hot issue %(number)s."), tickets=tickets, number=new.pk
                ),
                said(gettext_noop("Reason:")),
                typed(reason),
            ],
            request=request,
            now=now,
        )
        record_event(
            new,
            EventName.HOT_ISSUE_SPLIT,
            actor=user,
            reason=[
                said(gettext_noop("Split from hot issue %(number)s."), number=issue.pk),
                said(gettext_noop("Reason:")),
                typed(reason),
            ],
            request=request,
            now=now,
        )
        refresh([issue.pk, new.pk], now=now)
    return new


def join(issue: HotIssue, other: HotIssue, *, user, reason: str, request=None, now=None) -> HotIssue:
    """Put two hot issues together, for good; the one with more appeals keeps its id."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise HotRefused(_("Say why these are one problem."))
    if other is None or other.pk == issue.pk:
        raise HotRefused(_("Choose another hot issue to join this one with."))
    with transaction.atomic():
        locked = {i.pk: i for i in HotIssue.objects.select_for_update().filter(pk__in=[issue.pk, other.pk])}
        issue, other = locked[issue.pk], locked[other.pk]
        if not issue.is_active or not other.is_active:
            raise HotRefused(_("That hot issue has ended: open the one it went into."))
        mine = set(issue.members.values_list("appeal_id", flat=True))
        theirs = set(other.members.values_list("appeal_id", flat=True))
        keeper, gone = (issue, other) if (len(mine), -issue.pk) >= (len(theirs), -other.pk) else (other, issue)
        _supersede(RuleKind.CANNOT_LINK, mine, theirs, now)
        HotRule.objects.bulk_create(_chain(RuleKind.MUST_LINK, mine | theirs, user, now))
        HotMember.objects.filter(hot_issue=gone).update(hot_issue=keeper, joined=now)
        gone.merged_into = keeper
        gone.ended = now
        gone.save(update_fields=["merged_into", "ended"])
        for one, partner in ((keeper, gone), (gone, keeper)):
            record_event(
                one,
                EventName.HOT_ISSUE_JOINED,
                actor=user,
                reason=[
                    said(gettext_noop("Joined with hot issue %(number)s."), number=partner.pk),
                    said(gettext_noop("Reason:")),
                    typed(reason),
                ],
                request=request,
                now=now,
            )
        refresh([keeper.pk, gone.pk], now=now)
    return keeper


# Supports ("我也遇到了") ----------------------------------------------------------------------
@dataclass(frozen=True)
class Supported:
    counted: bool  # False: this browser (or phone) had supported it already
    supports: int  # the appeal's supports, as counted
    # This browser had pressed before.  (A phone known from another browser is not said:
    # that would tell anyone whether a given number supported the appeal.)
    again: bool = False


def support(
    appeal: Appeal,
    *,
    browser: str,
    phone: str = "",
    consent: bool = False,
    ip: str | None = None,
    now=None,
) -> Supported:
    """A resident presses "我也遇到了" on a published appeal: counted once per browser, and
    once per phone if one is given.  Idempotent; rate-limited per address like submissions.

    The phone (normalised digits) is kept only with consent, to tell them when the problem
    is taken up; without consent only its keyed hash is kept, to count it once.
    """
    now = now or timezone.now()
    browser_hash = crypto.keyed_hash("browser:" + browser)
    phone_hash = crypto.keyed_hash(phone) if phone else ""
    with transaction.atomic():
        existing = Support.objects.select_for_update().filter(appeal=appeal, browser_hash=browser_hash).first()
        phone_seen = (
            bool(phone_hash)
            and Support.objects.filter(appeal=appeal, phone_hash=phone_hash, first_of_phone=True)
            .exclude(pk=getattr(existing, "pk", None))
            .exists()
        )
        if existing is not None:
            # Pressed again: a phone or a consent given now is added; nothing is counted twice.
            adds_phone = phone and not existing.phone_hash and not phone_seen
            adds_consent = phone and existing.phone_hash == phone_hash and consent and not existing.consent
            if adds_phone or adds_consent:
                _keep_phone(existing, phone, phone_hash, consent, first=not phone_seen)
                existing.save()
            return Supported(False, _count(appeal), again=True)
        if ip and not take_address_limit("support-ip-hour", ip, now, settings.HUYING_SUPPORTS_PER_IP_PER_HOUR):
            raise HotRefused(
                _("Too many supports have been sent from your network in the last hour. Please try later.")
            )
        row = Support(appeal=appeal, created=now, browser_hash=browser_hash)
        if phone:
            _keep_phone(row, phone, phone_hash, consent and not phone_seen, first=not phone_seen)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            # The same browser's second press racing the first: it was counted once.
            return Supported(False, _count(appeal), again=True)
        if not phone_seen:
            _place_supported(appeal, now)
    return Supported(not phone_seen, _count(appeal))


def _keep_phone(row: Support, phone: str, phone_hash: str, consent: bool, *, first: bool) -> None:
    """`first`: no other support of this appeal has this phone (support() has looked)."""
    row.phone_hash = phone_hash
    row.first_of_phone = row.first_of_phone or first
    if consent:
        row.consent = True
        row.phone_encrypted = crypto.encrypt(phone)
        row.phone_masked = mask_phone(phone)
        row.unsubscribe_token = row.unsubscribe_token or secrets.token_urlsafe(16)


def _count(appeal) -> int:
    return Support.objects.counted().filter(appeal=appeal).count()


def _place_supported(appeal, now) -> None:
    """A supported appeal is a hot issue even alone: its heat counts its supports."""
    member = HotMember.objects.filter(pk=appeal.pk).select_related("hot_issue").first()
    if member is not None and member.hot_issue.is_active:
        refresh([member.hot_issue_id], now=now)
        return
    if member is not None:
        member.delete()
    issue = HotIssue.objects.create(created=now, updated=now)
    _add_member(issue, appeal, now)
    record_event(
        issue,
        EventName.HOT_ISSUE_FOUND,
        actor_role=SYSTEM,
        reason=[said(gettext_noop("Residents support appeal %(ticket)s"), ticket=appeal.ticket_number)],
        now=now,
    )
    refresh([issue.pk], now=now)


def unsubscribe(token: str, now=None) -> bool:
    """The supporter's 退订: no more messages about it, and the phone is no longer kept."""
    if not TOKEN.fullmatch(token or ""):
        return False
    with transaction.atomic():
        rows = Support.objects.select_for_update().filter(unsubscribe_token=token)
        found = False
        for row in rows:
            found = True
            row.unsubscribed = row.unsubscribed or now or timezone.now()
            row.consent = False
            row.phone_encrypted = ""
            row.save()
    return found


def erase_supporters(appeal_id: int) -> int:
    """The privacy erasure of an appeal erases its supporters' phones too (the counts stay),
    and its hot issue's title is taken again from the erased text."""
    erased = Support.objects.filter(appeal_id=appeal_id).update(
        phone_encrypted="", phone_masked="", consent=False, unsubscribe_token=""
    )
    refresh(HotMember.objects.filter(pk=appeal_id).values_list("hot_issue_id", flat=True))
    return erased


def notify_supporters(issue: HotIssue, text: str) -> int:
    """Tell the supporters who gave a phone and consent (and did not unsubscribe): once per
    phone, each message ending with their own 退订 link.  In the caller's transaction."""
    sent = set()
    rows = Support.objects.filter(appeal__hot_member__hot_issue=issue, consent=True, unsubscribed__isnull=True).exclude(
        phone_encrypted=""
    )
    for row in rows.order_by("created", "pk"):
        if row.phone_hash in sent:
            continue
        sent.add(row.phone_hash)
        stop = absolute_url(reverse("hot:unsubscribe", args=[row.unsubscribe_token]))
        with translation.override(settings.LANGUAGE_CODE):
            body = _("%(text)s To stop these messages: %(link)s") % {"text": text, "link": stop}
        queue_notification(channel=Channel.SMS, recipient=row.phone, body=body, redact=(row.unsubscribe_token,))
    return len(sent)
