"""Regenerate the drafts in examples/ (run from the repository root; needs msgforge).

The drafts are committed; this script documents how they were made and rebuilds them after a
change. Japanese drafts use the encodings real mailers use: ISO-2022-JP, Shift_JIS, UTF-8.
"""

from __future__ import annotations

from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

import msgforge

OUT = Path("examples")
DATE = "Tue, 24 Nov 2026 10:00:00 +0900"

CITIZENS = [
    ("山田 太郎", "yamada.taro@gmail.com"),
    ("佐藤 花子", "hanako.sato@docomo.ne.jp"),
    ("鈴木 一郎", "ichiro-suzuki@yahoo.co.jp"),
    ("高橋 美咲", "misaki.t@ezweb.ne.jp"),
    ("田中 健", "ken.tanaka@example-npo.or.jp"),
]
ORGS = [
    ("社会福祉法人 さくら会 御中", "office@sakura-kai-example.or.jp"),
    ("社会福祉法人 みどり園 御中", "info@midori-en-example.or.jp"),
    ("特定非営利活動法人 ひかり 御中", "contact@hikari-npo-example.org"),
    ("株式会社ケアサポート 御中", "care@care-support-example.co.jp"),
]
EVENT_BODY = """市民の皆様

生涯学習課です。
12月の市民講座「はじめての防災」の日程をお知らせします。

日時：12月12日(土) 10:00〜12:00
会場：市民会館 第2会議室

筆記用具と上履きをお持ちください。

Example City 生涯学習課
"""
AUDIT_BODY = """各法人 ご担当者様

福祉指導課です。
令和8年度の指導監査の日程について、別紙のとおりお知らせします。
ご確認のほど、よろしくお願いいたします。

Example City 福祉指導課
"""
PARTNER_BODY = """Dear Ms Brown, dear Mr Sato,

Thank you for the meeting on Monday. As agreed, the revised schedule for the
bridge inspection contract is below; please share it with your site team.

Best regards,
Kenji Mori
Road Maintenance Division, Example City
"""
NEWS_TEXT = """メールマガジン「えがおのまち通信」12月号

■ 年末年始のごみ収集日程
■ 子育て応援イベントのお知らせ

配信停止はこちら: https://news.example-city.lg.jp/unsubscribe
"""
NEWS_HTML = (
    "<html><body><h1>えがおのまち通信 12月号</h1><p>■ 年末年始のごみ収集日程</p>"
    "<p>■ 子育て応援イベントのお知らせ</p></body></html>"
)
SUBSCRIBERS = [
    "subscriber01@example-mail.jp",
    "subscriber02@example-mail.jp",
    "m.kobayashi@gmail.com",
    "y.watanabe@icloud.com",
    "k.ito@softbank.ne.jp",
]


def addr(name: str, address: str, charset: str = "utf-8") -> str:
    return formataddr((str(Header(name, charset)), address))


def write(name: str, msg: Message) -> None:
    msg["Date"] = DATE
    (OUT / name).write_bytes(msg.as_bytes().replace(b"\n", b"\r\n"))


def event_notice(bcc: bool) -> Message:
    msg = MIMEText(EVENT_BODY, "plain", "iso-2022-jp")
    office = addr("Example City 生涯学習課", "shougai@example-city.lg.jp", "iso-2022-jp")
    msg["From"] = office
    citizens = ", ".join(addr(n, a, "iso-2022-jp") for n, a in CITIZENS)
    msg["To"] = office if bcc else citizens
    if bcc:
        msg["Bcc"] = citizens
    msg["Subject"] = Header("市民講座「はじめての防災」のご案内", "iso-2022-jp")
    return msg


def audit_notice() -> Message:
    msg = MIMEText(AUDIT_BODY, "plain", "shift_jis")
    msg["From"] = addr("福祉指導課", "fukushi-shido@example-city.lg.jp", "shift_jis")
    msg["To"] = addr(*ORGS[0], "shift_jis")
    others = [addr(n, a, "shift_jis") for n, a in ORGS[1:]]
    msg["Cc"] = ", ".join([*others, addr("福祉指導課 課長", "kacho.fukushi@example-city.lg.jp", "shift_jis")])
    msg["Subject"] = Header("指導監査日程のお知らせ", "shift_jis")
    return msg


def partner_mail(to: str, cc: str, body: str) -> Message:
    msg = MIMEText(body, "plain", "utf-8")
    msg["From"] = "Kenji Mori <k.mori@road.example-city.lg.jp>"
    msg["To"] = to
    msg["Cc"] = cc
    msg["Subject"] = "Bridge inspection: revised schedule"
    return msg


def newsletter(recipients: list[str]) -> Message:
    msg = MIMEMultipart("alternative")
    msg.attach(MIMEText(NEWS_TEXT, "plain", "utf-8"))
    msg.attach(MIMEText(NEWS_HTML, "html", "utf-8"))
    msg["From"] = addr("えがおのまち通信", "news@news.example-city.lg.jp")
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = Header("【えがおのまち通信】12月号", "utf-8")
    msg["List-Unsubscribe"] = (
        "<https://news.example-city.lg.jp/unsubscribe>, <mailto:unsubscribe@news.example-city.lg.jp>"
    )
    msg["Precedence"] = "bulk"
    return msg


def outlook_audit_notice() -> bytes:
    msg = msgforge.Message(
        subject="指導監査日程のお知らせ",
        text_body=AUDIT_BODY,
        to=[(ORGS[0][1], ORGS[0][0])],
        cc=[(a, n) for n, a in ORGS[1:]],
        sender=("fukushi-shido@example-city.lg.jp", "福祉指導課"),
    )
    msg.attach_bytes("監査日程表.csv", "法人名,日程\r\nさくら会,1月12日\r\n".encode("cp932"))
    return bytes(msg.as_bytes())


REGISTRATION_BODY = """{name} 様

この度は「市民防災アプリ」にご登録いただき、ありがとうございます。
ご登録番号：{number}

Example City 危機管理課
"""


def registration(to_name: str, to_address: str, salutation: str) -> Message:
    msg = MIMEText(REGISTRATION_BODY.format(name=salutation, number="A-1024"), "plain", "iso-2022-jp")
    msg["From"] = addr("Example City 危機管理課", "bousai@example-city.lg.jp", "iso-2022-jp")
    msg["To"] = addr(to_name, to_address, "iso-2022-jp")
    msg["Subject"] = Header(f"【{salutation.split()[0]}様】ご登録完了のお知らせ", "iso-2022-jp")
    return msg


def pdf(lines: list[str], cover_first_line: bool = False, remove_first_line: bool = False) -> bytes:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.setFont("HeiseiKakuGo-W5", 11)
    for number, line in enumerate(lines):
        if not (remove_first_line and number == 0):
            page.drawString(60, 790 - 16 * number, line)
    if cover_first_line or remove_first_line:
        page.setFillColorRGB(0, 0, 0)
        page.rect(55, 785, 300, 18, stroke=0, fill=1)
    page.save()
    return buffer.getvalue()


def with_files(msg: Message, files: list[tuple[str, str, bytes]]) -> Message:
    from email import encoders
    from email.mime.base import MIMEBase

    outer = MIMEMultipart("mixed")
    for key in ("From", "To", "Subject"):
        outer[key] = msg[key]
    outer.attach(msg)
    for name, media_type, data in files:
        maintype, _, subtype = media_type.partition("/")
        part = MIMEBase(maintype, subtype)
        part.set_payload(data)
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        outer.attach(part)
    for key in ("From", "To", "Subject"):
        del msg[key]
    return outer


def test_results(second_patient: bool) -> Message:
    body = "田中 一郎 様\n\n先日の検査結果をお送りします。ご確認ください。\n\nExample City 市民病院 検査科\n"
    msg = MIMEText(body, "plain", "utf-8")
    msg["From"] = addr("市民病院 検査科", "kensa@hospital.example-city.lg.jp")
    msg["To"] = addr("田中 一郎", "ichiro.tanaka@example-mail.jp")
    msg["Subject"] = Header("検査結果の送付", "utf-8")
    files = [
        ("検査結果_田中一郎様.pdf", "application/pdf", pdf(["検査結果報告書", "氏名：田中 一郎", "結果：異常なし"]))
    ]
    if second_patient:
        files.append(
            ("検査結果_山田花子様.pdf", "application/pdf", pdf(["検査結果報告書", "氏名：山田 花子", "結果：要再検査"]))
        )
    return with_files(msg, files)


def school_data() -> Message:
    body = "市立第一小学校 御中\n\n来年度の名簿データをお送りします。\n\nExample City 教育委員会\n"
    msg = MIMEText(body, "plain", "utf-8")
    msg["From"] = addr("教育委員会 学務課", "gakumu@example-city.lg.jp")
    msg["To"] = addr("市立第一小学校 事務室", "office@daiichi-es.example-city-school.jp")
    msg["Subject"] = Header("名簿データの送付", "utf-8")
    roster = "学校名,学年,組,人数\r\n市立第二小学校,1,1,30\r\n市立第二小学校,1,2,29\r\n".encode("cp932")
    return with_files(msg, [("名簿_2027.csv", "text/csv", roster)])


def lookalike(domain: str) -> Message:
    body = "田中 一郎 様\n\n会議資料の件、承知しました。\n\nExample City 道路課 森\n"
    msg = MIMEText(body, "plain", "utf-8")
    msg["From"] = "Kenji Mori <k.mori@road.example-city.lg.jp>"
    msg["To"] = addr("田中 一郎", f"ichiro.tanaka@{domain}")
    msg["Subject"] = Header("会議資料の件", "utf-8")
    return msg


def training_material(applied: bool) -> Message:
    body = "編集部 御中\n\n研修資料をお送りします。患者氏名は黒塗りしています。\n\nExample City 市民病院 広報\n"
    msg = MIMEText(body, "plain", "utf-8")
    msg["From"] = addr("市民病院 広報", "kohou@hospital.example-city.lg.jp")
    msg["To"] = addr("編集部", "editor@press-example.co.jp")
    msg["Subject"] = Header("研修資料の送付", "utf-8")
    lines = ["患者氏名：山田 太郎", "症例：転倒による骨折", "経過：良好"]
    data = pdf(lines, remove_first_line=True) if applied else pdf(lines, cover_first_line=True)
    return with_files(msg, [("研修資料.pdf", "application/pdf", data)])


PERSONAL_BODY = """鈴木 一郎 様

ご依頼の件、登録内容を確認しました。
個人番号：2026 1126 0000
生年月日：1979年12月3日
携帯電話：080-2345-6789
引落口座：普通 7654321
カード番号：5555 5555 5555 4444

Example City 市民課
"""


def personal_data() -> Message:
    msg = MIMEText(PERSONAL_BODY, "plain", "utf-8")
    msg["From"] = addr("市民課", "shimin@example-city.lg.jp")
    msg["To"] = addr("鈴木 一郎", "ichiro-suzuki@yahoo.co.jp")
    msg["Subject"] = Header("登録内容の確認", "utf-8")
    roster = "氏名,電話,メール\r\n" + "".join(f"市民{i},090-0000-{i:04d},c{i}@example-mail.jp\r\n" for i in range(12))
    return with_files(msg, [("登録者一覧.csv", "text/csv", roster.encode("cp932"))])


def main() -> None:
    write("10-personal-data-to-free-mail.eml", personal_data())
    write("13-lookalike-domain.eml", lookalike("exarnple-mail.jp"))
    write("13-correct-domain.eml", lookalike("example-mail.jp"))
    write("22-redaction-cosmetic.eml", training_material(applied=False))
    write("22-redaction-applied.eml", training_material(applied=True))
    write("08-registration-swapped.eml", registration("山田 花子", "hanako.yamada@example-mail.jp", "田中 一郎"))
    write("08-registration-correct.eml", registration("田中 一郎", "ichiro.tanaka@example-mail.jp", "田中 一郎"))
    write("11-test-results-other-patient.eml", test_results(second_patient=True))
    write("11-test-results-own.eml", test_results(second_patient=False))
    write("06-other-school-data.eml", school_data())
    write("01-event-notice-all-in-to.eml", event_notice(bcc=False))
    write("01-event-notice-bcc.eml", event_notice(bcc=True))
    write("05-supervised-orgs-in-cc.eml", audit_notice())
    write(
        "05-one-partner-team.eml",
        partner_mail(
            "Alice Brown <a.brown@bridgeworks-example.co.jp>, Taro Sato <t.sato@bridgeworks-example.co.jp>",
            "Site Team <site@bridgeworks-example.co.jp>, Hanako Ito <h.ito@example-city.lg.jp>",
            PARTNER_BODY,
        ),
    )
    write(
        "05-two-partners.eml",
        partner_mail(
            "Alice Brown <a.brown@bridgeworks-example.co.jp>",
            "David Lee <d.lee@steel-supply-example.net>",
            PARTNER_BODY.replace("dear Mr Sato", "dear Mr Lee"),
        ),
    )
    write("07-newsletter-all-in-to.eml", newsletter(SUBSCRIBERS))
    write("07-newsletter-one-recipient.eml", newsletter(SUBSCRIBERS[2:3]))
    (OUT / "05-supervised-orgs-in-cc.msg").write_bytes(outlook_audit_notice())


if __name__ == "__main__":
    main()
