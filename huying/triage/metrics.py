"""How well a router model does: the numbers `router train`, `router evaluate`, the
workbench page and the bench all show."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, log_loss, precision_recall_fscore_support


def report(y_true: list, proba: np.ndarray, classes: list, names: dict | None = None) -> dict:
    """Accuracy, macro-F1, top-3 accuracy, log-loss, per-class precision/recall and the
    confusion matrix of `proba` (rows: texts, columns: `classes`) against `y_true`.

    Labels the model does not know count as errors (a CSV may hold other categories).
    """
    names = names or {}
    classes = list(classes)
    n = len(y_true)
    if n == 0:
        return {"rows": 0}
    unknown = [label for label in dict.fromkeys(y_true) if label not in classes]
    labels = classes + unknown
    index = {c: i for i, c in enumerate(labels)}
    truth = np.array([index[label] for label in y_true])
    if proba.shape[1] == 0:
        predicted = np.zeros(n, dtype=int)
        top3 = np.zeros(n, dtype=bool)
    else:
        order = np.argsort(-proba, axis=1)
        predicted = order[:, 0]
        top3 = (order[:, :3] == truth[:, None]).any(axis=1)
    present = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=present, zero_division=0)
    matrix = confusion_matrix(truth, predicted, labels=present)
    known = truth < len(classes)
    loss = None
    if known.all() and len(classes) > 1:
        loss = float(log_loss(truth, np.clip(proba, 1e-12, 1), labels=list(range(len(classes)))))
    label_names = [str(names.get(labels[i], labels[i])) for i in present]
    return {
        "rows": n,
        "accuracy": float((predicted == truth).mean()),
        "macro_f1": float(f1_score(truth, predicted, labels=present, average="macro", zero_division=0)),
        "top3_accuracy": float(top3.mean()),
        "log_loss": loss,
        "labels": label_names,
        "label_ids": [_jsonable(labels[i]) for i in present],
        "per_class": [
            {
                "label": label_names[k],
                "precision": float(precision[k]),
                "recall": float(recall[k]),
                "f1": float(f1[k]),
                "support": int(support[k]),
            }
            for k in range(len(present))
        ],
        "confusion": matrix.tolist(),
    }


def _jsonable(value):
    return value if isinstance(value, (int, str)) else str(value)


def format_report(data: dict, title: str = "") -> str:
    """The report as plain text for the terminal."""
    if not data.get("rows"):
        return f"{title}: no rows\n" if title else "no rows\n"
    lines = []
    if title:
        lines.append(title)
    lines.append(
        f"rows {data['rows']}  accuracy {data['accuracy']:.4f}  macro-F1 {data['macro_f1']:.4f}  "
        f"top-3 accuracy {data['top3_accuracy']:.4f}"
        + (f"  log-loss {data['log_loss']:.4f}" if data.get("log_loss") is not None else "")
    )
    width = max(8, *(_width(row["label"]) for row in data["per_class"]))
    lines.append(f"{_pad('class', width)}  precision  recall     F1  support")
    for row in data["per_class"]:
        lines.append(
            f"{_pad(row['label'], width)}  {row['precision']:9.3f}  {row['recall']:6.3f}  {row['f1']:5.3f}  {row['support']:7d}"
        )
    lines.append("confusion matrix (rows: true, columns: predicted, in the order above)")
    for label, row in zip(data["labels"], data["confusion"], strict=True):
        lines.append(f"{_pad(label, width)}  " + " ".join(f"{v:5d}" for v in row))
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
