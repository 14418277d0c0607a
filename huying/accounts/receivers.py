"""The accounts app's own listeners, connected in AccountsConfig.ready()."""

from huying.accounts.signals import department_names_changed


def department_changed(sender, **kwargs):
    # Admin and the demo save departments in many ways; this one hook tells the others.
    department_names_changed.send_robust(sender=sender)
