"""Hooks into other apps' changes, connected in DuplicatesConfig.ready()."""


def follow_up_saved(sender, instance, created, **kwargs):
    from huying.workorders.models import Satisfaction

    if created and instance.satisfaction == Satisfaction.UNSATISFIED:
        from huying.duplicates.actions import tell_others_of_unsatisfied_follow_up

        tell_others_of_unsatisfied_follow_up(instance)
