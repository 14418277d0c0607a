"""Listeners to the appeals app's own signals, connected in AppealsConfig.ready()."""


def enqueue_abuse_scoring(sender, appeal_id, **kwargs):
    # Sent on commit while the resident waits for the response: enqueue only, never score here.
    from huying.appeals.tasks import score_abuse

    score_abuse(appeal_id)
