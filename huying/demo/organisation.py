"""The demo district's organisation: a fictional district modelled on the reference report."""

from django.contrib.auth.hashers import make_password

from huying.accounts.models import Department, Role, User
from huying.demo.logins import DEMO_PASSWORD, DEMO_USERS, DEPARTMENT_LOGINS
from huying.taxonomy.loading import load_taxonomy
from huying.taxonomy.models import Category

DISTRICT = "清渭区人民政府"
DISPATCH_CENTRE = "区12345政务服务便民热线中心"
BUREAUS = [
    # name, short name, kind
    ("区政府督查室", "督查室", Department.Kind.CENTRE),
    ("区商务局", "商务局", Department.Kind.BUREAU),
    ("区教育和体育局", "教体局", Department.Kind.BUREAU),
    ("区住房和城乡建设局", "住建局", Department.Kind.BUREAU),
    ("区发展和改革局", "发改局", Department.Kind.BUREAU),
    ("区行政审批服务局", "行政审批局", Department.Kind.BUREAU),
    ("区税务局", "税务局", Department.Kind.BUREAU),
    ("区不动产登记管理中心", "不动产管理中心", Department.Kind.CENTRE),
    ("区人力资源和社会保障局", "人社局", Department.Kind.BUREAU),
    ("区民政局", "民政局", Department.Kind.BUREAU),
    ("区卫生健康局", "卫健局", Department.Kind.BUREAU),
    ("区市场监督管理局", "市场监管局", Department.Kind.BUREAU),
    ("区生态环境分局", "生态环境分局", Department.Kind.BUREAU),
    ("区交通运输局", "交通局", Department.Kind.BUREAU),
    ("区城市管理执法局", "城管执法局", Department.Kind.BUREAU),
    ("区公安分局", "公安分局", Department.Kind.BUREAU),
    ("区农业农村局", "农业农村局", Department.Kind.BUREAU),
    ("区应急管理局", "应急局", Department.Kind.BUREAU),
    ("区文化和旅游局", "文旅局", Department.Kind.BUREAU),
    ("区医疗保障局", "医保局", Department.Kind.BUREAU),
    ("区自然资源分局", "自然资源分局", Department.Kind.BUREAU),
    ("区科技和工业信息化局", "工信局", Department.Kind.BUREAU),
    ("区纪委监委信访室", "纪委信访室", Department.Kind.CENTRE),
]
STREETS = {
    "经二路街道办事处": ["渭工路社区居民委员会", "经二路社区居民委员会", "汉中路社区居民委员会"],
    "清姜街道办事处": ["清姜社区居民委员会", "茵香河社区居民委员会", "晁峪社区居民委员会"],
    "金陵街道办事处": ["金陵社区居民委员会", "新民路社区居民委员会", "河滨社区居民委员会"],
    "桥南街道办事处": ["桥南社区居民委员会", "峪泉社区居民委员会", "姜城社区居民委员会"],
    "神农镇人民政府": ["神农社区居民委员会", "蒙峪社区居民委员会"],
}
# Level-1 category -> the short name of its default lead department.
CATEGORY_LEADS = {
    "城乡建设": "住建局",
    "环境保护": "生态环境分局",
    "交通运输": "交通局",
    "教育文体": "教体局",
    "劳动和社会保障": "人社局",
    "卫生计生": "卫健局",
    "商贸旅游": "商务局",
    "经济管理": "发改局",
    "国土资源": "自然资源分局",
    "民政": "民政局",
    "农村农业": "农业农村局",
    "政法": "公安分局",
    "科技与信息产业": "工信局",
    "党务政务": "行政审批局",
    "纪检监察": "纪委信访室",
}


def create_organisation(progress=None) -> None:
    district, _ = Department.objects.get_or_create(
        name=DISTRICT, parent=None, defaults={"kind": Department.Kind.DISTRICT, "short_name": "区政府"}
    )
    Department.objects.get_or_create(
        name=DISPATCH_CENTRE,
        parent=district,
        defaults={"kind": Department.Kind.DISPATCH_CENTRE, "short_name": "12345热线中心"},
    )
    for order, (name, short, kind) in enumerate(BUREAUS):
        # Each bureau publishes a number residents may call (invented): never masked in replies.
        Department.objects.get_or_create(
            name=name,
            parent=district,
            defaults={
                "kind": kind,
                "short_name": short,
                "sort_order": order,
                "public_phone": f"0917-32{order:02d}6000",
            },
        )
    for order, (street_name, communities) in enumerate(STREETS.items(), start=100):
        street, _ = Department.objects.get_or_create(
            name=street_name,
            parent=district,
            defaults={"kind": Department.Kind.STREET, "sort_order": order, "short_name": street_name[:4]},
        )
        for c_order, community in enumerate(communities):
            Department.objects.get_or_create(
                name=community,
                parent=street,
                defaults={
                    "kind": Department.Kind.COMMUNITY,
                    "sort_order": c_order,
                    "short_name": community.removesuffix("居民委员会"),
                },
            )
        if progress:
            progress()

    load_taxonomy()
    by_short = {d.short_name: d for d in Department.objects.exclude(short_name="")}
    for category_name, lead in CATEGORY_LEADS.items():
        Category.objects.filter(level=1, name=category_name).update(default_lead_department=by_short[lead])

    by_name = {d.name: d for d in Department.objects.all()}
    # One hash of the one demo password for every login: fifty would slow `make run` by seconds.
    password = make_password(DEMO_PASSWORD)
    for username, role, department, family, given in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        User.objects.create(
            username=username,
            password=password,
            role=role,
            department=by_name.get(department) if department else None,
            last_name=family,
            first_name=given,
            # The demo's mail goes to the console: a password reset can be tried end to end.
            email=f"{username}@demo.huying.invalid",
            is_staff=role == "admin",
            is_superuser=role == "admin",
        )
    create_department_logins(password)


def create_department_logins(password: str = "") -> int:
    """A handler's login for each department of DEPARTMENT_LOGINS that has none yet; returns how many."""
    password = password or make_password(DEMO_PASSWORD)
    taken = set(User.objects.filter(username__in=DEPARTMENT_LOGINS.values()).values_list("username", flat=True))
    created = 0
    for department in Department.objects.filter(name__in=DEPARTMENT_LOGINS).order_by("sort_order", "id"):
        username = DEPARTMENT_LOGINS[department.name]
        if username in taken:
            continue
        User.objects.create(
            username=username,
            password=password,
            role=Role.HANDLER,
            department=department,
            last_name=department.short_name or department.name,
            first_name="经办人",
            email=f"{username}@demo.huying.invalid",
        )
        created += 1
    return created
