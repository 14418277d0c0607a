def test_home_links_to_submit_track_and_board(client):
    html = client.get("/").content.decode()
    for url in ("/appeals/submit/", "/appeals/track/", "/board/"):
        assert f'href="{url}"' in html


def test_healthz(client, db):
    assert client.get("/healthz").content == b"ok"


def test_home_refuses_post(client):
    assert client.post("/").status_code == 405
