"""Every write of the triage app."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from huying.access import require_role
from huying.accounts.models import Role
from huying.appeals.actions import erase_values
from huying.appeals.models import Appeal
from huying.audit.actions import SYSTEM, record_event
from huying.audit.events import EventName
from huying.taxonomy.models import Category
from huying.triage.models import RouterModel, Source, Suggestion, TrainingExample


def _rank(items: list[dict], pk) -> int | None:
    for position, item in enumerate(items, start=1):
        if item["id"] == pk:
            return position
    return None


@transaction.atomic
def store_suggestion(appeal_id: int, prediction) -> Suggestion | None:
    """Keep the router's reading of an appeal (replacing an earlier one)."""

    if not Appeal.objects.filter(pk=appeal_id).exists():
        return None
    suggestion, _created = Suggestion.objects.update_or_create(
        appeal_id=appeal_id,
        defaults={
            "created": timezone.now(),
            "categories": prediction.categories,
            "subcategories": prediction.subcategories,
            "departments": prediction.departments,
            "category_version": prediction.versions.get("category"),
            "subcategory_version": prediction.versions.get("subcategory"),
            "department_version": prediction.versions.get("department"),
            "uncertain": prediction.uncertain,
        },
    )
    return suggestion


@transaction.atomic
def record_confirmed_choice(appeal_id: int, category_id: int | None, department_id: int | None, user_id=None):
    """The dispatch centre's choice for an appeal becomes (or updates) its training example."""

    if category_id is None or not Category.objects.filter(pk=category_id).exists():
        return None
    if not Appeal.objects.filter(pk=appeal_id).exists():
        return None
    suggestion = Suggestion.objects.filter(appeal_id=appeal_id).first()
    category_rank = department_rank = None
    if suggestion is not None:
        category = Category.objects.get(pk=category_id)
        root_id = category.root().pk
        category_rank = _rank(suggestion.categories, root_id)
        department_rank = _rank(suggestion.departments, department_id) if department_id else None
    example, _created = TrainingExample.objects.update_or_create(
        appeal_id=appeal_id,
        defaults={
            "source": Source.CONFIRMED,
            "category_id": category_id,
            "department_id": department_id,
            "confirmed_by_id": user_id,
            "suggestion": suggestion,
            "category_rank": category_rank,
            "department_rank": department_rank,
            "created": timezone.now(),
        },
    )
    return example


@dataclass
class Imported:
    added: int = 0
    known: int = 0
    unknown: int = 0


def text_hash(title: str, text: str, label: str) -> str:
    return hashlib.sha256(f"{title.strip()}\x1f{text.strip()}\x1f{label}".encode()).hexdigest()


@transaction.atomic
def import_csv_examples(rows, *, user=None) -> Imported:
    """(title, text, level-1 category name) rows become training examples; repeats are skipped."""

    roots = {c.name: c.pk for c in Category.objects.roots()}
    result = Imported()
    known = set(TrainingExample.objects.filter(source=Source.CSV).values_list("text_hash", flat=True))
    new = []
    for title, text, label in rows:
        category_id = roots.get(label)
        if category_id is None:
            result.unknown += 1
            continue
        digest = text_hash(title, text, label)
        if digest in known:
            result.known += 1
            continue
        known.add(digest)
        new.append(
            TrainingExample(source=Source.CSV, title=title[:200], text=text, text_hash=digest, category_id=category_id)
        )
    TrainingExample.objects.bulk_create(new, batch_size=500)
    result.added = len(new)
    if new:
        record_event(
            new[-1] if new[-1].pk else TrainingExample.objects.filter(text_hash=new[-1].text_hash).first(),
            EventName.TRAINING_EXAMPLES_IMPORTED,
            actor=user,
            actor_role=None if user is not None else SYSTEM,
            reason=f"{result.added}",
        )
    return result


@transaction.atomic
def register_model(*, version, kind, file_path, metrics, trained_on, live, forced, user=None) -> RouterModel:
    """Record a trained model file; make it the live one of its kind if `live`."""
    model = RouterModel.objects.create(
        version=version, kind=kind, file_path=file_path, metrics=metrics, trained_on=trained_on, forced=forced and live
    )
    role = None if user is not None else SYSTEM
    record_event(model, EventName.ROUTER_MODEL_TRAINED, actor=user, actor_role=role)
    if live:
        previous = RouterModel.objects.select_for_update().filter(kind=kind, is_live=True).first()
        if previous is not None:
            previous.is_live = False
            previous.save(update_fields=["is_live"])
        model.is_live = True
        model.went_live = timezone.now()
        model.save(update_fields=["is_live", "went_live"])
        record_event(
            model,
            EventName.ROUTER_MODEL_FORCED_LIVE if forced else EventName.ROUTER_MODEL_LIVE,
            actor=user,
            actor_role=role,
            from_state=f"v{previous.version}" if previous else "",
            to_state=f"v{model.version}",
        )
    return model


@transaction.atomic
def force_live(model: RouterModel, user, request=None) -> RouterModel:
    """An administrator puts a model version live whatever its scores (recorded)."""

    require_role(user, Role.ADMIN)
    model = RouterModel.objects.select_for_update().get(pk=model.pk)
    if model.is_live:
        return model
    previous = RouterModel.objects.select_for_update().filter(kind=model.kind, is_live=True).first()
    if previous is not None:
        previous.is_live = False
        previous.save(update_fields=["is_live"])
    model.is_live = True
    model.forced = True
    model.went_live = timezone.now()
    model.save(update_fields=["is_live", "forced", "went_live"])
    record_event(
        model,
        EventName.ROUTER_MODEL_FORCED_LIVE,
        actor=user,
        from_state=f"v{previous.version}" if previous else "",
        to_state=f"v{model.version}",
        request=request,
    )
    return model


def forget_example_text(appeal_id: int, values: list[str]) -> None:
    """An erased appeal's training example keeps its labels, never its resident's words: a
    copied title or text is erased like the appeal's (the next training reads the masked text)."""
    for example in TrainingExample.objects.filter(appeal_id=appeal_id).only("pk", "title", "text"):
        TrainingExample.objects.filter(pk=example.pk).update(
            title=erase_values(example.title, values)[:200], text=erase_values(example.text, values)
        )
