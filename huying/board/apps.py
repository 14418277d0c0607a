from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "huying.board"
    label = "board"
