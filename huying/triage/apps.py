from django.apps import AppConfig


def _enqueue_analysis(sender, appeal_id, **kwargs):
    # Sent on commit while the resident waits for the response: enqueue only, never analyse here.
    from huying.triage.tasks import analyse_appeal

    analyse_appeal(appeal_id)


def _enqueue_learning(sender, appeal_id, category_id=None, department_id=None, user_id=None, **kwargs):
    from huying.triage.tasks import learn_from_dispatch

    learn_from_dispatch(appeal_id, category_id, department_id, user_id)


class TriageConfig(AppConfig):
    name = "huying.triage"
    label = "triage"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from huying.appeals.signals import appeal_dispatched, appeal_submitted
        from huying.triage.text import forget_deployment_words

        appeal_submitted.connect(_enqueue_analysis, dispatch_uid="huying.triage.analyse_on_submit")
        appeal_dispatched.connect(_enqueue_learning, dispatch_uid="huying.triage.learn_on_dispatch")
        # The segmentation dictionary holds department and category names.
        for model in ("accounts.Department", "taxonomy.Category"):
            post_save.connect(forget_deployment_words, sender=model, dispatch_uid=f"huying.triage.words.save.{model}")
            post_delete.connect(
                forget_deployment_words, sender=model, dispatch_uid=f"huying.triage.words.delete.{model}"
            )
