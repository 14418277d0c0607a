from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "huying.accounts"
    label = "accounts"
