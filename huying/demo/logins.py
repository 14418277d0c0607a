"""The demo district's logins, printed by `make run` and listed in the README."""

# One user per role; fictional people, a demo password nobody should deploy.
DEMO_PASSWORD = "huying-demo-2026"  # noqa: S105
DEMO_USERS = [
    # username, role, department name (None = none), family name, given name
    ("dispatcher", "dispatcher", "区12345政务服务便民热线中心", "王", "晓燕"),
    ("handler", "handler", "区住房和城乡建设局", "李", "建国"),
    ("street", "handler", "经二路街道办事处", "赵", "丽"),
    ("community", "handler", "渭工路社区居民委员会", "孙", "红梅"),
    ("supervisor", "supervisor", "区政府督查室", "周", "明"),
    ("leader", "leader", "区人民政府", "陈", "志远"),
    ("moderator", "moderator", "区12345政务服务便民热线中心", "吴", "静"),
    ("admin", "admin", None, "郑", "磊"),
]

DEMO_LOGINS_TEXT = "Demo logins (password: {pw}): {users}".format(
    pw=DEMO_PASSWORD, users=", ".join(f"{u} ({r})" for u, r, *_ in DEMO_USERS)
)
