"""What hot issues do when other apps tell them something; connected in ready()."""

from huying.hot import actions


def place_indexed_appeal(sender, appeal_id, sketch=None, **kwargs):
    # Already in the background task that indexed the appeal: placing it is cheap (links
    # are one lookup; the sketch is the one just stored).
    actions.place_appeal(appeal_id, sk=sketch)


def erase_supporters(sender, appeal_id, **kwargs):
    actions.erase_supporters(appeal_id)
