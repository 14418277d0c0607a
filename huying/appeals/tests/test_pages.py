def test_the_privacy_notice_says_what_why_who_and_how_long(client, db):
    html = client.get("/appeals/privacy/").content.decode()
    for heading in ("收集哪些信息", "为什么收集", "谁能看到", "保存多久"):
        assert heading in html


def test_the_home_page_explains_the_steps_and_links_to_the_privacy_notice(client, db):
    html = client.get("/").content.decode()
    assert "办理流程" in html and "派单" in html and "回访" in html
    assert 'href="/appeals/privacy/"' in html


def test_resident_pages_refuse_writes_where_nothing_is_written(client, db):
    for url in ("/appeals/privacy/", "/appeals/submitted/"):
        assert client.post(url).status_code == 405
