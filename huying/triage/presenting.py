"""What the triage templates show, shaped from the models."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huying.lib.chinese import for_reader
from huying.triage.models import RouterModel, Suggestion

MAX_POLLS = 15
REASONS = {
    "forced": gettext_lazy("Put live by an administrator."),
    "first": gettext_lazy("Put live: no model was live."),
    "not_worse": gettext_lazy("Put live: not worse than the live model on the held-out rows."),
    "worse": gettext_lazy("Not put live: worse than the live model on the held-out rows."),
    "unreadable": gettext_lazy("Put live: the live model could not be read."),
    "no_holdout": gettext_lazy("Not put live: there were no held-out rows to compare on."),
}


def model_charts(model: RouterModel) -> dict:
    """Chart data for a model: the cross-validated confusion matrix and per-class scores."""
    metrics = model.metrics or {}
    cv = metrics.get("cv") or {}
    holdout = metrics.get("holdout") or {}
    # Names the system owns, stored as the model saw them: in the reader's script here.
    per_class = [{**row, "label": for_reader(str(row.get("label", "")))} for row in cv.get("per_class") or []]
    return {
        "data_id": f"triage-model-{model.pk}",
        "labels": [for_reader(str(label)) for label in cv.get("labels") or []],
        "confusion": cv.get("confusion") or [],
        "precision": [round(row["precision"], 4) for row in per_class],
        "recall": [round(row["recall"], 4) for row in per_class],
        "f1": [round(row["f1"], 4) for row in per_class],
        "support": [row["support"] for row in per_class],
        "per_class": per_class,
        "cv": cv,
        "holdout": holdout,
        "live_holdout": metrics.get("live_holdout") or {},
        "held_out": metrics.get("held_out_rows") or 0,
        # Fitted again on every row after the gate (the gate's fit is kept in its own file).
        "refitted": metrics.get("gate_file", model.file_path) != model.file_path,
        "reason": str(REASONS.get(metrics.get("reason", ""), "")),
        "names": {
            "true": _("True category"),
            "predicted": _("Predicted"),
            "precision": _("Precision"),
            "recall": _("Recall"),
            "f1": _("F1"),
        },
    }


def suggestion_for(appeal, polls: int = 0) -> dict:
    suggestion = Suggestion.objects.filter(appeal_id=appeal.pk).first()
    pending = suggestion is None and polls < MAX_POLLS and RouterModel.objects.live().exists()
    return {"suggestion": suggestion, "pending": pending, "next_poll": polls + 1}
