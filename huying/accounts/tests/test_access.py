import pytest
from django.http import Http404

from huying import access
from huying.accounts.access import get_department_for_user


def ids(*departments):
    return {d.pk for d in departments}


def test_a_bureau_sees_only_itself(org, handler_a):
    assert access.department_scope(handler_a) == ids(org.bureau_a)


def test_a_street_sees_itself_and_its_communities(org, street_handler):
    assert access.department_scope(street_handler) == ids(org.street, org.community, org.community_2)


def test_a_community_sees_only_itself(org, community_handler):
    assert access.department_scope(community_handler) == ids(org.community)


@pytest.mark.parametrize("who", ["dispatcher", "supervisor", "leader", "admin_user"])
def test_dispatch_centre_supervisors_leaders_and_admins_see_everything(request, who):
    user = request.getfixturevalue(who)
    assert access.department_scope(user) is None
    assert access.sees_everything(user)


def test_moderators_see_no_department_work(moderator):
    assert access.department_scope(moderator) == set()


def test_anonymous_and_inactive_users_see_nothing(handler_a):
    from django.contrib.auth.models import AnonymousUser

    assert access.department_scope(AnonymousUser()) == set()
    handler_a.is_active = False
    assert access.department_scope(handler_a) == set()


def test_get_department_for_user_hides_other_departments(org, handler_a, street_handler):
    assert get_department_for_user(handler_a, org.bureau_a.pk) == org.bureau_a
    with pytest.raises(Http404):
        get_department_for_user(handler_a, org.bureau_b.pk)
    assert get_department_for_user(street_handler, org.community.pk) == org.community
    with pytest.raises(Http404):
        get_department_for_user(street_handler, org.other_community.pk)
    with pytest.raises(Http404):
        get_department_for_user(handler_a, "not-a-number")


def test_scope_filter(org, handler_a, dispatcher, moderator):
    from huying.accounts.models import Department

    qs = Department.objects.all()
    assert list(access.scope_filter(qs, handler_a, "pk")) == [org.bureau_a]
    assert access.scope_filter(qs, dispatcher, "pk").count() == qs.count()
    assert access.scope_filter(qs, moderator, "pk").count() == 0


def test_staff_names_read_family_name_first(org):
    from huying.accounts.models import User

    assert User(username="w", last_name="王", first_name="晓燕").display_name == "王晓燕"
    assert User(username="j", last_name="Smith", first_name="Jane").display_name == "Jane Smith"
    assert User(username="x").display_name == "x"
