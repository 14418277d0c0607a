from django.core.management import call_command

from huying.taxonomy.models import Category


def test_the_default_taxonomy_loads_three_levels(db):
    call_command("load_taxonomy", verbosity=0)
    assert Category.objects.level(1).count() == 15
    assert Category.objects.level(2).count() == 118
    assert Category.objects.level(3).count() > 300
    leaf = Category.objects.filter(level=3, name="事故处理").first()
    assert leaf.path == "城乡建设 > 安全生产 > 事故处理"


def test_loading_twice_creates_nothing_new(db):
    call_command("load_taxonomy", verbosity=0)
    before = Category.objects.count()
    call_command("load_taxonomy", verbosity=0)
    assert Category.objects.count() == before


def test_a_category_inherits_its_default_lead_department(db, org):
    call_command("load_taxonomy", verbosity=0)
    root = Category.objects.get(level=1, name="城乡建设")
    root.default_lead_department = org.bureau_a
    root.save()
    leaf = Category.objects.get(level=3, name="事故处理", parent__parent=root)
    assert leaf.effective_lead_department() == org.bureau_a
