from django.contrib.auth.signals import user_logged_in

from huying.signin import actions
from huying.signin.readers import has_second_factor, must_have_second_factor


def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        actions.begin_sign_in(
            request, user, has_device=has_second_factor(user), must_have=must_have_second_factor(user)
        )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="huying.signin.logged_in")
