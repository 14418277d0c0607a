from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppealSketch(models.Model):
    """What the duplicate finder keeps of one appeal (see index.py): hashes, not text.

    Phone hash, street and time are copied here so that a lookup reads this table only.
    """

    appeal = models.OneToOneField(
        "appeals.Appeal", primary_key=True, on_delete=models.CASCADE, related_name="duplicate_sketch"
    )
    created = models.DateTimeField()
    phone_hash = models.CharField(max_length=64, blank=True)
    street = models.ForeignKey(
        "accounts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title_hashes = models.BinaryField()
    text_hashes = models.BinaryField()
    # Content words (hashes) and their weights at indexing time, as a unit vector.
    word_hashes = models.BinaryField(default=b"")
    word_weights = models.BinaryField(default=b"")
    # Bigrams (hashes) of the place names in the title, and in the title and the text's start.
    title_places = models.BinaryField(default=b"")
    places = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("duplicate sketch")
        verbose_name_plural = _("duplicate sketches")
        indexes = [
            models.Index(fields=["phone_hash", "created"], name="dup_sketch_phone_idx"),
            models.Index(fields=["created"], name="dup_sketch_created_idx"),
        ]

    def __str__(self):
        return f"sketch of {self.appeal_id}"


class AppealBand(models.Model):
    """One MinHash LSH band key of an appeal, scoped to its street."""

    band_key = models.BigIntegerField()
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField()

    class Meta:
        verbose_name = _("duplicate band")
        verbose_name_plural = _("duplicate bands")
        # Covering: a lookup reads the appeal ids from the index alone, never the table.
        indexes = [models.Index(fields=["band_key", "created", "appeal"], name="dup_band_lookup_idx")]

    def __str__(self):
        return f"{self.band_key} → {self.appeal_id}"


class WordCount(models.Model):
    """In how many indexed appeals a content word occurs (by its hash): the words' rarity.

    The row with key -1 counts the indexed appeals themselves.
    """

    key = models.BigIntegerField(primary_key=True)
    appeals = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("word count")
        verbose_name_plural = _("word counts")

    def __str__(self):
        return f"{self.key}: {self.appeals}"


class Reason(models.TextChoices):
    SAME_PHONE = "same_phone", _("Same phone, similar text")
    SAME_PLACE = "same_place", _("Similar text about the same street or community")


class DuplicateCandidateQuerySet(models.QuerySet):
    def involving(self, appeal):
        return self.filter(Q(appeal=appeal) | Q(candidate=appeal))


class DuplicateCandidate(models.Model):
    """A likely duplicate found when `appeal` was submitted: `candidate` came earlier."""

    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="duplicate_candidates")
    candidate = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    found = models.DateTimeField(_("found"), default=timezone.now)

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appeal", "candidate"], name="dup_candidate_unique"),
        ]

    def __str__(self):
        return f"{self.appeal_id} ~ {self.candidate_id} ({self.score:.2f})"
