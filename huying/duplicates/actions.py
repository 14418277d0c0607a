"""Every write of the duplicate finder: indexing, recording candidates, merging, unmerging.

Merging here is issue 5's merge, not the dispatch centre's "reject as a duplicate": the
later appeal joins the earlier one's work order and keeps its own status (which mirrors
the shared work order), its own follow-up and its own tracking page.  Its resident is
told of the reply like the first one's, and rates it on their own page.
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from huying.access import require_role
from huying.accounts.models import Role
from huying.appeals.models import Appeal, Kind, Status
from huying.audit.actions import SYSTEM, record_event
from huying.duplicates import index
from huying.duplicates.models import AppealBand, AppealSketch, DuplicateCandidate, Merge, WordCount

# How many likely duplicates to keep per appeal: the dispatcher reads them side by side.
CANDIDATES_KEPT = 5
# Rows older than this are never looked up again (lookups reach one window back and forth
# around an appeal); kept a while longer for panels of older appeals.
INDEX_KEPT_WINDOWS = 4


class MergeRefused(Exception):
    """The merge or unmerge cannot be done; `message` says why, in words for staff."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# Indexing ------------------------------------------------------------------------------------
_KEYS_PER_QUERY = 5000


def count_words(word_sets, sign: int = 1) -> None:
    """Add appeals' content words to the word counts (or take them away, with sign=-1).

    Increments in the database (not read-modify-write), so that concurrent indexing of two
    appeals cannot lose a count.
    """
    if not word_sets:
        return
    totals = Counter()
    for words in word_sets:
        totals.update(int(key) for key in words)
    totals[index.APPEALS_KEY] += len(word_sets)
    keys = list(totals)
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        WordCount.objects.bulk_create(
            [WordCount(key=key, appeals=0) for key in keys[start : start + _KEYS_PER_QUERY]], ignore_conflicts=True
        )
    by_amount = defaultdict(list)
    for key, amount in totals.items():
        by_amount[amount].append(key)
    for amount, same in by_amount.items():
        for start in range(0, len(same), _KEYS_PER_QUERY):
            WordCount.objects.filter(key__in=same[start : start + _KEYS_PER_QUERY]).update(
                appeals=F("appeals") + sign * amount
            )


def store_sketch(appeal_id, *, created, phone_hash, street_id, sk, count=True) -> None:
    """Replace an appeal's index rows: its sketch, its band keys and its words' counts.

    With count=False the words are taken as counted already (a rebuild counts them all first).
    """
    if count:
        old = AppealSketch.objects.filter(pk=appeal_id).values_list("word_hashes", flat=True).first()
        if old:
            count_words([index.from_bytes(old)], sign=-1)
        count_words([sk.words])
    index.weighed(sk)
    AppealBand.objects.filter(appeal_id=appeal_id).delete()
    AppealSketch.objects.update_or_create(
        appeal_id=appeal_id,
        defaults={
            "created": created,
            "phone_hash": phone_hash or "",
            "street_id": street_id,
            "title_hashes": sk.title_bytes(),
            "text_hashes": sk.text_bytes(),
            "word_hashes": sk.word_bytes(),
            "word_weights": sk.weight_bytes(),
            "title_places": sk.title_place_bytes(),
            "places": sk.place_bytes(),
        },
    )
    AppealBand.objects.bulk_create(
        AppealBand(band_key=key, appeal_id=appeal_id, created=created)
        for key in index.band_keys(sk, street_id)
    )


def index_appeal(appeal_id: int) -> list[DuplicateCandidate]:
    """Index one appeal and record the likely duplicates among its neighbours in time."""
    appeal = Appeal.objects.select_related("community__parent").filter(pk=appeal_id).first()
    if appeal is None:
        return []
    sk = index.sketch(appeal.title, appeal.description)
    street_id = index.street_of(appeal)
    with transaction.atomic():
        store_sketch(appeal.pk, created=appeal.created, phone_hash=appeal.phone_hash, street_id=street_id, sk=sk)
        matches = index.lookup(
            sk,
            around=appeal.created,
            street_id=street_id,
            phone_hash=appeal.phone_hash,
            exclude_id=appeal.pk,
            limit=CANDIDATES_KEPT,
        )
        return record_candidates(appeal, matches)


def record_candidates(appeal, matches) -> list[DuplicateCandidate]:
    """Keep the matches as candidates, always from the later appeal to the earlier one."""
    if not matches:
        return []
    created_of = dict(Appeal.objects.filter(pk__in=[m.appeal_id for m in matches]).values_list("pk", "created"))
    rows = []
    for match in matches:
        other = match.appeal_id
        if other not in created_of:
            continue
        later_first = (created_of[other], other) > (appeal.created, appeal.pk)
        pair = {"appeal_id": other, "candidate_id": appeal.pk} if later_first else {
            "appeal_id": appeal.pk,
            "candidate_id": other,
        }
        row, _created = DuplicateCandidate.objects.update_or_create(
            **pair, defaults={"score": match.score, "reason": match.reason}
        )
        rows.append(row)
    record_event(appeal, "duplicates_found", actor_role=SYSTEM, reason=str(len(rows)))
    return rows


def prune_index(now=None) -> int:
    """Drop index rows too old to be looked up; candidates and merges stay."""
    now = now or timezone.now()
    cutoff = now - INDEX_KEPT_WINDOWS * index.window()
    with transaction.atomic():
        AppealBand.objects.filter(created__lt=cutoff).delete()
        old = AppealSketch.objects.filter(created__lt=cutoff)
        count_words(
            [index.from_bytes(words) for words in old.values_list("word_hashes", flat=True).iterator()
             if words],
            sign=-1,
        )
        deleted, _per_model = old.delete()
    return deleted


def _batches(batch_size):
    queryset = Appeal.objects.select_related("community__parent").order_by("pk")
    last_pk = 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:batch_size]):
        yield batch, index.sketch_many([(a.title, a.description) for a in batch])
        last_pk = batch[-1].pk


def reindex_all(batch_size: int = 500, progress=None) -> int:
    """Rebuild the whole index (after a change of the hashing), in numpy batches.

    Two passes: the words of every appeal are counted first, so that every appeal's word
    weights come from the same, complete counts.  `progress` is told the appeals done in
    both passes (twice the number of appeals in all).
    """
    done = 0
    with transaction.atomic():
        WordCount.objects.all().delete()
        for batch, sketches in _batches(batch_size):
            count_words([sk.words for sk in sketches])
            done += len(batch)
            if progress is not None:
                progress(done)
    for batch, sketches in _batches(batch_size):
        with transaction.atomic():
            for appeal, sk in zip(batch, sketches, strict=True):
                store_sketch(
                    appeal.pk,
                    created=appeal.created,
                    phone_hash=appeal.phone_hash,
                    street_id=index.street_of(appeal),
                    sk=sk,
                    count=False,
                )
        done += len(batch)
        if progress is not None:
            progress(done)
    return done // 2


# Merging -----------------------------------------------------------------------------------
MERGEABLE_STATUSES = (Status.SUBMITTED, Status.REVIEWED)


def _original(appeal) -> Appeal:
    """The appeal at the head of a chain of merges (merge into the original, not a copy)."""
    seen = set()
    while appeal.pk not in seen:
        seen.add(appeal.pk)
        active = Merge.objects.active().select_related("into").filter(appeal=appeal).first()
        if active is None:
            break
        appeal = active.into
    return appeal


def later_and_earlier(first, second) -> tuple[Appeal, Appeal]:
    later, earlier = sorted((first, second), key=lambda a: (a.created, a.pk), reverse=True)
    return later, earlier


def merge_refusal(later, earlier) -> str:
    """Why the later appeal cannot join the earlier one's work order; "" when it can."""
    from huying.workorders.models import State

    if earlier.pk == later.pk:
        return _("These appeals are already merged.")
    if Kind.REPORT in (later.kind, earlier.kind):
        return _("Reports of wrongdoing are confidential and are never merged.")
    # A merge sets duplicate_of (and unmerging restores it), so it shows an active merge.
    if later.duplicate_of_id is not None:
        return _("Appeal %(ticket)s is already merged.") % {"ticket": later.ticket_number}
    if later.work_order_id is not None or later.status not in MERGEABLE_STATUSES:
        return _(
            "Appeal %(ticket)s is already being handled on its own; only an appeal not yet "
            "dispatched can join another one's work order."
        ) % {"ticket": later.ticket_number}
    if earlier.work_order_id is None:
        return _(
            "Appeal %(ticket)s has no work order yet: dispatch it first, then merge the later one into it."
        ) % {"ticket": earlier.ticket_number}
    if earlier.work_order.state == State.CLOSED:
        return _(
            "The work order of appeal %(ticket)s is closed: dispatch the later appeal on its own."
        ) % {"ticket": earlier.ticket_number}
    return ""


def merge(user, first, second, *, note="", request=None) -> Merge:
    """The later of two appeals joins the earlier one's work order.

    The later one must not be dispatched yet (it has no work order of its own); the earlier
    one must have a work order that is not closed.  Reports of wrongdoing are never merged:
    their reporters' identities and replies stay confidential.
    """
    from huying.workorders.models import APPEAL_STATUS, State, WorkOrder

    require_role(user, Role.DISPATCHER)
    note = (note or "").strip()[:500]
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().in_bulk([first.pk, second.pk])
        if len(locked) != 2 or first.pk == second.pk:
            raise MergeRefused(_("Choose two different appeals to merge."))
        later, earlier = later_and_earlier(*locked.values())
        earlier = _original(earlier)
        refusal = merge_refusal(later, earlier)
        if refusal:
            raise MergeRefused(refusal)
        work_order = WorkOrder.objects.select_for_update().get(pk=earlier.work_order_id)
        now = timezone.now()
        merge_row = Merge.objects.create(
            appeal=later,
            into=earlier,
            previous_work_order=None,
            previous_status=later.status,
            previous_status_changed=later.status_changed,
            previous_duplicate_of=None,
            merged_by=user,
            merged_at=now,
        )
        old = later.status
        status = APPEAL_STATUS[State(work_order.state)]
        Appeal.objects.filter(pk=later.pk).update(
            work_order=work_order, duplicate_of=earlier, status=status, status_changed=now
        )
        record_event(later, "merged", actor=user, from_state=old, to_state=status, reason=note, request=request)
        record_event(work_order, "appeal_joined", actor=user, reason=note, request=request)
    return merge_row


def unmerge(user, appeal, *, note="", request=None) -> Merge:
    """Undo a merge: the appeal leaves the shared work order and is as it was before."""
    require_role(user, Role.DISPATCHER)
    note = (note or "").strip()[:500]
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        merge_row = Merge.objects.active().select_for_update().filter(appeal=appeal).first()
        if merge_row is None:
            raise MergeRefused(_("Appeal %(ticket)s is not merged.") % {"ticket": appeal.ticket_number})
        work_order_id = appeal.work_order_id
        now = timezone.now()
        Appeal.objects.filter(pk=appeal.pk).update(
            work_order_id=merge_row.previous_work_order_id,
            duplicate_of_id=merge_row.previous_duplicate_of_id,
            status=merge_row.previous_status,
            status_changed=now,
        )
        merge_row.unmerged_by = user
        merge_row.unmerged_at = now
        merge_row.save(update_fields=["unmerged_by", "unmerged_at"])
        record_event(
            appeal, "unmerged", actor=user, from_state=appeal.status, to_state=merge_row.previous_status,
            reason=note, request=request,
        )
        if work_order_id is not None:
            from huying.workorders.models import WorkOrder

            record_event(WorkOrder(pk=work_order_id), "appeal_left", actor=user, reason=note, request=request)
    return merge_row


def unmerge_pair(user, first, second, *, note="", request=None) -> Merge:
    """Undo the active merge between two appeals, whichever of them joined the other."""
    require_role(user, Role.DISPATCHER)
    row = (
        Merge.objects.active()
        .filter(Q(appeal=first, into=second) | Q(appeal=second, into=first))
        .select_related("appeal")
        .first()
    )
    if row is None:
        raise MergeRefused(_("These appeals are not merged."))
    return unmerge(user, row.appeal, note=note, request=request)


# The others are told -------------------------------------------------------------------------
def tell_others_of_unsatisfied_follow_up(follow_up) -> list:
    """One resident of a shared work order was not satisfied: tell the others it goes on.

    Runs in the follow-up's transaction (the message is queued in the outbox there).
    """
    from huying.notifications.actions import queue_notification
    from huying.notifications.models import Channel

    others = Appeal.objects.filter(work_order_id=follow_up.work_order_id).exclude(pk=follow_up.appeal_id)
    queued = []
    for appeal in others.order_by("created", "id"):
        phone = appeal.phone
        if not phone:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = _(
                "[Huying] Your appeal %(ticket)s is handled together with others about the same "
                "matter. Another resident was not satisfied with the reply, so it is being looked "
                "at again; you will be told of the new reply."
            ) % {"ticket": appeal.ticket_number}
        queued.append(queue_notification(channel=Channel.SMS, recipient=phone, body=str(body), appeal=appeal))
    return queued
