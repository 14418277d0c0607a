from huying.taxonomy.models import Category
from huying.workdays.calendar import Limits, limits_for
from huying.workdays.models import KindLimit


def test_default_limits_are_one_day_to_accept_and_five_to_reply(db):
    assert limits_for("complaint") == Limits(accept_days=1, reply_days=5, co_handler_days=3)


def test_an_enquiry_is_replied_in_one_working_day(db):
    assert limits_for("enquiry").reply_days == 1


def test_an_administrator_s_row_replaces_the_defaults_for_its_kind(db):
    KindLimit.objects.create(kind="help", accept_days=2, reply_days=10, co_handler_days=4)
    assert limits_for("help") == Limits(2, 10, 4)
    assert limits_for("complaint") == Limits(1, 5, 3)


def test_a_category_s_reply_limit_overrides_the_kind(db):
    root = Category.objects.create(name="城乡建设", level=1, reply_days=15)
    middle = Category.objects.create(name="物业管理", level=2, parent=root)
    leaf = Category.objects.create(name="电梯", level=3, parent=middle, reply_days=3)
    other = Category.objects.create(name="供暖", level=3, parent=middle)
    assert limits_for("complaint", leaf) == Limits(1, 3, 3)
    assert limits_for("complaint", other) == Limits(1, 15, 3)  # inherited from the root
    assert limits_for("enquiry", other).reply_days == 15


def test_a_category_without_any_limit_keeps_the_kind_s(db):
    root = Category.objects.create(name="教育", level=1)
    assert limits_for("enquiry", root).reply_days == 1
