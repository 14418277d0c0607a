"""Every change on the residents' side: submitting, staging attachments, tracking tries.

Each write runs in one transaction with its audit event; other apps hear of a new appeal
through the `appeal_submitted` signal, sent only once the transaction has committed, and
write what must commit with it (the receipt SMS) on `appeal_receiving`, sent inside it.
"""

import datetime
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huying.appeals.models import (
    Appeal,
    Attachment,
    Channel,
    RateCounter,
    Submission,
    SubmitterType,
    TicketCounter,
    TrackingGuard,
)
from huying.appeals.signals import appeal_receiving, appeal_submitted, personal_data_erasing
from huying.appeals.states import FINAL_STATES, State
from huying.appeals.uploads import MAX_ATTACHMENTS, UploadRefused, clean_upload
from huying.audit.actions import RESIDENT, SYSTEM, record_event
from huying.audit.events import EventName
from huying.audit.wording import said
from huying.lib import crypto
from huying.lib.abuse import REASON_LABELS, AbuseResult, abuse_score
from huying.lib.lockouts import count_failure, is_locked
from huying.lib.numbers import as_key
from huying.lib.pii import find_personal_data, mask_text, to_halfwidth
from huying.lib.refusals import Refused

logger = logging.getLogger(__name__)

# No look-alikes: no 0/O/Q/D, 1/I/L/J, 2/Z, 5/S, 8/B, U/V.
QUERY_CODE_ALPHABET = "ACEFGHKMNPRTWXY34679"
QUERY_CODE_LENGTH = 10
TICKET_PATTERN = re.compile(r"\d{8}-\d{6,7}")
TRACKING_WINDOW = datetime.timedelta(hours=1)
# Pending uploads per IP and hour: a form may be returned a few times before it is right.
UPLOADS_PER_IP_PER_HOUR_FACTOR = 5
PENDING_UPLOAD_LIFETIME = datetime.timedelta(hours=24)


class SubmissionRefused(Refused):
    """The appeal was not accepted; `message` says why, in words for the resident."""


@dataclass
class Submitted:
    appeal: Appeal
    # Shown to the resident once; only its keyed hash is stored.
    query_code: str
    # True when the form's token was sent before: this is the first sending's appeal.
    repeated: bool = False


# A retry's receipt can show the query code for this long after the first sending.
RECEIPT_CODE_LIFETIME = datetime.timedelta(days=1)


def _earlier_submission(token: str) -> Submitted | None:
    earlier = Submission.objects.filter(token=token).select_related("appeal").first()
    if earlier is None:
        return None
    return Submitted(appeal=earlier.appeal, query_code=crypto.decrypt(earlier.query_code_encrypted), repeated=True)


# Numbers and codes ---------------------------------------------------------------------
def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(code: str) -> str:
    return re.sub(r"[\s\-]+", "", to_halfwidth(code or "")).upper()[:32]


def normalise_ticket_number(ticket: str) -> str:
    ticket = re.sub(r"\s+", "", to_halfwidth(ticket or ""))[:32]
    ticket = re.sub(r"[—–－_]", "-", ticket)
    if re.fullmatch(r"\d{14,15}", ticket):
        ticket = f"{ticket[:8]}-{ticket[8:]}"
    return ticket


def next_ticket_number(day: datetime.date) -> str:
    """YYYYMMDD-NNNNNN, counting per day.  Must run inside the submitting transaction.

    The UPDATE ... SET last = last + 1 takes the row's lock on PostgreSQL (a second
    submitter waits and then counts on); SQLite's IMMEDIATE transactions serialise writers.
    """
    counter, _created = TicketCounter.objects.get_or_create(day=day)
    TicketCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{day:%Y%m%d}-{counter.last:06d}"


# Rate limits ------------------------------------------------------------------------------
def _day_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _hour_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _ip_key(ip: str) -> str:
    # Counters need only recognise an address, not keep it.
    return crypto.keyed_hash("ip:" + ip)


def _take(scope: str, key: str, window_start: datetime.datetime, limit: int) -> bool:
    """Count one more in the window unless the limit is reached; False when it is."""
    counter, _created = RateCounter.objects.get_or_create(scope=scope, key=key, window_start=window_start)
    counter = RateCounter.objects.select_for_update().get(pk=counter.pk)
    if counter.count >= limit:
        return False
    RateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return True


def take_address_limit(scope: str, ip: str, now: datetime.datetime, per_hour: int) -> bool:
    """Count one more action of `scope` from this address in this hour; False at the limit.

    The submission limits' counters, for other apps' public forms (supports, comments).
    """
    return _take(scope, _ip_key(ip), _hour_start(now), per_hour)


# Submitting -------------------------------------------------------------------------------
def submit_appeal(
    data,
    *,
    channel: str = Channel.WEB,
    entered_by=None,
    request=None,
    ip: str | None = None,
    upload_token: str = "",
    submission_token: str = "",
    enforce_limits: bool | None = None,
    submitted_at: datetime.datetime | None = None,
    background: bool = True,
) -> Submitted:
    """Create an appeal from cleaned data and return it with its query code.

    `data` holds kind, title, description, category, street, community, address,
    contact_name, phone (normalised), id_number (normalised or empty), id_number_consent,
    submitter_type, enterprise_name and allow_publish.  Staff entering a call pass
    `entered_by` and their channel; limits then do not apply unless asked for.
    Raises SubmissionRefused when a limit is reached or the place is inconsistent.
    With background=False nobody hears of it (no triage, abuse score or duplicate index):
    for test factories that need none of that. A `submission_token` sent before returns the
    first sending's appeal (`repeated`), however many POSTs race.
    """
    if submission_token and (earlier := _earlier_submission(submission_token)) is not None:
        return earlier
    try:
        return _submit(
            data,
            channel=channel,
            entered_by=entered_by,
            request=request,
            ip=ip,
            upload_token=upload_token,
            submission_token=submission_token,
            enforce_limits=enforce_limits,
            submitted_at=submitted_at,
            background=background,
        )
    except IntegrityError:
        # Another POST with the same token won the race: its appeal is the one.
        earlier = _earlier_submission(submission_token) if submission_token else None
        if earlier is None:
            raise
        return earlier


def _submit(
    data, *, channel, entered_by, request, ip, upload_token, submission_token, enforce_limits, submitted_at, background
) -> Submitted:
    if enforce_limits is None:
        enforce_limits = entered_by is None and channel == Channel.WEB
    street, community = data.get("street"), data.get("community")
    if community is not None and (street is None or community.parent_id != street.pk):
        raise SubmissionRefused(_("The community does not belong to the chosen street."))
    id_number = data.get("id_number") or ""
    if id_number and not data.get("id_number_consent"):
        raise SubmissionRefused(_("An ID-card number is only kept with your consent."))
    now = submitted_at or timezone.now()
    query_code = new_query_code()
    with transaction.atomic():
        appeal = Appeal(
            ticket_number=next_ticket_number(timezone.localdate(now)),
            query_code_hash=crypto.keyed_hash(query_code),
            created=now,
            status_changed=now,
            channel=channel,
            submitter_type=data.get("submitter_type") or SubmitterType.RESIDENT,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            category=data.get("category"),
            street=street,
            community=community,
            address=data.get("address") or "",
            enterprise_name=(data.get("enterprise_name") or "")
            if data.get("submitter_type") == SubmitterType.ENTERPRISE
            else "",
            contact_name=data["contact_name"],
            id_number_consent=bool(id_number and data.get("id_number_consent")),
            allow_publish=bool(data.get("allow_publish")),
            status=State.SUBMITTED,
            entered_by=entered_by,
        )
        appeal.phone = data["phone"]
        if id_number:
            appeal.id_number = id_number
        if enforce_limits:
            _enforce_submission_limits(appeal.phone_hash, ip, now)
        appeal.save()
        if submission_token:
            Submission.objects.create(
                token=submission_token, appeal=appeal, query_code_encrypted=crypto.encrypt(query_code), created=now
            )
        if upload_token:
            Attachment.objects.pending(upload_token).update(appeal=appeal, upload_token="")
        record_event(
            appeal,
            EventName.ENTER if entered_by is not None else EventName.SUBMITTED,
            actor=entered_by,
            actor_role=None if entered_by is not None else RESIDENT,
            to_state=State.SUBMITTED,
            request=request,
            now=now,
        )
        appeal_id = appeal.pk
        if background:
            _receive(appeal)
            transaction.on_commit(lambda: _announce(appeal_id))
    return Submitted(appeal=appeal, query_code=query_code)


def _receive(appeal: Appeal) -> None:
    # Each listener writes in a savepoint of its own: one that fails loses its part, never the appeal.
    for receiver, result in appeal_receiving.send_robust(sender=Appeal, appeal=appeal):
        if isinstance(result, Exception):
            logger.error("appeal_receiving listener %r failed for appeal %s", receiver, appeal.pk, exc_info=result)


def _announce(appeal_id: int) -> None:
    # The appeal is saved: a failing queue or listener must not turn the resident's receipt into an error.
    from huying.appeals import tasks  # breaks the cycle: tasks imports these actions

    try:
        tasks.score_abuse(appeal_id)
    except Exception:
        logger.exception("could not queue the abuse score of appeal %s", appeal_id)
    for receiver, result in appeal_submitted.send_robust(sender=Appeal, appeal_id=appeal_id):
        if isinstance(result, Exception):
            logger.error("appeal_submitted listener %r failed for appeal %s", receiver, appeal_id, exc_info=result)


def _enforce_submission_limits(phone_hash: str, ip: str | None, now: datetime.datetime) -> None:
    if phone_hash and not _take(
        "phone-day", phone_hash, _day_start(now), settings.HUYING_SUBMISSIONS_PER_PHONE_PER_DAY
    ):
        raise SubmissionRefused(
            _(
                "This phone number has already been used for %(limit)s appeals today. "
                "Please try again tomorrow, or call the 12345 hotline."
            )
            % {"limit": settings.HUYING_SUBMISSIONS_PER_PHONE_PER_DAY}
        )
    if ip and not _take("ip-hour", _ip_key(ip), _hour_start(now), settings.HUYING_SUBMISSIONS_PER_IP_PER_HOUR):
        raise SubmissionRefused(
            _(
                "Too many appeals have been sent from your network in the last hour. "
                "Please try again later, or call the 12345 hotline."
            )
        )


# Attachments waiting for their appeal ------------------------------------------------------
def stage_attachments(token: str, files, *, ip: str | None = None) -> list[str]:
    """Check and keep uploaded files against the form's token; return messages for refused ones."""
    errors: list[str] = []
    cleaned = []
    for uploaded in files:
        try:
            cleaned.append(clean_upload(uploaded))
        except UploadRefused as refused:
            errors.append(str(refused.message))
    if not cleaned:
        return errors
    limit = settings.HUYING_SUBMISSIONS_PER_IP_PER_HOUR * UPLOADS_PER_IP_PER_HOUR_FACTOR
    with transaction.atomic():
        room = MAX_ATTACHMENTS - Attachment.objects.pending(token).count()
        for clean in cleaned:
            if room <= 0:
                errors.append(
                    str(
                        _("At most %(max)s attachments: “%(name)s” was not added.")
                        % {"max": MAX_ATTACHMENTS, "name": clean.name}
                    )
                )
                continue
            if ip and not _take("upload-ip", _ip_key(ip), _hour_start(timezone.now()), limit):
                errors.append(str(_("Too many files have been sent from your network. Please try again later.")))
                break
            Attachment.objects.create(
                upload_token=token,
                file=clean.content,
                original_name=clean.name,
                content_type=clean.content_type,
                size=clean.size,
            )
            room -= 1
    return errors


def remove_staged_attachments(token: str, ids) -> None:
    ids = [key for key in map(as_key, ids) if key is not None]
    if not token or not ids:
        return
    with transaction.atomic():
        doomed = list(Attachment.objects.pending(token).filter(pk__in=ids))
        _delete_attachments(doomed)


def _delete_attachments(attachments) -> None:
    files = [(a.file.storage, a.file.name) for a in attachments]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


def purge_stale_rows(now: datetime.datetime | None = None) -> dict[str, int]:
    """Forget abandoned uploads, spent rate counters and finished tracking locks."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(Attachment.objects.filter(appeal__isnull=True, created__lt=now - PENDING_UPLOAD_LIFETIME))
        _delete_attachments(stale)
        counters, _d = RateCounter.objects.filter(window_start__lt=now - datetime.timedelta(days=2)).delete()
        guards, _d = (
            TrackingGuard.objects.filter(window_start__lt=now - TRACKING_WINDOW).exclude(locked_until__gt=now).delete()
        )
        codes = (
            Submission.objects.filter(created__lt=now - RECEIPT_CODE_LIFETIME)
            .exclude(query_code_encrypted="")
            .update(query_code_encrypted="")
        )
    return {"uploads": len(stale), "counters": counters, "guards": guards, "receipt_codes": codes}


# Tracking ---------------------------------------------------------------------------------
class TrackingResult(Enum):
    FOUND = "found"
    WRONG = "wrong"
    LOCKED = "locked"


ANY_TICKET = "*"


def _guard(ticket: str, client: str, now) -> TrackingGuard:
    guard, _created = TrackingGuard.objects.get_or_create(
        ticket_number=ticket, client=client, defaults={"window_start": now}
    )
    return TrackingGuard.objects.select_for_update().get(pk=guard.pk)


def try_tracking(ticket_number: str, query_code: str, ip: str = "") -> tuple[TrackingResult, Appeal | None]:
    """Check a ticket number and query code from the client address `ip`.

    A wrong ticket and a wrong code answer alike and count alike, per ticket number
    (existing or not) and across all tickets, for this address only: after too many, this
    address waits, while everyone else (the resident with the right code) goes on.
    """
    ticket = normalise_ticket_number(ticket_number)
    code = normalise_query_code(query_code)
    if not TICKET_PATTERN.fullmatch(ticket):
        return TrackingResult.WRONG, None
    now = timezone.now()
    client = _ip_key(ip) if ip else ""
    with transaction.atomic():
        everywhere = _guard(ANY_TICKET, client, now) if client else None
        guard = _guard(ticket, client, now)
        if is_locked(guard, now) or is_locked(everywhere, now):
            return TrackingResult.LOCKED, None
        appeal = Appeal.objects.filter(ticket_number=ticket).first()
        given = crypto.keyed_hash(code) if code else ""
        if appeal is not None and given and hmac.compare_digest(appeal.query_code_hash, given):
            if guard.failures or guard.locked_until:
                TrackingGuard.objects.filter(pk=guard.pk).update(failures=0, locked_until=None, window_start=now)
            return TrackingResult.FOUND, appeal
        window = datetime.timedelta(minutes=settings.HUYING_TRACKING_LOCK_MINUTES)
        locked = count_failure(guard, settings.HUYING_TRACKING_TRIES_PER_TICKET, window, now)
        if everywhere is not None:
            locked = count_failure(everywhere, settings.HUYING_TRACKING_TRIES_PER_ADDRESS, window, now) or locked
    return (TrackingResult.LOCKED if locked else TrackingResult.WRONG), None


# Abuse ------------------------------------------------------------------------------------
# Other appeals from the same phone within this time before an appeal count as repeats.
REPEAT_WINDOW = datetime.timedelta(hours=24)


def record_abuse_score(appeal_id: int) -> AbuseResult | None:
    """Score an appeal for abuse (huying.lib.abuse) and keep the score and its reasons.

    Runs in the background after submission, for residents' and staff-entered appeals
    alike.  A high score flags the appeal for the dispatcher; nothing is hidden or dropped.
    Repeats are counted back from the appeal's own submission time, so the score does not
    depend on when the worker gets to it.
    """
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().filter(pk=appeal_id).first()
        if appeal is None:
            return None
        same_phone = 0
        if appeal.phone_hash and appeal.personal_data_erased_at is None:
            same_phone = (
                Appeal.objects.filter(
                    phone_hash=appeal.phone_hash,
                    created__gte=appeal.created - REPEAT_WINDOW,
                    created__lte=appeal.created,
                )
                .exclude(pk=appeal.pk)
                .count()
            )
        result = abuse_score(f"{appeal.title}\n{appeal.description}", recent_submissions_same_phone=same_phone)
        was_flagged = appeal.abuse_checked_at is not None and appeal.abuse.flagged
        # Only these columns: save() would rebuild the search text and could overwrite a
        # status that staff changed meanwhile.
        Appeal.objects.filter(pk=appeal.pk).update(
            abuse_score=result.score, abuse_reasons=result.reasons, abuse_checked_at=timezone.now()
        )
        if result.flagged and not was_flagged:
            record_event(
                appeal,
                EventName.FLAGGED_FOR_ABUSE,
                actor_role=SYSTEM,
                reason=[said(REASON_LABELS[code]) for code in result.reasons],
            )
    return result


# Retention ----------------------------------------------------------------------------------
def appeals_due_for_erasure(now: datetime.datetime | None = None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.HUYING_RETENTION_DAYS)
    return Appeal.objects.filter(
        status__in=FINAL_STATES, status_changed__lt=cutoff, personal_data_erased_at__isnull=True
    )


def erase_personal_data(appeal_id: int, *, again: bool = False) -> bool:
    """Erase an appeal's personal data once its retention period is over (`again`: because
    it was erased before, and a restore from an older backup brought it back).

    Name, phone and ID numbers, the exact address and attachments go; numbers and
    e-mails inside the text are masked for good.  The audit trail holds no personal data,
    so it stays whole. The erasure is also written to the erasure log, outside the database,
    so that a restore can erase it again.
    """
    with transaction.atomic():
        due = Appeal.objects.filter(personal_data_erased_at__isnull=True) if again else appeals_due_for_erasure()
        appeal = due.select_for_update().filter(pk=appeal_id).first()
        if appeal is None:
            return False
        values = personal_values(appeal)
        appeal.contact_name = ""
        appeal.phone = ""
        appeal.id_number = ""
        appeal.address = ""
        appeal.title = erase_values(appeal.title, values)[:100]
        appeal.description = erase_values(appeal.description, values)
        appeal.abuse_reasons = []
        appeal.personal_data_erased_at = timezone.now()
        appeal.save()
        _delete_attachments(list(appeal.attachments.all()))
        # Every other app erases what it keeps of the appeal, here, in this transaction.
        for receiver, result in personal_data_erasing.send_robust(sender=Appeal, appeal_id=appeal.pk, values=values):
            if isinstance(result, Exception):
                raise RuntimeError(f"{receiver} could not erase appeal {appeal.pk}") from result
        reason = "erased again after a restore" if again else "retention period ended"
        record_event(appeal, EventName.ERASE_PERSONAL_DATA, actor_role=SYSTEM, reason=reason)
        erased_at = appeal.personal_data_erased_at
        transaction.on_commit(lambda: log_erasure(appeal_id, erased_at))
    return True


def log_erasure(appeal_id: int, erased_at: datetime.datetime) -> None:
    """One line per erasure in HUYING_ERASURE_LOG: ids only, never personal data."""
    path = Path(settings.HUYING_ERASURE_LOG)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(f"{appeal_id}\t{erased_at.isoformat()}\n")


def erasures_since(moment: datetime.datetime) -> list[int]:
    """Ids of the appeals erased after `moment`, by the erasure log."""
    path = Path(settings.HUYING_ERASURE_LOG)
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        appeal_id, _tab, when = line.partition("\t")
        try:
            if datetime.datetime.fromisoformat(when) > moment:
                found.append(int(appeal_id))
        except ValueError:  # a line cut short by a crash
            continue
    return found


def personal_values(appeal: Appeal) -> list[str]:
    """The appeal's personal data as typed, to be removed wherever it is quoted."""
    found = [f.text for f in find_personal_data(f"{appeal.title}\n{appeal.description}")]
    return [v for v in {appeal.contact_name, appeal.phone, appeal.id_number, appeal.address, *found} if v]


def erase_values(text: str, values: list[str]) -> str:
    """The text with every one of `values` replaced by its mask, then masked for good."""
    for value in sorted(values, key=len, reverse=True):
        if value in (text or ""):
            text = text.replace(value, "*" * len(value))
    return mask_text(text or "")


# The lifecycle's fields ------------------------------------------------------------------------
# huying.workorders (the lifecycle's table) and huying.board decide, inside their own checked
# and audited transactions; the appeals app writes its own columns, and only these.  Each
# writes just its columns: save() would rebuild the search text and could overwrite a
# field another writer owns.
def write_status(appeal: Appeal, to: str, now: datetime.datetime) -> None:
    Appeal.objects.filter(pk=appeal.pk).update(status=to, status_changed=now)
    appeal.status, appeal.status_changed = to, now


def attach_work_order(appeal: Appeal, work_order, *, joined_to: Appeal | None = None, category=None) -> None:
    """The appeal is handled by `work_order`: dispatched for it, or joined (并入) to `joined_to`'s."""
    category = category or appeal.category
    Appeal.objects.filter(pk=appeal.pk).update(work_order=work_order, duplicate_of=joined_to, category=category)
    appeal.work_order, appeal.duplicate_of, appeal.category = work_order, joined_to, category


def detach_work_order(appeal: Appeal) -> None:
    Appeal.objects.filter(pk=appeal.pk).update(work_order=None, duplicate_of=None)
    appeal.work_order, appeal.duplicate_of = None, None


def recategorise(work_order, category) -> None:
    """Every appeal of a work order takes the category it was (re-)dispatched under."""
    Appeal.objects.filter(work_order=work_order).update(category=category)


def write_rejection(appeal: Appeal, reason: str, *, repeats: Appeal | None = None) -> None:
    """What the resident reads of why it was not taken up, and the appeal it repeats."""
    Appeal.objects.filter(pk=appeal.pk).update(rejection_reason=reason, duplicate_of=repeats)
    appeal.rejection_reason, appeal.duplicate_of = reason, repeats


def write_published(appeal: Appeal, published: bool, now: datetime.datetime) -> None:
    if published:
        Appeal.objects.filter(pk=appeal.pk).update(is_published=True, published_at=now)
        appeal.is_published, appeal.published_at = True, now
    else:
        Appeal.objects.filter(pk=appeal.pk).update(is_published=False)
        appeal.is_published = False
