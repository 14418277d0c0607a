import pytest
from PIL import Image

pytestmark = pytest.mark.browser


def test_a_resident_submits_an_appeal_with_a_photo_from_a_phone_and_tracks_it(phone_page, org, tmp_path):
    from huying.appeals.models import Appeal

    photo = tmp_path / "路灯.png"
    Image.new("RGB", (320, 240), (30, 60, 90)).save(photo)
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="我要反映").first.click()
    page.get_by_label("投诉").check()
    page.get_by_label("标题").fill("渭工路路灯不亮")
    page.get_by_label("诉求内容").fill("渭工路靠近小区门口的一段路灯坏了两个多月，晚上很黑，老人出门不安全。")
    page.get_by_label("街道（镇）").select_option(label=org.street.name)
    page.get_by_label("社区").select_option(label=org.community.name)
    page.get_by_label("添加文件").set_input_files(str(photo))
    page.get_by_label("您的姓名").fill("张建华")
    page.get_by_label("联系电话").fill("139 0000 1234")
    page.get_by_label("我同意在留言板公开").check()
    page.get_by_test_id("submit-appeal").click()

    ticket = page.get_by_test_id("ticket-number").inner_text().strip()
    code = page.get_by_test_id("query-code").inner_text().strip()
    appeal = Appeal.objects.get(ticket_number=ticket)
    assert appeal.attachments.count() == 1 and len(code) >= 8
    # The page fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto("/appeals/track/")
    page.get_by_label("受理号").fill(ticket)
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_test_id("track-submit").click()
    assert page.get_by_test_id("status").inner_text() == "已提交"
    assert "诉求已受理" in page.get_by_test_id("timeline").inner_text()
    page.reload()
    assert page.get_by_test_id("status").inner_text() == "已提交"


def test_a_mistake_keeps_the_photo_and_the_typed_text(phone_page, org, tmp_path):
    from huying.appeals.models import Appeal

    photo = tmp_path / "门口.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(photo)
    page = phone_page
    page.goto("/appeals/submit/")
    page.get_by_label("求助").check()
    page.get_by_label("标题").fill("小区暖气不热")
    page.get_by_label("诉求内容").fill("今年供暖后家里暖气一直不热，室温只有十二度。")
    page.get_by_label("街道（镇）").select_option(label=org.street.name)
    page.get_by_label("社区").select_option(label=org.community.name)
    page.get_by_label("添加文件").set_input_files(str(photo))
    page.get_by_label("您的姓名").fill("李秀兰")
    page.get_by_label("联系电话").fill("12345678901")
    page.get_by_test_id("submit-appeal").click()

    page.get_by_test_id("form-errors").wait_for()
    assert page.get_by_label("标题").input_value() == "小区暖气不热"
    assert "门口.png" in page.get_by_test_id("staged-attachments").inner_text()
    page.get_by_label("联系电话").fill("13900005678")
    page.get_by_test_id("submit-appeal").click()
    page.get_by_test_id("ticket-number").wait_for()
    assert Appeal.objects.get().attachments.get().original_name == "门口.png"
