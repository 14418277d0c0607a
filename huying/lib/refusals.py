"""The one way Huying says no to a person: an exception whose `message` says why, in
words for them (a resident, or staff).  Each app names its own kind of refusal as a
subclass, so callers can tell them apart."""


class Refused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
