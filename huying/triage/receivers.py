"""What triage does when other apps tell it something; connected in TriageConfig.ready().

Each only enqueues a task (or forgets a cache): they run while a person waits.
"""

from huying.triage import tasks
from huying.triage.actions import forget_example_text as forget_text
from huying.triage.text import forget_deployment_words


def enqueue_analysis(sender, appeal_id, **kwargs):
    tasks.analyse_appeal(appeal_id)


def enqueue_learning(sender, appeal_id, category_id=None, department_id=None, user_id=None, **kwargs):
    tasks.learn_from_dispatch(appeal_id, category_id, department_id, user_id)


def forget_names(sender, **kwargs):
    # The segmentation dictionary holds department and category names.
    forget_deployment_words()


def forget_example_text(sender, appeal_id, values, **kwargs):
    forget_text(appeal_id, values)
