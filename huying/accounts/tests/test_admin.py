import pytest

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/department/",
    "/admin/accounts/department/add/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/taxonomy/category/",
    "/admin/audit/event/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admins_edit_departments_users_and_categories_in_django_admin(client_for, admin_user, url):
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_other_staff_cannot_open_django_admin(client_for, handler_a, url):
    response = client_for(handler_a).get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_can_change_a_department(client_for, admin_user, org):
    response = client_for(admin_user).post(
        f"/admin/accounts/department/{org.bureau_a.pk}/change/",
        {
            "name": "区住建局",
            "short_name": "住建局",
            "kind": "bureau",
            "parent": org.district.pk,
            "is_active": "on",
            "sort_order": 3,
        },
    )
    assert response.status_code == 302
    org.bureau_a.refresh_from_db()
    assert org.bureau_a.name == "区住建局"


def test_audit_events_are_read_only_in_admin(client_for, admin_user):
    assert client_for(admin_user).get("/admin/audit/event/add/").status_code == 403
