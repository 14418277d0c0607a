"""Reading a rendered page as a tree: which element sits inside which."""

from django.test.html import parse_html


def elements(node, ancestors=()):
    """Every element of a parsed page with the elements it sits in."""
    if isinstance(node, str):
        return
    yield node, ancestors
    for child in node.children:
        yield from elements(child, (*ancestors, node))


def form_sent_to(html: str, action_url: str):
    forms = [
        e for e, _a in elements(parse_html(html)) if e.name == "form" and dict(e.attributes).get("action") == action_url
    ]
    assert len(forms) == 1, action_url
    return forms[0]


def inside(form, **attributes):
    return [e for e, _a in elements(form) if all(dict(e.attributes).get(k) == v for k, v in attributes.items())]


def text_of(node) -> str:
    return node if isinstance(node, str) else "".join(text_of(c) for c in node.children)
