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


# Every department the demo dispatches to, as lead or co-handler (bureaus, centres, streets),
# and every community a street forwards to has a handler's login of its own, named
# <level>-<code>: bureau-…, street-… or community-…, with the same password.
DEPARTMENT_LOGINS = {
    "区政府督查室": "bureau-inspection",
    "区商务局": "bureau-commerce",
    "区教育和体育局": "bureau-education",
    "区住房和城乡建设局": "bureau-housing",
    "区发展和改革局": "bureau-development",
    "区行政审批服务局": "bureau-approvals",
    "区税务局": "bureau-tax",
    "区不动产登记管理中心": "bureau-property",
    "区人力资源和社会保障局": "bureau-labour",
    "区民政局": "bureau-civil-affairs",
    "区卫生健康局": "bureau-health",
    "区市场监督管理局": "bureau-market",
    "区生态环境分局": "bureau-environment",
    "区交通运输局": "bureau-transport",
    "区城市管理执法局": "bureau-urban",
    "区公安分局": "bureau-police",
    "区农业农村局": "bureau-agriculture",
    "区应急管理局": "bureau-emergency",
    "区文化和旅游局": "bureau-culture",
    "区医疗保障局": "bureau-medical-insurance",
    "区自然资源分局": "bureau-land",
    "区科技和工业信息化局": "bureau-industry",
    "区纪委监委信访室": "bureau-discipline",
    "经二路街道办事处": "street-jingerlu",
    "清姜街道办事处": "street-qingjiang",
    "金陵街道办事处": "street-jinling",
    "桥南街道办事处": "street-qiaonan",
    "神农镇人民政府": "street-shennong",
    "渭工路社区居民委员会": "community-weigonglu",
    "经二路社区居民委员会": "community-jingerlu",
    "汉中路社区居民委员会": "community-hanzhonglu",
    "清姜社区居民委员会": "community-qingjiang",
    "茵香河社区居民委员会": "community-yinxianghe",
    "晁峪社区居民委员会": "community-chaoyu",
    "金陵社区居民委员会": "community-jinling",
    "新民路社区居民委员会": "community-xinminlu",
    "河滨社区居民委员会": "community-hebin",
    "桥南社区居民委员会": "community-qiaonan",
    "峪泉社区居民委员会": "community-yuquan",
    "姜城社区居民委员会": "community-jiangcheng",
    "神农社区居民委员会": "community-shennong",
    "蒙峪社区居民委员会": "community-mengyu",
}


LEVELS = {"bureau": "bureaus and centres", "street": "streets", "community": "communities"}


def _department_lines() -> list[str]:
    lines = []
    for level, label in LEVELS.items():
        logins = [f"{user} {name}" for name, user in DEPARTMENT_LOGINS.items() if user.startswith(level + "-")]
        lines.append(f"  {label}: " + ", ".join(logins))
    return lines


DEMO_LOGINS_TEXT = "\n".join(
    [
        "Demo logins (password: {pw}): {users}".format(
            pw=DEMO_PASSWORD, users=", ".join(f"{u} ({r})" for u, r, *_ in DEMO_USERS)
        ),
        "Each department's own handler, same password (bureau-…, street-…, community-…):",
        *_department_lines(),
    ]
)
