"""Write the second held-out set: tests/holdout2/cases/*.eml, cases.yaml and the city's configuration.

    python scripts/make_holdout2.py            # (re)write the set
    python scripts/make_holdout2.py --check    # exit 1 if the committed set differs from a fresh run

A second set written independently of the evaluation set (tests/eval/), of the first held-out
set (tests/holdout/) and of the rule code: mail as みなと市 (`city.minato-example.lg.jp`, policy
`city`: tests/holdout2/city-policy.yaml and city-contacts.csv, written here in the shape of
tests/eval/city-policy.yaml for this city) and さざなみ町 (`town.sazanami-example.lg.jp`, no
configuration: policy `default`), their residents, contractors, schools and partners write it.
The expectation of each draft is written next to it, from what the draft says, before mailguard
was run on the set. It is measured and reported (benchmarks/accuracy.py --set tests/holdout2),
never asserted or tuned to.

Everything is fixed (no randomness beyond a fixed seed, dates, Message-IDs, MIME boundaries, PDF
in reportlab's invariant mode, zip entry times of XLSX/DOCX) so two runs give byte-identical
files. MIME is built with the standard library's `email` package.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import policy as email_policy
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "holdout2"
SEED = 20261207
RNG = random.Random(SEED)

CITY = "city.minato-example.lg.jp"  # みなと市 (policy: city)
TOWN = "town.sazanami-example.lg.jp"  # さざなみ町 (policy: default, nothing configured)
SCHOOLS = "minato-example.ed.jp"

# ----------------------------------------------------------------------------- the world

# City staff: (name, reading, address local part, department)
STAFF = {
    "takahashi": ("高橋 由紀", "タカハシ ユキ", "y-takahashi", "子育て支援課"),
    "ishii": ("石井 誠", "イシイ マコト", "m-ishii", "子育て支援課"),
    "ogawa": ("小川 大輔", "オガワ ダイスケ", "d-ogawa", "市民課"),
    "matsumoto": ("松本 亜希", "マツモト アキ", "a-matsumoto", "環境政策課"),
    "nishimura": ("西村 健", "ニシムラ ケン", "k-nishimura", "生涯学習課"),
    "fujita": ("藤田 直美", "フジタ ナオミ", "n-fujita", "生涯学習課"),
    "okada": ("岡田 翔", "オカダ ショウ", "s-okada", "情報政策課"),
    "inoue": ("井上 香織", "イノウエ カオリ", "k-inoue", "高齢介護課"),
    "hayashi": ("林 修", "ハヤシ オサム", "o-hayashi", "高齢介護課"),
    "kimura": ("木村 さやか", "キムラ サヤカ", "s-kimura", "国際交流課"),
    "maeda": ("前田 亮", "マエダ リョウ", "r-maeda", "学校教育課"),
    "saito": ("斎藤 恵", "サイトウ メグミ", "m-saito", "保険年金課"),
    "watanabe": ("渡辺 徹", "ワタナベ トオル", "t-watanabe", "道路管理課"),
    "nakano": ("中野 愛", "ナカノ アイ", "a-nakano", "観光振興課"),
    "kubota": ("窪田 健二", "クボタ ケンジ", "k-kubota", "福祉総務課"),
}
DEPT_INFO = {
    "子育て支援課": ("こども未来部", "1234", "本庁舎2階"),
    "市民課": ("市民部", "1111", "本庁舎1階"),
    "環境政策課": ("環境部", "1502", "第二庁舎3階"),
    "生涯学習課": ("教育部", "1620", "本庁舎5階"),
    "情報政策課": ("総務部", "1310", "本庁舎4階"),
    "高齢介護課": ("福祉部", "1420", "本庁舎2階"),
    "国際交流課": ("市民部", "1180", "本庁舎3階"),
    "学校教育課": ("教育部", "1640", "本庁舎5階"),
    "保険年金課": ("市民部", "1150", "本庁舎1階"),
    "道路管理課": ("都市整備部", "1730", "第二庁舎2階"),
    "観光振興課": ("産業部", "1810", "本庁舎4階"),
    "福祉総務課": ("福祉部", "1400", "本庁舎2階"),
}


def staff(key: str) -> tuple[str, str]:
    name, _, local, _ = STAFF[key]
    return name, f"{local}@{CITY}"


def dept_addr(local: str, dept: str) -> tuple[str, str]:
    return f"みなと市 {dept}", f"{local}@{CITY}"


def city_sig(key: str, style: int = 0) -> str:
    name, reading, local, dept = STAFF[key]
    bu, ext, floor = DEPT_INFO[dept]
    kana = reading
    if style == 0:
        return (
            "\n――――――――――――――――――――\n"
            f"みなと市 {bu} {dept}\n"
            f"{name}（{kana}）\n"
            f"〒250-8555 みなと市港町一丁目1番1号 {floor}\n"
            f"TEL：0465-55-{ext}（直通）　FAX：0465-55-1001\n"
            f"E-mail：{local}@{CITY}\n"
            "――――――――――――――――――――\n"
        )
    if style == 1:
        return (
            "\n-- \n"
            f"{bu} {dept}　{name}\n"
            "みなと市役所\n"
            f"〒250-8555 神奈川県みなと市港町1-1-1\n"
            f"電話 0465-55-1000（内線{ext}）／FAX 0465-55-1001\n"
            f"{local}@{CITY}\n"
        )
    return (
        "\n********************************\n"
        f" みなと市役所 {dept}\n"
        f" 担当：{name.split()[0]}\n"
        f" 電話：0465-55-{ext}\n"
        f" メール：{local}@{CITY}\n"
        "********************************\n"
    )


TOWN_STAFF = {
    "sakurai": ("桜井 美穂", "sakurai-m", "住民課", "2101"),
    "noguchi": ("野口 正樹", "noguchi-m", "福祉課", "2205"),
    "kanno": ("菅野 理沙", "kanno-r", "産業観光課", "2310"),
    "hirano": ("平野 聡", "hirano-s", "総務課", "2001"),
    "endo": ("遠藤 さおり", "endo-s", "教育委員会 生涯学習係", "2410"),
}


def town(key: str) -> tuple[str, str]:
    name, local, _, _ = TOWN_STAFF[key]
    return name, f"{local}@{TOWN}"


def town_sig(key: str) -> str:
    name, local, dept, ext = TOWN_STAFF[key]
    return (
        "\n==============================\n"
        f"さざなみ町役場 {dept}\n"
        f"{name}\n"
        "〒299-5592 千葉県さざなみ町大浜2345番地\n"
        f"TEL 0470-88-{ext} / FAX 0470-88-2999\n"
        f"Mail {local}@{TOWN}\n"
        "==============================\n"
    )


# Contractors and partners of the city: (name, address, organisation, title)
KAMOME = "kamome-is-example.co.jp"
SHIOSAI = "shiosai-print-example.co.jp"
UMIKAZE = "umikaze-kai-example.or.jp"
KODOMO = "kodomo-net-example.org"
MED = "minato-med-example.or.jp"
SHAKYO = "minato-shakyo-example.or.jp"
AOZORA = "aozora-event-example.co.jp"
BAYSIDE = "bayside-const-example.co.jp"
HARBOUR = "harbourcity-example.org.nz"
PREF = "pref.kaigan-example.lg.jp"
HOSPITAL = "minato-hospital-example.or.jp"
OLDNET = "old-net-example.co.jp"
HIDAMARI = "hidamari-npo-example.org"

CONTACTS: list[tuple[str, str, str, str]] = []  # email, name, aliases, organisation


def _contacts() -> None:
    for name, reading, local, dept in STAFF.values():
        CONTACTS.append((f"{local}@{CITY}", name, f"{reading}", f"みなと市 {dept}"))
    CONTACTS.extend(
        [
            (f"joho-kanri@{CITY}", "情報セキュリティ担当", "", "みなと市 情報政策課"),
            (f"k.tanaka@{KAMOME}", "田中 浩二", "タナカ コウジ;Koji Tanaka", "株式会社かもめ情報システム"),
            (f"r.sato@{KAMOME}", "佐藤 理恵", "サトウ リエ;Rie Sato", "株式会社かもめ情報システム"),
            (f"t.mori@{KAMOME}", "森 拓也", "モリ タクヤ;Takuya Mori", "株式会社かもめ情報システム"),
            (f"info@{KAMOME}", "ご担当者", "", "株式会社かもめ情報システム"),
            (f"t.yamaguchi@{SHIOSAI}", "山口 剛", "ヤマグチ ツヨシ;Tsuyoshi Yamaguchi", "有限会社しおさい印刷"),
            (f"info@{SHIOSAI}", "ご担当者", "", "有限会社しおさい印刷"),
            (f"n.shimizu@{UMIKAZE}", "清水 典子", "シミズ ノリコ;Noriko Shimizu", "社会福祉法人 うみかぜ会"),
            (f"h.harada@{UMIKAZE}", "原田 悠", "ハラダ ユウ;Yu Harada", "社会福祉法人 うみかぜ会"),
            (f"info@{UMIKAZE}", "ご担当者", "", "社会福祉法人 うみかぜ会"),
            (f"m.ono@{KODOMO}", "大野 美穂", "オオノ ミホ;Miho Ono", "特定非営利活動法人 みなと子ども食堂ネット"),
            (f"k.murata@{MED}", "村田 和也", "ムラタ カズヤ;Kazuya Murata", "みなと市医師会"),
            (f"a.sakamoto@{SHAKYO}", "坂本 綾", "サカモト アヤ;Aya Sakamoto", "社会福祉法人 みなと市社会福祉協議会"),
            (f"t.yoshikawa@{AOZORA}", "吉川 翼", "ヨシカワ ツバサ;Tsubasa Yoshikawa", "合同会社あおぞらイベント"),
            (f"s.kondo@{BAYSIDE}", "近藤 誠一", "コンドウ セイイチ;Seiichi Kondo", "株式会社ベイサイド建設"),
            (f"e.clarke@{HARBOUR}", "Emma Clarke", "Clarke Emma;Ms Clarke", "Harbour City Council"),
            (f"t.walker@{HARBOUR}", "Tom Walker", "Walker Tom;Mr Walker", "Harbour City Council"),
            (f"ueda-s@{PREF}", "上田 翔子", "ウエダ ショウコ;Shoko Ueda", "かいがん県 福祉政策課"),
            (f"renkei@{HOSPITAL}", "地域連携室", "", "市立みなと病院"),
            (f"office@higashi-es.{SCHOOLS}", "事務室", "", "みなと市立東小学校"),
            (f"kocho@higashi-es.{SCHOOLS}", "石田 明", "イシダ アキラ;Akira Ishida", "みなと市立東小学校"),
            (f"office@nishi-es.{SCHOOLS}", "事務室", "", "みなと市立西小学校"),
            (f"kocho@nishi-es.{SCHOOLS}", "野村 美和", "ノムラ ミワ;Miwa Nomura", "みなと市立西小学校"),
            (f"office@minami-jh.{SCHOOLS}", "事務室", "", "みなと市立南中学校"),
            (f"kocho@minami-jh.{SCHOOLS}", "菅原 隆", "スガワラ タカシ;Takashi Sugawara", "みなと市立南中学校"),
            ("masaru.miyamoto@gmail.com", "宮本 勝", "ミヤモト マサル;Masaru Miyamoto", ""),
            ("yoko-kubo55@yahoo.co.jp", "久保 洋子", "クボ ヨウコ;Yoko Kubo", ""),
            ("t-sugiyama@nifty.com", "杉山 正", "スギヤマ タダシ;Tadashi Sugiyama", ""),
            ("misaki.sato.0707@gmail.com", "佐藤 美咲", "サトウ ミサキ;Misaki Sato", ""),
            ("kenta-suzuki@docomo.ne.jp", "鈴木 健太", "スズキ ケンタ;Kenta Suzuki", ""),
        ]
    )


def contact_name(addr: str) -> str:
    for email, name, _, _ in CONTACTS:
        if email == addr:
            return name
    raise KeyError(addr)


POLICY_YAML = """\
# みなと市 (Minato Example City) mailguard policy, written for the second held-out set
# (tests/holdout2/cases.yaml, policy: city) in the shape of tests/eval/city-policy.yaml, for this
# city's domains and partners. Generated by scripts/make_holdout2.py.
version: 1
lang: ja

# The city's own mail: the city hall and its branch offices.
internal_domains: ["city.minato-example.lg.jp", "*.city.minato-example.lg.jp"]

# The city's schools (board of education network): may see each other.
trusted_domains: ["minato-example.ed.jp", "*.minato-example.ed.jp"]

# Contractors, welfare corporations, the medical association, the prefecture, the sister city.
known_domains:
  - "kamome-is-example.co.jp"
  - "kamome-is-example.com"
  - "shiosai-print-example.co.jp"
  - "umikaze-kai-example.or.jp"
  - "kodomo-net-example.org"
  - "minato-med-example.or.jp"
  - "minato-shakyo-example.or.jp"
  - "aozora-event-example.co.jp"
  - "bayside-const-example.co.jp"
  - "harbourcity-example.org.nz"
  - "pref.kaigan-example.lg.jp"
  - "minato-hospital-example.or.jp"

organisations:
  株式会社かもめ情報システム: ["kamome-is-example.co.jp", "kamome-is-example.com"]

# The former network vendor (contract ended 2026-03): never again.
blocked_recipients: ["*@old-net-example.co.jp"]

# Patients' information goes to the city hospital only by the liaison procedure.
watched_recipients: ["*@minato-hospital-example.or.jp"]

# Staff, contractors, schools, the sister city and welfare commissioners (kana/romaji aliases).
address_book: city-contacts.csv

personal_data:
  to_personal_mail: block            # never to free mail (#10)
  to_external: confirm               # contractors and other bodies: confirm (#15)
  in_attachment_to_external: confirm # encrypt or share by link (#20)

audit_log: null

approval:
  required_for: [MG401, MG408, MG409]   # My Number, health records, rosters: a second person
  approvers:
    joho-kanri: {key: "ed25519:hGAxDsZSkJ6aJtiOfsaPzMHXl+mGOev4xGcBFQkeFac=", addresses: [joho-kanri@city.minato-example.lg.jp]}

bulk_markers:
  headers: [List-Unsubscribe, List-Id, List-Unsubscribe-Post]
  precedence: [bulk, list, junk]
  subject_markers: ["【メルマガ】", "みなと市メールマガジン"]

rules:
  MG402:
    ignore: ["0465-55-1000", "0465-55-1001"]   # the city hall's main number and main fax
"""


def contacts_csv() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["email", "name", "aliases", "organisation"])
    for row in CONTACTS:
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- attachments


def _fixed_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-12-01T09:00:00Z", body)
                body = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>2026-12-01T09:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 9, 0, 0)), body)
    return out.getvalue()


def make_pdf(lines: Sequence[str], redact: Sequence[int] = ()) -> bytes:
    """A one-page PDF; the lines whose index is in `redact` get a black box drawn over them."""
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("")
    c.setAuthor("")
    y = 790
    for i, line in enumerate(lines):
        c.setFillColorRGB(0, 0, 0)
        c.setFont("HeiseiMin-W3", 11)
        c.drawString(56, y, line)
        if i in redact:
            c.rect(120, y - 3, 300, 15, stroke=0, fill=1)
        y -= 19
    c.showPage()
    c.save()
    return buf.getvalue()


def make_xlsx(rows: Sequence[Sequence[object]], title: str) -> bytes:
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(list(row))
    fixed = datetime.datetime(2026, 12, 1, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "minato"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def make_docx(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    import datetime

    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = t.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = value
    fixed = datetime.datetime(2026, 12, 1, 9, 0, 0)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.last_printed = fixed
    doc.core_properties.author = "minato"
    doc.core_properties.last_modified_by = "minato"
    doc.core_properties.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def make_csv(rows: Sequence[Sequence[object]], encoding: str = "cp932") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


# ----------------------------------------------------------------------------- drafts


@dataclass
class Att:
    filename: str
    data: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"
    rfc2231: bool = True


@dataclass
class Draft:
    slug: str
    kind: str
    policy: str
    allowed: list[str]
    reason: str
    frm: tuple[str, str]
    to: list[tuple[str, str]]
    subject: str
    body: str
    cc: list[tuple[str, str]] = field(default_factory=list)
    bcc: list[tuple[str, str]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    incidents: list[int] = field(default_factory=list)
    charset: str = "ISO-2022-JP"
    html: str | None = None  # with body: multipart/alternative; with body "": HTML only
    attachments: list[Att] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    reply_to_id: str | None = None
    lang: str = "ja"
    changed: str | None = None


DRAFTS: list[Draft] = []


def add(d: Draft) -> None:
    if d.kind == "risky":
        assert d.rules and d.incidents, d.slug
    DRAFTS.append(d)


CODECS = {"ISO-2022-JP": "iso-2022-jp", "Shift_JIS": "cp932", "UTF-8": "utf-8"}


def _text_part(text: str, charset: str, subtype: str = "plain") -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype, charset=charset)
    data = text.replace("\n", "\r\n").encode(CODECS[charset])
    if charset == "ISO-2022-JP":
        part["Content-Transfer-Encoding"] = "7bit"
        part.set_payload(data.decode("ascii"))
    else:
        part["Content-Transfer-Encoding"] = "base64"
        part.set_payload(base64.encodebytes(data).decode("ascii"))
    return part


def _hdr_charset(charset: str) -> str:
    return {"ISO-2022-JP": "iso-2022-jp", "Shift_JIS": "shift_jis", "UTF-8": "utf-8"}[charset]


def encoded_words(text: str, charset: str, split: bool = True) -> str:
    """RFC 2047 B encoded words of at most 75 characters, split between characters (never next to a
    space); a display name stays one word (some readers put a space between a phrase's words)."""
    codec = CODECS.get(charset, charset)
    label = _hdr_charset(charset) if charset in CODECS else charset

    def word(chunk: str) -> str:
        return f"=?{label}?B?{base64.b64encode(chunk.encode(codec)).decode('ascii')}?="

    words: list[str] = []
    cur = ""
    for ch in text:
        if split and cur and len(word(cur + ch)) > 75 and not cur.endswith(" ") and ch != " ":
            words.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(cur)
    return "\r\n ".join(word(w) for w in words)


def _addr_list(addrs: Sequence[tuple[str, str]], charset: str) -> str:
    out = []
    for name, addr in addrs:
        if not name:
            out.append(addr)
        elif name.isascii():
            out.append(formataddr((name, addr)))
        else:
            out.append(f"{encoded_words(name, charset, split=False)} <{addr}>")
    return ",\r\n ".join(out)


def render(d: Draft, n: int) -> bytes:
    boundary = f"----=_Part_{SEED}_{n:03d}"
    if d.html is not None and d.body == "":
        body: MIMENonMultipart | MIMEMultipart = _text_part(d.html, d.charset, "html")
    elif d.html is not None:
        body = MIMEMultipart("alternative", boundary=boundary + ".alt")
        body.attach(_text_part(d.body, d.charset))
        body.attach(_text_part(d.html, d.charset, "html"))
    else:
        body = _text_part(d.body, d.charset)
    if d.attachments:
        msg: MIMENonMultipart | MIMEMultipart = MIMEMultipart("mixed", boundary=boundary)
        msg.attach(body)
        for a in d.attachments:
            part = (
                MIMEApplication(a.data, a.subtype)
                if a.maintype == "application"
                else MIMENonMultipart(a.maintype, a.subtype)
            )
            if a.maintype != "application":
                part["Content-Transfer-Encoding"] = "base64"
                part.set_payload(base64.encodebytes(a.data).decode("ascii"))
            if a.filename.isascii():
                part.add_header("Content-Disposition", "attachment", filename=a.filename)
            elif a.rfc2231:
                part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", a.filename))
            else:  # what Outlook/Becky write: an encoded word in the parameter
                enc = encoded_words(a.filename, "UTF-8")
                part.add_header("Content-Disposition", f'attachment; filename="{enc}"')
                del part["Content-Type"]
                part["Content-Type"] = f'{a.maintype}/{a.subtype}; name="{enc}"'
            msg.attach(part)
    else:
        msg = body
    head = MIMENonMultipart("text", "plain")  # only to order the headers
    del head["Content-Type"]
    del head["MIME-Version"]
    head["From"] = _addr_list([d.frm], d.charset)
    if d.to:
        head["To"] = _addr_list(d.to, d.charset)
    if d.cc:
        head["Cc"] = _addr_list(d.cc, d.charset)
    if d.bcc:
        head["Bcc"] = _addr_list(d.bcc, d.charset)
    head["Subject"] = d.subject if d.subject.isascii() else encoded_words(d.subject, d.charset)
    head["Date"] = (
        f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][n % 5]}, {1 + n % 7:02d} Dec 2026 {8 + n % 9:02d}:{(n * 13) % 60:02d}:00 +0900"
    )
    head["Message-ID"] = f"<h2-{n:03d}.{d.slug}@{d.frm[1].split('@')[1]}>"
    if d.reply_to_id:
        head["In-Reply-To"] = f"<{d.reply_to_id}>"
        head["References"] = f"<{d.reply_to_id}>"
    for k, v in d.headers:
        head[k] = v
    head["MIME-Version"] = "1.0"
    for k, v in msg.items():
        if k != "MIME-Version":
            head[k] = v
    for k in list(msg.keys()):
        del msg[k]
    for k, v in head.items():
        msg[k] = v
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
    return msg.as_bytes(policy=email_policy.compat32.clone(linesep="\r\n", max_line_length=0))


# ----------------------------------------------------------------------------- quoting styles


def q_outlook_ja(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return f"\n-----Original Message-----\nFrom: {name} <{addr}>\nSent: {when}\nTo: {to}\nSubject: {subject}\n\n" + text


def q_outlook_jp_headers(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return (
        "\n________________________________\n"
        f"差出人: {name} <{addr}>\n"
        f"送信日時: {when}\n"
        f"宛先: {to}\n"
        f"件名: {subject}\n\n" + text
    )


def _gt(text: str) -> str:
    return "\n".join(("> " + line) if line else ">" for line in text.rstrip("\n").split("\n")) + "\n"


def q_gmail_ja(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return f"\n{when} {name} <{addr}>:\n\n" + _gt(text)


def q_thunderbird(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return f"\n{when}, {name} wrote:\n" + _gt(text)


def q_iphone(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return f"\n{when}、{name} <{addr}>のメール:\n\n" + _gt(text)


def q_plain_gt(name: str, addr: str, when: str, to: str, subject: str, text: str) -> str:
    return f"\n{name}様からのメール（{when}）:\n" + _gt(text)


QUOTES = {
    "outlook_ja": q_outlook_ja,
    "outlook_jp_headers": q_outlook_jp_headers,
    "gmail_ja": q_gmail_ja,
    "thunderbird": q_thunderbird,
    "iphone": q_iphone,
    "plain_gt": q_plain_gt,
}
QUOTE_WHEN = {
    "outlook_ja": "Monday, November 30, 2026 8:41 PM",
    "outlook_jp_headers": "2026年11月30日 20:41",
    "gmail_ja": "2026年11月30日(月) 20:41",
    "thunderbird": "2026/11/30 20:41",
    "iphone": "2026/11/30 20:41",
    "plain_gt": "11月30日 20:41",
}


# ----------------------------------------------------------------------------- legitimate: replies to residents

# (slug, policy, staff key or town key, resident name, address, subject, resident's text, answer, style, charset, sig style)
RESIDENT_REPLIES = [
    (
        "reply-sodaigomi",
        "city",
        "matsumoto",
        "山田 花子",
        "hanako.yamada.88@gmail.com",
        "粗大ごみの出し方について",
        "みなと市役所 ご担当者様\n\n来月引っ越しのため、タンスとベッドを処分したいのですが、\n粗大ごみの申込みはどうすればよいでしょうか。\n\n山田花子\n",
        "山田 花子 様\n\nお問い合わせいただきありがとうございます。\nみなと市環境政策課の松本です。\n\n粗大ごみは、粗大ごみ受付センター（電話またはインターネット）で事前にお申し込みください。\nタンスは1点400円、ベッドは枠とマットレスがそれぞれ1点となり、各800円です。\n申込み後、コンビニエンスストア等で処理券をお買い求めのうえ、収集日の朝8時までに\nご自宅前の指定場所へお出しください。\n\nお引っ越しの日程が決まりましたら、お早めのお申込みをおすすめいたします。\nご不明な点がございましたら、お気軽にお問い合わせください。\n",
        "outlook_ja",
        "ISO-2022-JP",
        0,
    ),
    (
        "reply-hoikuen",
        "city",
        "takahashi",
        "中川 翔太",
        "shota-nkgw@docomo.ne.jp",
        "保育園の入園申込みについて",
        "4月から保育園に入れたいのですが、申込みの締切はいつですか？\n育休中でも申し込めますか。\n中川\n",
        "中川 翔太 様\n\nみなと市子育て支援課の高橋でございます。\nお問い合わせの件、ご回答いたします。\n\n令和9年4月入園の一次申込みの締切は、12月18日（金）です。\n育児休業中の方もお申し込みいただけます。入園日までに復職される予定であることが\n分かる書類（復職予定証明書）をあわせてご提出ください。\n\n申込書は市ホームページからダウンロードできるほか、子育て支援課窓口でもお渡ししております。\nどうぞよろしくお願いいたします。\n",
        "iphone",
        "Shift_JIS",
        1,
    ),
    (
        "reply-library-card",
        "city",
        "nishimura",
        "石原 美由紀",
        "miyuki.ishihara@icloud.com",
        "図書館カードの再発行",
        "こんにちは。図書館カードをなくしてしまいました。\n再発行はできますか？費用はかかりますか？\n\n石原\n",
        "石原様\n\nお問い合わせありがとうございます。生涯学習課の西村です。\n\n図書館カードの再発行は、中央図書館または各分館のカウンターで承っております。\n本人確認書類（運転免許証、保険証など）をお持ちください。費用はかかりません。\nなお、紛失届をいただいた時点で旧カードは使えなくなりますので、ご安心ください。\n\nよろしくお願いいたします。\n",
        "gmail_ja",
        "UTF-8",
        2,
    ),
    (
        "reply-road-hole",
        "city",
        "watanabe",
        "川口 大樹",
        "kawaguchi.d@yahoo.co.jp",
        "道路の穴について",
        "市役所さま\n\n港南三丁目のコンビニ前の市道に大きな穴が開いていて危ないです。\n自転車で転びそうになりました。早めに直してもらえませんか。\n\n川口\n",
        "川口 大樹 様\n\nこのたびはご連絡いただき、誠にありがとうございます。\n道路管理課の渡辺と申します。\n\nご指摘の箇所を本日午前に確認いたしました。舗装が剥がれて穴が開いておりましたので、\n応急処置として仮補修を行いました。本格的な補修は来週中に実施する予定です。\n\n今後も危険な箇所にお気づきの際は、お知らせいただけますと幸いです。\n",
        "thunderbird",
        "ISO-2022-JP",
        0,
    ),
    (
        "reply-kokuho",
        "city",
        "saito",
        "千葉 真理子",
        "mariko_chiba@ezweb.ne.jp",
        "国民健康保険の手続き",
        "会社を退職しました。国保に入る手続きには何が必要ですか。\n平日は仕事で行けないのですが、郵送でもできますか？\n千葉真理子\n携帯 090-3318-7264\n",
        "千葉 真理子 様\n\nみなと市保険年金課の斎藤です。お問い合わせにお答えいたします。\n\n国民健康保険の加入手続きには、次のものが必要です。\n・健康保険の資格喪失証明書（退職された会社で発行されます）\n・マイナンバーが確認できるもの\n・本人確認書類\n\n郵送での手続きも可能です。申請書を市ホームページからダウンロードいただき、\n上記書類の写しを同封のうえ、保険年金課あてにお送りください。\nまた、毎月第2・第4土曜日の午前中は市民課・保険年金課の窓口を開庁しております。\n",
        "outlook_jp_headers",
        "ISO-2022-JP",
        0,
    ),
    (
        "reply-dog-registration",
        "city",
        "matsumoto",
        "青山 拓海",
        "takumi.aoyama@outlook.jp",
        "Re: 犬の登録",
        "子犬を飼い始めました。登録はどこでできますか？\n狂犬病の注射も必要ですか？\n",
        "青山様\n\nご連絡ありがとうございます。\n犬の登録は、環境政策課の窓口か、市内の協力動物病院でできます（手数料3,000円）。\n生後91日以上の犬は、毎年1回の狂犬病予防注射が必要です。\n4月に市内各地で集合注射を行いますので、広報みなと3月号をご覧ください。\n\n",
        "plain_gt",
        "UTF-8",
        1,
    ),
    (
        "reply-jidoteate",
        "city",
        "takahashi",
        "岩田 恵美",
        "emi-iwata@softbank.ne.jp",
        "児童手当の振込日",
        "児童手当の次の振込日はいつですか？\n口座を変えたいときはどうすればいいですか？\n岩田\n",
        "岩田 恵美 様\n\nいつもお世話になっております。子育て支援課の高橋です。\n\n次回の児童手当のお振込みは12月10日（木）の予定です。\n振込口座の変更をご希望の場合は、「児童手当 振込口座変更届」に新しい口座の通帳の写しを添えて、\n子育て支援課へご提出ください（郵送可）。様式は市ホームページに掲載しております。\n\nなお、12月の振込分に変更を反映するには11月中の届出が必要でしたので、\n次々回（2月）のお振込みから新しい口座となります。ご了承ください。\n",
        "gmail_ja",
        "UTF-8",
        0,
    ),
    (
        "reply-tennyu",
        "default",
        "sakurai",
        "福田 直子",
        "naoko.fukuda0312@gmail.com",
        "転入の手続きについて教えてください",
        "さざなみ町役場 住民課御中\n\n来年1月に横浜市からさざなみ町へ引っ越す予定です。\n転入の手続きに必要なものを教えてください。子どもが2人います。\n\n福田直子\n〒231-0001 横浜市中区新港1-2-3\n電話 080-5521-9034\n",
        "福田 直子 様\n\nさざなみ町役場住民課の桜井です。お問い合わせありがとうございます。\n\n転入の手続きには、次のものをお持ちください。\n１．横浜市で発行される転出証明書（マイナンバーカードでの転出届の場合は不要です）\n２．転入される方全員のマイナンバーカードまたは通知カード\n３．窓口に来られる方の本人確認書類\n\nお子さまの学校・保育園の手続きは、住民課での手続きの後、同じ庁舎の教育委員会・福祉課にご案内いたします。\n引っ越し後14日以内にお手続きください。お待ちしております。\n",
        "outlook_ja",
        "ISO-2022-JP",
        0,
    ),
    (
        "reply-furusato",
        "default",
        "kanno",
        "今井 亮",
        "r.imai@au.com",
        "ふるさと納税の返礼品",
        "ふるさと納税の返礼品がまだ届きません。11月1日に申し込みました。\n確認をお願いします。\n今井\n",
        "今井 亮 様\n\nこのたびはさざなみ町へのふるさと納税、誠にありがとうございます。\n産業観光課の菅野でございます。\n\nお申込みの返礼品（さざなみ産干物セット）は、生産者の出荷が混み合っており、\n12月10日頃の発送となる見込みです。お待たせして大変申し訳ございません。\n発送の際は、配送業者からお知らせが届きます。\n",
        "iphone",
        "Shift_JIS",
        0,
    ),
    (
        "reply-yobosesshu",
        "default",
        "noguchi",
        "丸山 さくら",
        "sakura.maruyama@icloud.com",
        "予防接種の予約",
        "1歳の子どものMRワクチンを受けたいのですが、町内で受けられる病院はありますか？\n丸山\n",
        "丸山様\n\nお問い合わせありがとうございます。さざなみ町福祉課の野口です。\n\n町内では、さざなみクリニック、大浜こどもクリニックの2か所で接種できます。\n各医療機関へ直接ご予約ください。接種の際は母子健康手帳と予診票をお持ちください。\n予診票がお手元にない場合は、福祉課窓口でお渡しします。\n",
        "thunderbird",
        "UTF-8",
        0,
    ),
    (
        "reply-park-toilet",
        "default",
        "kanno",
        "松井 和彦",
        "kazu-matsui@biglobe.ne.jp",
        "大浜海浜公園のトイレ",
        "大浜海浜公園の東側トイレが壊れたままです。\n夏の間もずっと使えませんでした。いつ直るのですか。\n松井和彦\n",
        "松井 和彦 様\n\nご意見をいただき、ありがとうございます。産業観光課の菅野です。\n\n東側トイレは給水管の破損により使用を停止しておりました。\nご不便をおかけし申し訳ございません。修繕工事の契約が整いましたので、\n12月14日から工事に入り、年内には再開できる見込みです。\n工事期間中は、西側トイレをご利用ください。\n",
        "outlook_jp_headers",
        "Shift_JIS",
        0,
    ),
    (
        "reply-juminhyo-yuso",
        "default",
        "sakurai",
        "岩崎 陽菜",
        "hina.iwasaki@yahoo.co.jp",
        "住民票の郵送請求",
        "遠方に住んでいるため、住民票を郵送で取り寄せたいです。\n手数料の払い方を教えてください。\n岩崎\n",
        "岩崎 陽菜 様\n\n住民課の桜井です。住民票の郵送請求についてご案内します。\n\n請求書（町ホームページに様式があります）、本人確認書類の写し、\n手数料分の定額小為替（1通300円）、返信用封筒（切手を貼り、ご住所を記入したもの）を\n同封して、住民課あてにお送りください。\n届いた日のうちに発送いたします。\n",
        "plain_gt",
        "ISO-2022-JP",
        0,
    ),
]


def resident_replies() -> None:
    for n, (slug, pol, key, rname, raddr, subj, qtext, answer, style, charset, sig) in enumerate(RESIDENT_REPLIES):
        if pol == "city":
            frm = staff(key)
            signature = city_sig(key, sig)
        else:
            frm = town(key)
            signature = town_sig(key)
        subject = subj if subj.startswith("Re:") else f"RE: {subj}"
        qsubj = subj.removeprefix("Re: ")
        quote = QUOTES[style](rname.replace(" ", ""), raddr, QUOTE_WHEN[style], frm[1], qsubj, qtext)
        body = answer + signature + quote
        holds = "its own phone and address" if ("090-" in qtext or "080-" in qtext) else "nothing personal"
        add(
            Draft(
                slug=slug,
                kind="legitimate",
                policy=pol,
                allowed=["pass"],
                reason=f"Reply to the resident who wrote in ({raddr.split('@')[1]}), greeted by her/his own name, "
                f"quoting her/his question ({style}; the quote holds {holds}); only the office's signature.",
                frm=frm,
                to=[(rname, raddr)] if n % 3 else [("", raddr)],
                subject=subject,
                body=body,
                charset=charset,
                reply_to_id=f"resident-{n:02d}.{raddr.split('@')[0]}@{raddr.split('@')[1]}",
            )
        )


# ----------------------------------------------------------------------------- legitimate: everything else


def kamome_sig(name: str, addr: str) -> str:
    return (
        "\n------------------------------------------\n"
        "株式会社かもめ情報システム 公共ソリューション営業部\n"
        f"{name}\n"
        "〒231-0023 横浜市中区山下町70番地 かもめビル5階\n"
        "TEL 045-555-7810 / FAX 045-555-7811\n"
        f"E-mail {addr}\n"
        "------------------------------------------\n"
    )


def shiosai_sig() -> str:
    return (
        "\n＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿\n"
        "有限会社しおさい印刷\n"
        "営業担当　山口 剛\n"
        "〒250-0011 みなと市栄町3-8-12\n"
        "TEL 0465-55-3480　FAX 0465-55-3481\n"
        f"t.yamaguchi@{SHIOSAI}\n"
    )


def legit_business() -> None:
    okada = staff("okada")
    # inline reply to a resident, answers under each quoted question
    add(
        Draft(
            slug="reply-inline-answers",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Reply to a resident (gmail.com) answering inline under each of her quoted questions; greeted by her own name, office signature.",
            frm=staff("nishimura"),
            to=[("野田 彩", "aya.noda.1990@gmail.com")],
            subject="Re: 市民講座（陶芸）の申込みについて",
            body="野田 彩 様\n\n生涯学習課の西村です。ご質問に順にお答えします。\n\n"
            "野田彩 <aya.noda.1990@gmail.com> さんは書きました:\n"
            "> 初心者でも参加できますか？\n\n初心者の方向けの講座ですので、どなたでもご参加いただけます。\n\n"
            "> 材料費はいくらですか？\n\n材料費は全4回で2,000円です。初回にお支払いください。\n\n"
            "> 駐車場はありますか？\n\n公民館の駐車場（30台）をご利用いただけますが、土曜日は混み合いますので、\nできるだけ公共交通機関をご利用ください。\n"
            + city_sig("nishimura", 0),
            charset="UTF-8",
            reply_to_id="CAF3x9Q@mail.gmail.com",
        )
    )
    # two people at one contractor, Cc the section's shared mailbox
    add(
        Draft(
            slug="contractor-two-names",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To the two people of the one contractor on the project, greeted '株式会社かもめ情報システム 営業部 田中様、佐藤様'; Cc the section's own shared mailbox.",
            frm=okada,
            to=[("田中 浩二", f"k.tanaka@{KAMOME}"), ("佐藤 理恵", f"r.sato@{KAMOME}")],
            cc=[("情報政策課", f"joho-seisaku@{CITY}")],
            subject="庁内ネットワーク更改 第3回定例会の日程について",
            body="株式会社かもめ情報システム\n営業部 田中様、佐藤様\n\nいつもお世話になっております。みなと市情報政策課の岡田です。\n\n"
            "第3回定例会の日程ですが、12月15日（火）14時から、本庁舎4階 第2会議室で\nお願いできますでしょうか。\n"
            "議題は、切替作業の手順書（案）のレビューと、年末年始の保守体制の確認を予定しております。\n\n"
            "ご都合を12月9日までにお知らせいただけますと幸いです。\nよろしくお願いいたします。\n"
            + city_sig("okada", 0),
        )
    )
    # internal circular
    add(
        Draft(
            slug="internal-kakui",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Internal circular to the sections' clerks ('各課庶務担当者 各位'), all inside the city's domain.",
            frm=staff("kubota"),
            to=[
                ("子育て支援課", f"kosodate@{CITY}"),
                ("高齢介護課", f"korei@{CITY}"),
                ("保険年金課", f"hoken@{CITY}"),
                ("市民課", f"shimin@{CITY}"),
                ("環境政策課", f"kankyo@{CITY}"),
            ],
            subject="【依頼】令和9年度 予算見積書の提出について",
            body="各課庶務担当者 各位\n\nお疲れさまです。福祉総務課の窪田です。\n\n"
            "令和9年度予算見積書の提出期限は12月11日（金）17時です。\n様式は共有フォルダ「福祉部\\予算\\R9」に格納しています。\n"
            "提出の際は、ファイル名の先頭に課名を付けてください。\n\nよろしくお願いします。\n" + city_sig("kubota", 2),
        )
    )
    # internal to a section chief by title
    add(
        Draft(
            slug="internal-kacho",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Internal mail to the section chief addressed as '藤田課長' with a colleague in Cc.",
            frm=staff("nishimura"),
            to=[staff("fujita")],
            cc=[staff("maeda")],
            subject="成人式の会場レイアウト（案）",
            body="藤田課長\n\nお疲れさまです。西村です。\n成人式の会場レイアウト案を共有フォルダに保存しました。\n"
            "受付を2か所に分け、車いす席を前方に確保しています。\n学校教育課の前田さんにもCcで共有しています。\n\n"
            "明日の打合せでご確認いただけますと幸いです。\n" + city_sig("nishimura", 2),
        )
    )
    # ご担当者様 to a printer with an order PDF naming the printer
    add(
        Draft(
            slug="order-printer-pdf",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Order to the printing contractor's shared address, 'ご担当者様', with the order sheet PDF addressed to that same company.",
            frm=staff("nakano"),
            to=[("有限会社しおさい印刷", f"info@{SHIOSAI}")],
            subject="観光パンフレット増刷の発注について",
            body="有限会社しおさい印刷\nご担当者様\n\nいつもお世話になっております。みなと市観光振興課の中野です。\n\n"
            "先日お見積りいただきました観光パンフレット「みなと さんぽ」の増刷について、\n添付の発注書のとおり発注いたします。\n"
            "納品は1月15日までに観光振興課までお願いいたします。\n" + city_sig("nakano", 0),
            attachments=[
                Att(
                    "発注書_しおさい印刷様.pdf",
                    make_pdf(
                        [
                            "発 注 書",
                            "有限会社しおさい印刷 御中",
                            "令和8年12月3日",
                            "みなと市長 海野 大介",
                            "件名：観光パンフレット「みなと さんぽ」増刷",
                            "数量：20,000部（A4 三つ折り）",
                            "金額：418,000円（消費税込）",
                            "納期：令和9年1月15日",
                            "納品場所：みなと市 産業部 観光振興課",
                        ]
                    ),
                    subtype="pdf",
                )
            ],
        )
    )
    # 御中 to a welfare corporation
    add(
        Draft(
            slug="onchu-welfare",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Notice to one welfare corporation, '社会福祉法人 うみかぜ会 御中', nothing personal.",
            frm=staff("hayashi"),
            to=[("社会福祉法人 うみかぜ会", f"info@{UMIKAZE}")],
            subject="介護サービス事業者 集団指導の開催について",
            body="社会福祉法人 うみかぜ会 御中\n\nみなと市 福祉部 高齢介護課の林です。\n\n"
            "令和8年度の介護サービス事業者集団指導を、次のとおり開催いたします。\n\n"
            "日時：令和9年1月20日（水）13時30分〜16時\n場所：みなと市民会館 大ホール\n対象：市内の介護サービス事業所の管理者\n\n"
            "資料は開催1週間前に市ホームページに掲載いたします。\nご出席くださいますようお願いいたします。\n"
            + city_sig("hayashi", 1),
        )
    )
    # contractor replies to the city (default policy: the contractor's own mail, nothing configured)
    add(
        Draft(
            slug="contractor-reply-outlook",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The contractor answers the city's officer ('みなと市 情報政策課 岡田様') in the same thread, quoting her mail Outlook-style; its own signature.",
            frm=("田中 浩二", f"k.tanaka@{KAMOME}"),
            to=[okada],
            cc=[("佐藤 理恵", f"r.sato@{KAMOME}")],
            subject="RE: 庁内ネットワーク更改 第3回定例会の日程について",
            body="みなと市 情報政策課\n岡田様\n\nお世話になっております。かもめ情報システムの田中です。\n\n"
            "12月15日（火）14時、承知いたしました。弊社からは田中、佐藤、SEの森の3名で伺います。\n"
            "手順書（案）は前日までにお送りいたします。\n\n引き続きよろしくお願いいたします。\n"
            + kamome_sig("田中 浩二", f"k.tanaka@{KAMOME}")
            + q_outlook_ja(
                "岡田 翔",
                okada[1],
                "Thursday, December 3, 2026 10:12 AM",
                f"田中 浩二 <k.tanaka@{KAMOME}>; 佐藤 理恵 <r.sato@{KAMOME}>",
                "庁内ネットワーク更改 第3回定例会の日程について",
                "株式会社かもめ情報システム\n営業部 田中様、佐藤様\n\nいつもお世話になっております。みなと市情報政策課の岡田です。\n"
                "第3回定例会の日程ですが、12月15日（火）14時からでお願いできますでしょうか。\n",
            ),
            reply_to_id="h2-contractor-two-names@city.minato-example.lg.jp",
        )
    )
    # invoice with the contractor's own bank account, PDF addressed to the city
    add(
        Draft(
            slug="invoice-pdf-contractor",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The contractor sends its invoice to the city's officer: the PDF is addressed to the city (its recipient) and carries the contractor's own bank account for payment.",
            frm=("佐藤 理恵", f"r.sato@{KAMOME}"),
            to=[okada],
            subject="【請求書送付】庁内ネットワーク保守（11月分）",
            body="みなと市 総務部 情報政策課\n岡田 翔 様\n\nいつもお世話になっております。株式会社かもめ情報システムの佐藤でございます。\n\n"
            "11月分の庁内ネットワーク保守業務の請求書をお送りいたします。\nご査収のほど、よろしくお願いいたします。\n"
            "原本は本日郵送いたしました。\n" + kamome_sig("佐藤 理恵", f"r.sato@{KAMOME}"),
            attachments=[
                Att(
                    "請求書_みなと市様_202611.pdf",
                    make_pdf(
                        [
                            "請 求 書",
                            "みなと市長 様",
                            "請求番号 KIS-2026-1187　　請求日 2026年12月1日",
                            "件名：庁内ネットワーク保守業務（2026年11月分）",
                            "ご請求金額：715,000円（うち消費税 65,000円）",
                            "お支払期限：2026年12月31日",
                            "お振込先：かもめ銀行 山下町支店 普通預金 口座番号 2648157",
                            "口座名義：カ）カモメジョウホウシステム",
                            "株式会社かもめ情報システム",
                            "〒231-0023 横浜市中区山下町70番地 TEL 045-555-7810",
                        ]
                    ),
                    subtype="pdf",
                    rfc2231=False,
                )
            ],
            charset="UTF-8",
        )
    )
    # a quote PDF from the printer to the city
    add(
        Draft(
            slug="quote-pdf-printer",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The printer sends the quotation it was asked for, PDF addressed to 'みなと市 観光振興課 御中', the recipient's own section.",
            frm=("山口 剛", f"t.yamaguchi@{SHIOSAI}"),
            to=[staff("nakano")],
            subject="お見積書送付の件（観光パンフレット増刷）",
            body="みなと市 観光振興課\n中野 様\n\nいつも大変お世話になっております。しおさい印刷の山口です。\n"
            "ご依頼いただきました観光パンフレット増刷のお見積書を添付にてお送りします。\n"
            "用紙は前回と同じコート90kgで算出しております。\nご検討のほどよろしくお願い申し上げます。\n"
            + shiosai_sig(),
            attachments=[
                Att(
                    "御見積書_観光パンフレット.pdf",
                    make_pdf(
                        [
                            "御 見 積 書",
                            "みなと市 観光振興課 御中",
                            "2026年11月26日",
                            "件名：観光パンフレット「みなと さんぽ」増刷 20,000部",
                            "御見積金額：418,000円（税込）",
                            "有効期限：発行日より30日",
                            "有限会社しおさい印刷 みなと市栄町3-8-12",
                        ]
                    ),
                    subtype="pdf",
                )
            ],
            charset="Shift_JIS",
        )
    )
    # committee: reply-all in a thread whose quoted header lists everyone
    med, shakyo, umi = (
        ("村田 和也", f"k.murata@{MED}"),
        ("坂本 綾", f"a.sakamoto@{SHAKYO}"),
        ("清水 典子", f"n.shimizu@{UMIKAZE}"),
    )
    add(
        Draft(
            slug="committee-minutes-thread",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Minutes of the community-care liaison meeting to its three member bodies, replying to all in the thread where the quoted header already shows them to each other; minutes as DOCX.",
            frm=staff("inoue"),
            to=[med, shakyo, umi],
            cc=[staff("hayashi")],
            subject="RE: 第5回 地域包括ケア推進会議 議事録（案）",
            body="地域包括ケア推進会議 委員各位\n\nお世話になっております。高齢介護課の井上です。\n"
            "先日の会議の議事録（案）を添付いたします。\n修正等ございましたら、12月11日までにお知らせください。\n"
            + city_sig("inoue", 0)
            + q_outlook_jp_headers(
                "村田 和也",
                med[1],
                "2026年12月2日 17:05",
                f"井上 香織 <{staff('inoue')[1]}>; 坂本 綾 <{shakyo[1]}>; 清水 典子 <{umi[1]}>",
                "第5回 地域包括ケア推進会議",
                "井上様、皆様\n\n本日はありがとうございました。医師会の村田です。\n議事録ができましたら共有をお願いします。\n",
            ),
            attachments=[
                Att(
                    "第5回地域包括ケア推進会議_議事録案.docx",
                    make_docx(
                        [
                            "第5回 地域包括ケア推進会議 議事録（案）",
                            "日時：令和8年12月2日（水）15時〜16時30分",
                            "場所：みなと市役所 本庁舎2階 会議室A",
                            "出席：村田委員（医師会）、坂本委員（社会福祉協議会）、清水委員（うみかぜ会）、事務局（高齢介護課 林、井上）",
                            "1 認知症カフェの開設状況について：市内6か所で開設済み。来年度に2か所追加予定。",
                            "2 在宅医療・介護連携の研修会について：2月に多職種合同研修を開催する。",
                            "3 次回日程：令和9年2月3日（水）15時",
                        ]
                    ),
                    subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            ],
            reply_to_id="minutes-05.murata@minato-med-example.or.jp",
        )
    )
    # committee, new mail, three bodies who meet monthly (town, default policy)
    add(
        Draft(
            slug="committee-new-mail-town",
            kind="legitimate",
            policy="default",
            allowed=["pass", "confirm"],
            reason="The town's children's-cafeteria liaison group (three bodies who meet every month and know each other) gets the next meeting's date in a new mail, all in To; a confirm is acceptable, a block is not.",
            frm=town("noguchi"),
            to=[
                ("さざなみ町社会福祉協議会 石川様", "ishikawa@sazanami-shakyo-example.or.jp"),
                ("NPO法人 はまかぜ 小林様", "kobayashi@hamakaze-npo-example.org"),
                ("大浜地区民生委員協議会 会長 森田様", "morita.oohama@sazanami-minsei-example.jp"),
            ],
            subject="子ども食堂連絡会（1月）の日程",
            body="子ども食堂連絡会の皆様\n\nいつもありがとうございます。福祉課の野口です。\n"
            "1月の連絡会は、1月13日（水）10時から、役場2階 小会議室で行います。\n"
            "前回お話のあった冬休み中の開催日程の調整をしたいと思いますので、\n各団体の予定をお持ちください。\n"
            + town_sig("noguchi"),
            charset="ISO-2022-JP",
        )
    )
    # event notice with Bcc (city)
    residents = [
        ("", "hanako.yamada.88@gmail.com"),
        ("", "k-ueno@docomo.ne.jp"),
        ("", "mika.hirose@icloud.com"),
        ("", "tsuyoshi-o@yahoo.co.jp"),
        ("", "satomi.kd@gmail.com"),
        ("", "nao-yoshida@ezweb.ne.jp"),
        ("", "r.minami55@au.com"),
        ("", "kaori-t@softbank.ne.jp"),
        ("", "hiro.sugimoto@outlook.jp"),
        ("", "m-arai@biglobe.ne.jp"),
        ("", "yu.katayama@gmail.com"),
        ("", "ai-nomura@docomo.ne.jp"),
    ]
    add(
        Draft(
            slug="event-notice-bcc",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Notice to the twelve registered participants of a parenting course, all in Bcc, To the section's own address.",
            frm=dept_addr("kosodate", "子育て支援課"),
            to=[dept_addr("kosodate", "子育て支援課")],
            bcc=residents,
            subject="【みなと市】パパママ教室（12月12日）のご案内",
            body="パパママ教室にお申込みの皆様\n\n（このメールは、お申込みの皆様にBCCでお送りしています）\n\n"
            "12月12日（土）のパパママ教室のご案内です。\n\n日時：12月12日（土）10時〜12時（受付9時45分から）\n"
            "会場：みなと市保健センター 2階 多目的室\n持ち物：母子健康手帳、筆記用具、動きやすい服装\n\n"
            "当日、体調がすぐれない場合は無理をなさらず、子育て支援課までご連絡ください。\n" + city_sig("takahashi", 1),
            charset="ISO-2022-JP",
        )
    )
    # newsletter, Bcc, list headers
    add(
        Draft(
            slug="newsletter-bcc-listheaders",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="The city's mail magazine (【メルマガ】, List-Unsubscribe) with its one visible To the list's own address and the subscribers in Bcc.",
            frm=("みなと市メールマガジン", f"mailmag@{CITY}"),
            to=[("みなと市メールマガジン", f"mailmag@{CITY}")],
            bcc=[*residents[:8], ("", "masaru.miyamoto@gmail.com"), ("", "t-sugiyama@nifty.com")],
            subject="【メルマガ】みなと市メールマガジン 第214号（12月4日）",
            body="みなと市メールマガジン 第214号\n━━━━━━━━━━━━━━━━━━━━\n\n"
            "■ 年末年始のごみ収集について\n12月31日から1月3日までは収集をお休みします。\n\n"
            "■ みなとイルミネーション点灯式\n12月5日（土）17時から、港町公園で点灯式を行います。\n\n"
            "■ 市民課・保険年金課の土曜開庁\n12月12日（土）、26日（土）の午前中に開庁します。\n\n"
            "━━━━━━━━━━━━━━━━━━━━\n配信停止・登録内容の変更：https://www.city.minato-example.lg.jp/mailmag/\n"
            "発行：みなと市 総務部 広報広聴課\n",
            headers=[
                ("List-Unsubscribe", f"<https://www.{CITY}/mailmag/stop>"),
                ("List-Id", f"<mailmag.{CITY}>"),
                ("Precedence", "bulk"),
            ],
            charset="UTF-8",
        )
    )
    # English with the sister city
    kimura = staff("kimura")
    add(
        Draft(
            slug="english-sister-city",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="English mail to the sister city's officer ('Dear Ms Clarke'), her colleague in Cc, about the student exchange; signature of the international section.",
            frm=kimura,
            to=[("Emma Clarke", f"e.clarke@{HARBOUR}")],
            cc=[("Tom Walker", f"t.walker@{HARBOUR}")],
            subject="Student exchange 2027 - dates and host families",
            body="Dear Ms Clarke,\n\nThank you for your message and for the draft programme.\n\n"
            "We are happy with the proposed dates, 26 July to 6 August 2027. We have so far found\n"
            "eight host families in Minato and expect the remaining four by the end of January.\n"
            "Could you let us know the students' dietary requirements when you have them?\n\n"
            "I have copied Tom, as he is arranging the school visits.\n\nKind regards,\n\n"
            "Sayaka Kimura\nInternational Relations Section, Minato City\n1-1-1 Minatomachi, Minato, Kanagawa 250-8555, Japan\n"
            f"Tel +81-465-55-1180 | {kimura[1]}\n",
            charset="UTF-8",
            lang="en",
        )
    )
    add(
        Draft(
            slug="english-reply-partner",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="English reply to the sister city's officer who wrote, quoting her message Gmail-style ('On ... wrote:').",
            frm=kimura,
            to=[("Emma Clarke", f"e.clarke@{HARBOUR}")],
            subject="Re: Mayoral visit in April",
            body="Dear Emma,\n\nThank you. The Mayor's office has confirmed that 14-16 April suits them.\n"
            "I will send the draft itinerary next week.\n\nBest regards,\nSayaka\n\n"
            f"On Mon, 30 Nov 2026 at 14:02, Emma Clarke <e.clarke@{HARBOUR}> wrote:\n"
            "> Dear Sayaka,\n>\n> Our Mayor would like to visit Minato in April. Would 14-16 April work\n> for your side?\n>\n> Kind regards,\n> Emma\n",
            charset="UTF-8",
            lang="en",
            reply_to_id="emma-0411@harbourcity-example.org.nz",
        )
    )
    # forward of the prefecture's notice to colleagues, with a note
    add(
        Draft(
            slug="forward-pref-internal",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="The prefecture's notice forwarded inside the office with a short note; all recipients internal.",
            frm=staff("kubota"),
            to=[staff("inoue"), staff("takahashi")],
            subject="FW: 【かいがん県】福祉人材確保に関する調査について（依頼）",
            body="井上さん、高橋さん\n\nお疲れさまです。窪田です。\n県から下記の調査依頼が来ています。"
            "各課の該当分を12月16日までに私あてにお送りください。\n\n"
            "---------- Forwarded message ---------\n"
            f"From: 上田 翔子 <ueda-s@{PREF}>\nDate: 2026年12月1日(火) 9:30\n"
            "Subject: 【かいがん県】福祉人材確保に関する調査について（依頼）\n"
            f"To: 福祉総務課 <fukushi-somu@{CITY}>\n\n"
            "各市町村 福祉主管課長 様\n\nかいがん県 健康福祉部 福祉政策課です。\n"
            "標記の調査について、別紙様式により12月18日までにご回答くださいますようお願いいたします。\n\n"
            "かいがん県 健康福祉部 福祉政策課 上田\nTEL 045-555-2231\n",
            charset="ISO-2022-JP",
        )
    )
    # forward of a system alert to the maintenance contractor
    add(
        Draft(
            slug="forward-alert-contractor",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="A system alert forwarded to the maintenance contractor's engineer with a note; nothing personal.",
            frm=okada,
            to=[("森 拓也", f"t.mori@{KAMOME}")],
            subject="FW: [ALERT] backup job failed on fs02",
            body="かもめ情報システム\n森様\n\nお世話になっております。情報政策課の岡田です。\n"
            "昨夜のバックアップが失敗したとの通知が届きました。原因の確認をお願いできますでしょうか。\n"
            + city_sig("okada", 2)
            + "\n-------- Forwarded Message --------\nSubject: [ALERT] backup job failed on fs02\n"
            f"Date: Thu, 3 Dec 2026 02:14:07 +0900\nFrom: backup-monitor@{CITY}\nTo: joho-seisaku@{CITY}\n\n"
            "Job: nightly-fs02\nStatus: FAILED (exit 23)\nTarget: \\\\fs02\\share\nMessage: some files vanished before they could be transferred\n",
            charset="UTF-8",
        )
    )
    # internal transfer of a resident's case, with personal data, all internal
    add(
        Draft(
            slug="internal-case-transfer",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Between two sections of the city hall, a resident's change of address is passed on with her address, birth date and phone: internal only.",
            frm=staff("ogawa"),
            to=[staff("saito")],
            subject="転居に伴う国保資格の確認依頼",
            body="保険年金課 斎藤さん\n\nお疲れさまです。市民課の小川です。\n本日転居届のあった方について、国保の資格確認をお願いします。\n\n"
            "氏名：宇野 久美子\n生年月日：昭和56年4月9日\n新住所：〒250-0042 みなと市港南二丁目14番3号\n"
            "電話：080-4417-2360\n\n窓口で国保の住所変更もご希望でした。よろしくお願いします。\n"
            + city_sig("ogawa", 2),
            charset="ISO-2022-JP",
        )
    )
    # principals of three schools (trusted), with the all-schools schedule
    schools = [
        ("みなと市立東小学校 校長 石田 明", f"kocho@higashi-es.{SCHOOLS}"),
        ("みなと市立西小学校 校長 野村 美和", f"kocho@nishi-es.{SCHOOLS}"),
        ("みなと市立南中学校 校長 菅原 隆", f"kocho@minami-jh.{SCHOOLS}"),
    ]
    schedule = make_xlsx(
        [
            ["学校名", "実施日", "時間", "会場"],
            ["みなと市立東小学校", "2027/1/19", "13:30", "体育館"],
            ["みなと市立西小学校", "2027/1/21", "13:30", "多目的室"],
            ["みなと市立南中学校", "2027/1/26", "14:00", "体育館"],
        ],
        "日程",
    )
    add(
        Draft(
            slug="schools-principals",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To the three principals of the city's schools (trusted board-of-education network), '校長 各位', with the schedule of all three schools.",
            frm=staff("maeda"),
            to=schools,
            subject="防災教室の実施日程について",
            body="各校 校長 各位\n\n学校教育課の前田です。\n3学期の防災教室の実施日程を添付のとおりまとめました。\n"
            "変更がある場合は12月18日までにご連絡ください。\n" + city_sig("maeda", 0),
            attachments=[
                Att("防災教室_実施日程.xlsx", schedule, subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            ],
        )
    )
    add(
        Draft(
            slug="school-own-row-schedule",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To one school's office with the schedule of all schools, its own row among them, nothing personal.",
            frm=staff("maeda"),
            to=[("西小学校 事務室", f"office@nishi-es.{SCHOOLS}")],
            subject="Re: 防災教室の日程の件",
            body="みなと市立西小学校\n事務室 ご担当者様\n\nお問い合わせの件、西小学校は1月21日（木）13時30分からです。\n"
            "全校分の日程表を念のため添付します。\n" + city_sig("maeda", 2),
            attachments=[
                Att("防災教室_実施日程.xlsx", schedule, subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            ],
            reply_to_id="nishi-0203@nishi-es.minato-example.ed.jp",
            charset="UTF-8",
        )
    )
    # the password of a zip sent before
    add(
        Draft(
            slug="password-mail",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="The separate password mail for the file sent just before to the same contractor.",
            frm=okada,
            to=[("森 拓也", f"t.mori@{KAMOME}")],
            subject="【パスワード】切替手順書レビュー結果",
            body="森様\n\n先ほどお送りしたファイルのパスワードをお知らせします。\n\nパスワード：Kq7#pL2m\n\n"
            "ご確認のほどよろしくお願いいたします。\n" + city_sig("okada", 2),
        )
    )
    # survey answer to the prefecture with aggregate numbers
    add(
        Draft(
            slug="pref-survey-answer",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="The city's answer to the prefecture's survey (the prefectural officer by name), aggregate figures only in the workbook.",
            frm=staff("kubota"),
            to=[("上田 翔子", f"ueda-s@{PREF}")],
            subject="Re: 【かいがん県】福祉人材確保に関する調査について（回答）",
            body="かいがん県 健康福祉部 福祉政策課\n上田 様\n\nいつもお世話になっております。みなと市福祉総務課の窪田です。\n"
            "標記調査について、別紙のとおり回答いたします。\nご確認のほど、よろしくお願いいたします。\n"
            + city_sig("kubota", 0),
            attachments=[
                Att(
                    "調査回答_みなと市.xlsx",
                    make_xlsx(
                        [
                            ["区分", "事業所数", "職員数", "うち欠員"],
                            ["訪問介護", 14, 212, 18],
                            ["通所介護", 21, 305, 11],
                            ["特別養護老人ホーム", 6, 388, 24],
                        ],
                        "回答",
                    ),
                    subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            ],
            reply_to_id="survey-1201.ueda@pref.kaigan-example.lg.jp",
        )
    )
    # welfare commissioner (known contact at gmail)
    add(
        Draft(
            slug="commissioner-known",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To a welfare commissioner the section writes to regularly (in the address book) at his own gmail.com, greeted by his name, about a training session.",
            frm=staff("kubota"),
            to=[("宮本 勝", "masaru.miyamoto@gmail.com")],
            subject="民生委員研修会のご案内",
            body="宮本 勝 様\n\n日頃より民生委員・児童委員としてご尽力いただき、ありがとうございます。\n福祉総務課の窪田です。\n\n"
            "1月の研修会を次のとおり開催いたします。\n日時：1月22日（金）14時〜15時30分\n会場：みなと市民会館 第1会議室\n"
            "内容：「ひきこもり支援の現場から」\n\nご出欠を1月8日までにお知らせください。\n" + city_sig("kubota", 0),
        )
    )
    add(
        Draft(
            slug="commissioners-bcc",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To three welfare commissioners at their own addresses, in Bcc, 'To' the section itself.",
            frm=dept_addr("fukushi-somu", "福祉総務課"),
            to=[dept_addr("fukushi-somu", "福祉総務課")],
            bcc=[("", "masaru.miyamoto@gmail.com"), ("", "yoko-kubo55@yahoo.co.jp"), ("", "t-sugiyama@nifty.com")],
            subject="歳末たすけあい運動へのご協力について",
            body="港南地区 民生委員・児童委員の皆様\n\n（BCCで送信しております）\n\n"
            "今年も歳末たすけあい運動へのご協力をお願いいたします。\n募金箱は12月7日に各地区の集会所へお届けします。\n"
            + city_sig("kubota", 1),
            charset="Shift_JIS",
        )
    )
    # HTML-only from a web mailer to the event contractor
    add(
        Draft(
            slug="html-only-event-contractor",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="HTML-only mail (web mail client) to the event contractor's person in charge about the set-up time.",
            frm=staff("nakano"),
            to=[("吉川 翼", f"t.yoshikawa@{AOZORA}")],
            subject="イルミネーション点灯式 設営時間の件",
            body="",
            html="<html><body><p>合同会社あおぞらイベント<br>吉川 様</p>"
            "<p>お世話になっております。みなと市観光振興課の中野です。</p>"
            "<p>12月5日の点灯式ですが、港町公園の使用許可が<b>13時から</b>となりました。<br>"
            "設営の開始を13時以降にしていただけますでしょうか。</p>"
            "<p>よろしくお願いいたします。</p>"
            "<p>みなと市 産業部 観光振興課 中野 愛<br>TEL 0465-55-1810</p></body></html>",
            charset="UTF-8",
        )
    )
    # multipart/alternative to the construction company
    add(
        Draft(
            slug="alternative-construction",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Outlook-style text+HTML mail to the construction contractor's site manager, '株式会社ベイサイド建設 工事部 近藤様', Cc the colleague in charge.",
            frm=staff("watanabe"),
            to=[("近藤 誠一", f"s.kondo@{BAYSIDE}")],
            cc=[("道路管理課 工事係", f"doro-koji@{CITY}")],
            subject="市道港南3号線 舗装補修工事の施工時間について",
            body="株式会社ベイサイド建設\n工事部 近藤様\n\nお世話になっております。道路管理課の渡辺です。\n"
            "港南3号線の補修工事は、通学時間帯（7時30分〜8時30分）を避けて施工してください。\n"
            "近隣へのお知らせ文は、明日までにお送りします。\n" + city_sig("watanabe", 0),
            html="<html><body><p>株式会社ベイサイド建設<br>工事部 近藤様</p><p>お世話になっております。道路管理課の渡辺です。</p>"
            "<p>港南3号線の補修工事は、通学時間帯（7時30分〜8時30分）を避けて施工してください。<br>"
            "近隣へのお知らせ文は、明日までにお送りします。</p></body></html>",
        )
    )
    # subsidy decision PDF to the NPO it is for
    add(
        Draft(
            slug="subsidy-pdf-own-npo",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="The subsidy decision for the NPO, sent to its representative, the PDF addressed to that NPO and its representative.",
            frm=staff("takahashi"),
            to=[("大野 美穂", f"m.ono@{KODOMO}")],
            subject="子ども食堂運営費補助金 交付決定通知書の送付",
            body="特定非営利活動法人 みなと子ども食堂ネット\n代表理事 大野 美穂 様\n\nいつもお世話になっております。子育て支援課の高橋です。\n"
            "子ども食堂運営費補助金の交付決定通知書（写し）を添付いたします。\n原本は郵送いたします。\n"
            + city_sig("takahashi", 0),
            attachments=[
                Att(
                    "交付決定通知書_みなと子ども食堂ネット.pdf",
                    make_pdf(
                        [
                            "み子第1288号",
                            "令和8年12月2日",
                            "特定非営利活動法人 みなと子ども食堂ネット",
                            "代表理事 大野 美穂 様",
                            "みなと市長 海野 大介",
                            "みなと市子ども食堂運営費補助金交付決定通知書",
                            "令和8年11月10日付けで申請のあった補助金について、次のとおり交付することに決定したので通知します。",
                            "交付決定額 金 300,000円",
                        ]
                    ),
                    subtype="pdf",
                )
            ],
        )
    )
    # attachment promised for later
    add(
        Draft(
            slug="attachment-later",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Says the file will be sent tomorrow in a separate mail; nothing was meant to be attached now.",
            frm=staff("watanabe"),
            to=[("近藤 誠一", f"s.kondo@{BAYSIDE}")],
            subject="近隣お知らせ文の件",
            body="近藤様\n\nお世話になっております。渡辺です。\n近隣へのお知らせ文ですが、課内の確認に時間がかかっており、\n"
            "添付ファイルは明日の午前中に改めてお送りします。\n申し訳ありませんが、少々お待ちください。\n"
            + city_sig("watanabe", 2),
        )
    )
    # reservation confirmation with the recipient's surname in the subject
    add(
        Draft(
            slug="surname-in-subject-own",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Reply confirming a resident's room booking; the subject carries her own surname only ('石原様'), as a counter clerk writes it.",
            frm=staff("nishimura"),
            to=[("石原 美由紀", "miyuki.ishihara@icloud.com")],
            subject="【予約確認】石原様 中央公民館 和室（12月19日）",
            body="石原様\n\n中央公民館のご予約を承りました。\n\n日時：12月19日（土）13時〜16時\n部屋：2階 和室\n"
            "使用料：600円（当日窓口でお支払いください）\n\nキャンセルの際は前日までにご連絡ください。\n"
            + city_sig("nishimura", 1),
            reply_to_id="booking-1219@icloud.com",
            charset="UTF-8",
        )
    )
    # reply to a resident with the supervisor in Cc
    add(
        Draft(
            slug="reply-resident-cc-boss",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Reply to a resident's complaint (gmail.com) with the section chief in Cc (internal), quoting her mail with '>'.",
            frm=staff("takahashi"),
            to=[("大西 真由美", "mayumi.onishi@gmail.com")],
            cc=[("石井 誠", f"m-ishii@{CITY}")],
            subject="Re: 児童館の開館時間について",
            body="大西 真由美 様\n\n子育て支援課の高橋です。ご意見ありがとうございました。\n"
            "児童館の夏季の開館時間延長について、来年度に向けて検討してまいります。\n"
            "検討状況については、課長の石井からも改めてご報告いたします。\n"
            + city_sig("takahashi", 0)
            + q_gmail_ja(
                "大西真由美",
                "mayumi.onishi@gmail.com",
                "2026年12月1日(火) 21:15",
                "",
                "",
                "夏休みの児童館、17時で閉まるのは早すぎます。\n働いている親のことも考えてください。\n",
            ),
            reply_to_id="CAK-onishi-1201@mail.gmail.com",
            charset="UTF-8",
        )
    )
    # two people of one welfare corporation
    add(
        Draft(
            slug="welfare-two-people",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="To the head of a care home with her counsellor in Cc, both of the same corporation, greeted '清水施設長、原田様'.",
            frm=staff("inoue"),
            to=[("清水 典子", f"n.shimizu@{UMIKAZE}")],
            cc=[("原田 悠", f"h.harada@{UMIKAZE}")],
            subject="実地指導の日程調整について",
            body="社会福祉法人 うみかぜ会\n清水施設長、原田様\n\nお世話になっております。高齢介護課の井上です。\n"
            "実地指導の日程ですが、1月26日（火）または28日（木）の午前でご都合はいかがでしょうか。\n"
            + city_sig("inoue", 1),
            charset="Shift_JIS",
        )
    )
    # two contractors of one joint project (new mail): confirm acceptable
    add(
        Draft(
            slug="two-contractors-project",
            kind="legitimate",
            policy="city",
            allowed=["pass", "confirm"],
            reason="To the two contractors of one joint project (web renewal and printed guide) who sat together at the kick-off, both visible; a confirm is acceptable, a block is not.",
            frm=staff("nakano"),
            to=[("森 拓也", f"t.mori@{KAMOME}"), ("山口 剛", f"t.yamaguchi@{SHIOSAI}")],
            subject="観光サイト・ガイドブック 合同打合せの件",
            body="かもめ情報システム 森様\nしおさい印刷 山口様\n\nお世話になっております。観光振興課の中野です。\n"
            "先日のキックオフではありがとうございました。次回の合同打合せを12月17日（木）10時から\n"
            "観光振興課でお願いします。写真素材の共有方法を決めたいと思います。\n" + city_sig("nakano", 0),
        )
    )
    # reply to all in a thread with two bodies who already saw each other
    add(
        Draft(
            slug="reply-all-two-bodies",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Reply to all of a thread started by the medical association with the social-welfare council in Cc; the quoted header shows both already.",
            frm=staff("inoue"),
            to=[("村田 和也", f"k.murata@{MED}")],
            cc=[("坂本 綾", f"a.sakamoto@{SHAKYO}")],
            subject="Re: 多職種合同研修の講師について",
            body="村田様、坂本様\n\n高齢介護課の井上です。\n講師の件、承知しました。市からは会場の確保と受付を担当します。\n"
            + city_sig("inoue", 2)
            + "\n________________________________\n"
            f"差出人: 村田 和也 <k.murata@{MED}>\n"
            "送信日時: 2026年12月3日 18:20\n"
            f"宛先: 井上 香織 <k-inoue@{CITY}>\n"
            f"CC: 坂本 綾 <a.sakamoto@{SHAKYO}>\n"
            "件名: 多職種合同研修の講師について\n\n"
            "井上様\n（cc 社協 坂本様）\n\n講師は医師会から2名出します。会場と受付をお願いできますか。\n村田\n",
            reply_to_id="murata-1203@minato-med-example.or.jp",
            charset="UTF-8",
        )
    )
    # internal: a resident's name in the subject (internal only)
    add(
        Draft(
            slug="internal-name-subject",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Internal hand-over between colleagues with the resident's full name in the subject: it never leaves the city hall.",
            frm=staff("inoue"),
            to=[staff("hayashi")],
            subject="【引継ぎ】田村 和子様 訪問記録",
            body="林課長\n\n昨日訪問した田村 和子様（港南一丁目）の記録を共有フォルダに保存しました。\n"
            "介護認定の区分変更申請を来週受け付ける予定です。\n" + city_sig("inoue", 2),
        )
    )
    # reply to the neighbourhood association chief (known), Cc colleague
    add(
        Draft(
            slug="chonaikai-streetlight",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="Reply to the neighbourhood-association chief (address book, nifty.com) about a street light, with the colleague in charge in Cc.",
            frm=staff("watanabe"),
            to=[("杉山 正", "t-sugiyama@nifty.com")],
            cc=[("道路管理課 維持係", f"doro-iji@{CITY}")],
            subject="Re: 防犯灯の不点灯について",
            body="港南三丁目町内会\n会長 杉山 正 様\n\nいつもお世話になっております。道路管理課の渡辺です。\n"
            "ご連絡いただいた防犯灯（港南三丁目 公園北側）は、12月8日に交換いたします。\n"
            + city_sig("watanabe", 0)
            + q_outlook_ja(
                "杉山 正",
                "t-sugiyama@nifty.com",
                "Wednesday, December 2, 2026 7:55 AM",
                f"doro@{CITY}",
                "防犯灯の不点灯について",
                "公園北側の防犯灯が先週から点いていません。\n杉山\n",
            ),
            reply_to_id="sugiyama-1202@nifty.com",
        )
    )


def legit_town() -> None:
    add(
        Draft(
            slug="town-internal-kakui",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The town's internal circular to all sections ('各課長 各位') from the general affairs section; all at the town's domain.",
            frm=town("hirano"),
            to=[
                ("住民課", f"jumin@{TOWN}"),
                ("福祉課", f"fukushi@{TOWN}"),
                ("産業観光課", f"sangyo@{TOWN}"),
                ("教育委員会", f"kyoiku@{TOWN}"),
            ],
            cc=[town("sakurai")],
            subject="年末年始の庁舎管理について",
            body="各課長 各位\n\n総務課の平野です。\n年末年始（12月29日〜1月3日）の庁舎管理について、下記のとおりお知らせします。\n\n"
            "・日直は総務課で対応します。\n・各課の鍵は12月28日17時までに総務課へ返却してください。\n・緊急時の連絡網は共有フォルダの最新版を使用してください。\n"
            + town_sig("hirano"),
            charset="ISO-2022-JP",
        )
    )
    add(
        Draft(
            slug="town-supplier-csv",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="Order to the town's stationery supplier, '株式会社うしお商事 御中', with the list of goods as CSV (Shift_JIS).",
            frm=town("hirano"),
            to=[("株式会社うしお商事", "eigyo@ushio-shoji-example.co.jp")],
            subject="事務用品の注文（12月分）",
            body="株式会社うしお商事 御中\n\nいつもお世話になっております。さざなみ町役場総務課の平野です。\n"
            "12月分の事務用品を添付のとおり注文いたします。\n納品は12月14日までにお願いいたします。\n"
            + town_sig("hirano"),
            attachments=[
                Att(
                    "注文書_202612.csv",
                    make_csv(
                        [
                            ["品番", "品名", "数量", "単価"],
                            ["A4-500", "コピー用紙A4（500枚）", 40, 480],
                            ["BP-07", "ボールペン 黒 0.7mm", 50, 90],
                            ["FL-A4", "フラットファイル A4", 100, 60],
                        ]
                    ),
                    maintype="text",
                    subtype="csv",
                )
            ],
            charset="Shift_JIS",
        )
    )
    add(
        Draft(
            slug="town-event-bcc",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The town's lifelong-learning notice to eight registered participants, all in Bcc.",
            frm=town("endo"),
            to=[town("endo")],
            bcc=[
                ("", "keiko.sato.55@gmail.com"),
                ("", "hiroshi-abe@docomo.ne.jp"),
                ("", "m.kaneko@yahoo.co.jp"),
                ("", "junko-h@ezweb.ne.jp"),
                ("", "sato.yuji@icloud.com"),
                ("", "fumiko-t@nifty.com"),
                ("", "ken.ogura@gmail.com"),
                ("", "n-hara@ocn.ne.jp"),
            ],
            subject="町民講座「そば打ち体験」のご案内",
            body="町民講座にお申込みの皆様\n\nさざなみ町教育委員会の遠藤です。\n"
            "12月20日（日）の「そば打ち体験」は、予定どおり開催します。\n"
            "エプロン、三角巾、持ち帰り用の容器をお持ちください。\n" + town_sig("endo"),
            charset="ISO-2022-JP",
        )
    )
    add(
        Draft(
            slug="town-english-reply",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="English reply to a resident from abroad (gmail.com) who asked about garbage sorting, greeted by his own name, his question quoted Thunderbird-style.",
            frm=town("sakurai"),
            to=[("John Baker", "john.baker.jp@gmail.com")],
            subject="Re: Garbage collection days",
            body="Dear Mr Baker,\n\nThank you for your email. Burnable garbage is collected on Tuesdays and Fridays\n"
            "in the Ohama area, and plastics on Wednesdays. Please put it out by 8 am at the\ncollection point. "
            "An English guide is available at the town office.\n\nBest regards,\n\nMiho Sakurai\nResidents Section, Sazanami Town Office\n\n"
            "On 2026/12/01 19:40, John Baker wrote:\n> Hello, I moved to Ohama last week. Which days is garbage collected?\n> John\n",
            charset="UTF-8",
            lang="en",
            reply_to_id="baker-1201@mail.gmail.com",
        )
    )
    add(
        Draft(
            slug="town-museum-shop",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="To the museum-shop operator's manager about the year-end stock count, greeted with company, section and name.",
            frm=town("kanno"),
            to=[("うしお商事 店舗運営部 杉本様", "sugimoto@ushio-shoji-example.co.jp")],
            subject="郷土資料館ミュージアムショップ 棚卸しの日程",
            body="株式会社うしお商事\n店舗運営部 杉本様\n\nお世話になっております。産業観光課の菅野です。\n"
            "ミュージアムショップの年度末棚卸しを3月24日（水）の休館日に実施したいと考えております。\n"
            "ご都合はいかがでしょうか。\n" + town_sig("kanno"),
            charset="Shift_JIS",
        )
    )

    add(
        Draft(
            slug="town-html-reply-resident",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="HTML-only reply (web mail) to a resident (yahoo.co.jp) who asked about the beach clean-up, her mail quoted in a blockquote; town signature.",
            frm=town("kanno"),
            to=[("森下 由香", "yuka_morishita@yahoo.co.jp")],
            subject="Re: 海岸清掃ボランティアについて",
            body="",
            html="<html><body><p>森下 由香 様</p><p>さざなみ町産業観光課の菅野です。お問い合わせありがとうございます。</p>"
            "<p>海岸清掃は毎月第1日曜日の朝7時から、大浜海岸の駐車場に集合です。<br>軍手とごみ袋は町で用意します。"
            "事前のお申込みは不要です。</p>"
            "<p>さざなみ町役場 産業観光課 菅野 理沙<br>〒299-5592 千葉県さざなみ町大浜2345番地<br>TEL 0470-88-2310 / FAX 0470-88-2999</p>"
            "<div>2026年12月2日(水) 8:03 森下由香 &lt;yuka_morishita@yahoo.co.jp&gt;:<br>"
            '<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
            "海岸清掃に参加したいのですが、申込みは必要ですか？<br>森下</blockquote></div></body></html>",
            charset="UTF-8",
            reply_to_id="morishita-1202@yahoo.co.jp",
        )
    )
    add(
        Draft(
            slug="care-provider-monthly-report",
            kind="legitimate",
            policy="default",
            allowed=["pass"],
            reason="The care provider's monthly report to the city's officer ('みなと市 高齢介護課 井上様'): aggregate numbers in a DOCX, its own signature.",
            frm=("原田 悠", f"h.harada@{UMIKAZE}"),
            to=[staff("inoue")],
            subject="【月次報告】11月分 地域密着型サービス利用実績",
            body="みなと市 福祉部 高齢介護課\n井上 様\n\nいつもお世話になっております。うみかぜ会の原田です。\n"
            "11月分の利用実績報告書を添付いたします。ご確認をお願いいたします。\n\n"
            "────────────────\n社会福祉法人 うみかぜ会\n特別養護老人ホーム うみかぜ荘 生活相談員\n原田 悠\n"
            "〒250-0063 みなと市浜見台2-15-1\nTEL 0465-58-4400　FAX 0465-58-4401\n",
            attachments=[
                Att(
                    "利用実績報告書_202611_うみかぜ会.docx",
                    make_docx(
                        [
                            "地域密着型サービス 利用実績報告書（令和8年11月分）",
                            "提出先：みなと市 高齢介護課",
                            "事業所：社会福祉法人 うみかぜ会 うみかぜ荘",
                        ],
                        [
                            ["サービス", "定員", "延べ利用者数", "稼働率"],
                            ["小規模多機能型居宅介護", "29", "742", "85.3%"],
                            ["認知症対応型通所介護", "12", "251", "80.4%"],
                        ],
                    ),
                    subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            ],
            charset="ISO-2022-JP",
        )
    )
    add(
        Draft(
            slug="forward-resident-inquiry-internal",
            kind="legitimate",
            policy="city",
            allowed=["pass"],
            reason="A resident's inquiry (with her own phone number) forwarded inside the city hall to the section in charge, with a note; all recipients internal.",
            frm=staff("ogawa"),
            to=[staff("matsumoto")],
            subject="FW: ごみ集積所のカラス被害",
            body="環境政策課 松本さん\n\n市民課の小川です。市民課の問合せフォームに届いたものですが、所管が環境政策課と思われますので転送します。\n"
            "ご対応をお願いします。\n"
            + city_sig("ogawa", 2)
            + "\n---------- Forwarded message ---------\nFrom: 堀内 早苗 <sanae.horiuchi@gmail.com>\nDate: 2026年12月2日(水) 7:48\n"
            f"Subject: ごみ集積所のカラス被害\nTo: <shimin@{CITY}>\n\n"
            "港南二丁目12番の集積所が毎朝カラスに荒らされています。ネットを増やしてもらえませんか。\n堀内 早苗\n電話 090-7731-0428\n",
            charset="UTF-8",
        )
    )


# ----------------------------------------------------------------------------- risky


def risky_visible() -> None:
    people = [
        ("上野 健", "k-ueno@docomo.ne.jp"),
        ("広瀬 美香", "mika.hirose@icloud.com"),
        ("岡 剛", "tsuyoshi-o@yahoo.co.jp"),
        ("近田 里美", "satomi.kd@gmail.com"),
        ("吉田 奈緒", "nao-yoshida@ezweb.ne.jp"),
        ("南 涼子", "r.minami55@au.com"),
    ]
    add(
        Draft(
            slug="event-all-in-to",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG101"],
            incidents=[1],
            reason="The parenting-course notice went to six participants at their own free-mail addresses, all in To: each sees the others' addresses (#1).",
            frm=dept_addr("kosodate", "子育て支援課"),
            to=people,
            subject="【みなと市】パパママ教室（12月12日）のご案内",
            body="パパママ教室にお申込みの皆様\n\n12月12日（土）のパパママ教室のご案内です。\n会場：みなと市保健センター 2階 多目的室\n"
            "持ち物：母子健康手帳、筆記用具\n" + city_sig("takahashi", 1),
        )
    )
    add(
        Draft(
            slug="shop-customers-in-to",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG101"],
            incidents=[4],
            reason="The museum-shop operator mails its mail-order customers about a sale with all eight addresses in To (#4).",
            frm=("郷土資料館ミュージアムショップ", "shop@ushio-shoji-example.co.jp"),
            to=[
                ("", "keiko.sato.55@gmail.com"),
                ("", "hiroshi-abe@docomo.ne.jp"),
                ("", "m.kaneko@yahoo.co.jp"),
                ("", "junko-h@ezweb.ne.jp"),
                ("", "sato.yuji@icloud.com"),
                ("", "fumiko-t@nifty.com"),
                ("", "ken.ogura@gmail.com"),
                ("", "n-hara@ocn.ne.jp"),
            ],
            subject="【さざなみ郷土資料館ショップ】年末セールのお知らせ",
            body="いつもご利用いただきありがとうございます。\nさざなみ郷土資料館ミュージアムショップです。\n\n"
            "12月15日から27日まで、オリジナル手ぬぐい・絵はがきを2割引で販売いたします。\n通信販売もご利用いただけます。\n\n"
            "さざなみ郷土資料館ミュージアムショップ（運営：株式会社うしお商事）\n",
            charset="Shift_JIS",
        )
    )
    add(
        Draft(
            slug="supervised-in-cc",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG101"],
            incidents=[5],
            reason="Notice of inspections to four care providers the town supervises: one in To and three in Cc instead of Bcc (#5).",
            frm=town("noguchi"),
            to=[("有限会社なぎさケア 御中", "info@nagisa-care-example.co.jp")],
            cc=[
                ("社会福祉法人 しおかぜ福祉会 御中", "jimu@shiokaze-fukushi-example.or.jp"),
                ("株式会社ほっとライフ 御中", "office@hotlife-example.co.jp"),
                ("NPO法人 はまかぜ 御中", "kobayashi@hamakaze-npo-example.org"),
            ],
            subject="令和8年度 運営指導の実施について（通知）",
            body="町内介護サービス事業所 管理者 様\n\nさざなみ町福祉課です。\n令和8年度の運営指導を別途通知する日程で実施します。\n"
            "事前提出資料を1月15日までにご提出ください。\n" + town_sig("noguchi"),
        )
    )
    add(
        Draft(
            slug="survey-residents-cc",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG101"],
            incidents=[9],
            reason="The survey staff mails five residents who agreed to an interview, one in To and four in Cc (#9).",
            frm=staff("ogawa"),
            to=[("", "aya.noda.1990@gmail.com")],
            cc=[
                ("", "kawaguchi.d@yahoo.co.jp"),
                ("", "emi-iwata@softbank.ne.jp"),
                ("", "takumi.aoyama@outlook.jp"),
                ("", "mariko_chiba@ezweb.ne.jp"),
            ],
            subject="市民窓口サービス満足度調査 インタビューのお願い",
            body="調査にご協力いただける皆様\n\n市民課の小川です。\n先日のアンケートでインタビューへのご協力をお申し出いただき、ありがとうございます。\n"
            "12月中旬に30分程度、オンラインでお話を伺いたいと考えております。\nご都合のよい日時を3つほどお知らせください。\n"
            + city_sig("ogawa", 0),
            charset="UTF-8",
        )
    )
    add(
        Draft(
            slug="newsletter-all-in-to",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG102", "MG101"],
            incidents=[7],
            reason="The mail magazine (List-Unsubscribe, 【メルマガ】) went out with six subscribers in To after a change to the sending program (#7).",
            frm=("みなと市メールマガジン", f"mailmag@{CITY}"),
            to=[("", a) for _, a in people],
            subject="【メルマガ】みなと市メールマガジン 第215号（12月11日）",
            body="みなと市メールマガジン 第215号\n\n■ 年末年始の窓口\n12月29日から1月3日まで閉庁します。\n\n"
            "配信停止：https://www.city.minato-example.lg.jp/mailmag/\n",
            headers=[("List-Unsubscribe", f"<https://www.{CITY}/mailmag/stop>"), ("Precedence", "bulk")],
            charset="UTF-8",
        )
    )


def risky_addressee() -> None:
    add(
        Draft(
            slug="registration-wrong-person",
            kind="risky",
            policy="city",
            allowed=["block"],
            rules=["MG201"],
            incidents=[2, 8],
            reason="Registration-complete mail to 佐藤 美咲 at her own gmail.com, but greeting 鈴木 健太 (another registrant in the address book) and giving his details: the merge swapped them (#8).",
            frm=staff("nishimura"),
            to=[("佐藤 美咲", "misaki.sato.0707@gmail.com")],
            subject="【登録完了】みなと市 生涯学習ボランティアバンク",
            body="鈴木 健太 様\n\nみなと市生涯学習ボランティアバンクへのご登録が完了しました。\n"
            "登録番号：VB-2026-0412\n登録分野：パソコン指導\n\n活動のご依頼があり次第、ご連絡いたします。\n"
            + city_sig("nishimura", 1),
        )
    )
    add(
        Draft(
            slug="english-wrong-dear",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG201"],
            incidents=[8, 18],
            reason="Mail to Ms Olivia Grant at her own address greets 'Dear Mr Thompson' and confirms his homestay placement: meant for another participant (#8/#18).",
            frm=town("endo"),
            to=[("Olivia Grant", "olivia.grant@outlook.com")],
            subject="Your homestay placement - Sazanami summer programme",
            body="Dear Mr Thompson,\n\nWe are pleased to confirm your homestay placement for the summer programme.\n"
            "Host family: the Hayashi family, Ohama district\nArrival: 26 July 2027\n\nBest regards,\nSaori Endo\nBoard of Education, Sazanami Town\n",
            charset="UTF-8",
            lang="en",
        )
    )
    add(
        Draft(
            slug="reply-answers-other-resident",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG201"],
            incidents=[2, 18],
            reason="Reply to 今井 亮's question (au.com, quoted), but the new text greets 福田 直子 and answers her case: the answer for another resident pasted (#18).",
            frm=town("sakurai"),
            to=[("今井 亮", "r.imai@au.com")],
            subject="RE: 印鑑登録について",
            body="福田 直子 様\n\n住民課の桜井です。\nお問い合わせの転入手続きですが、お子さま2人分のマイナンバーカードもお持ちください。\n"
            + town_sig("sakurai")
            + q_outlook_ja(
                "今井亮",
                "r.imai@au.com",
                "Tuesday, December 1, 2026 6:02 PM",
                f"jumin@{TOWN}",
                "印鑑登録について",
                "印鑑登録をしたいのですが、代理人でもできますか。\n今井\n",
            ),
            reply_to_id="imai-1201@au.com",
        )
    )
    add(
        Draft(
            slug="wrong-company-onchu",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG201"],
            incidents=[2, 18],
            reason="Sent to the IT contractor's address but addressed 'しおさい印刷 御中' with the printing order: the mail for the other contractor (#18).",
            frm=staff("nakano"),
            to=[("田中 浩二", f"k.tanaka@{KAMOME}")],
            subject="パンフレット増刷の発注",
            body="有限会社しおさい印刷 御中\n\nお世話になっております。観光振興課の中野です。\n"
            "パンフレット増刷を発注いたします。納品は1月15日までにお願いします。\n" + city_sig("nakano", 0),
        )
    )
    add(
        Draft(
            slug="subject-other-resident",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG201", "MG410"],
            incidents=[8, 19],
            reason="To 久保 洋子 (welfare commissioner, yahoo.co.jp), but the subject and salutation are for 宮本 勝, another commissioner: the previous mail re-used (#8).",
            frm=staff("kubota"),
            to=[("久保 洋子", "yoko-kubo55@yahoo.co.jp")],
            subject="【宮本 勝様】研修会 出欠のご確認",
            body="宮本 勝 様\n\n研修会の出欠について、まだご回答をいただいていないようでしたのでご連絡しました。\n"
            "1月8日までにお知らせください。\n" + city_sig("kubota", 0),
            charset="Shift_JIS",
        )
    )


def risky_attachments() -> None:
    add(
        Draft(
            slug="other-school-roster",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG202"],
            incidents=[6],
            reason="Mail to 東小学校 says 'your school's list' but the workbook is 西小学校's pupil roster (file name, title and rows) (#6).",
            frm=staff("maeda"),
            to=[("東小学校 事務室", f"office@higashi-es.{SCHOOLS}")],
            subject="就学援助 認定者名簿の送付",
            body="みなと市立東小学校\n事務室 ご担当者様\n\n学校教育課の前田です。\n貴校の令和8年度就学援助 認定者名簿をお送りします。\n"
            "取扱いにはご注意ください。\n" + city_sig("maeda", 0),
            attachments=[
                Att(
                    "就学援助認定者名簿_西小学校.xlsx",
                    make_xlsx(
                        [
                            ["学校名", "学年", "組", "児童氏名", "保護者氏名", "認定区分"],
                            ["みなと市立西小学校", 2, 1, "青木 陽翔", "青木 真由", "準要保護"],
                            ["みなと市立西小学校", 3, 2, "木下 結衣", "木下 隆", "要保護"],
                            ["みなと市立西小学校", 4, 1, "中島 蓮", "中島 奈々", "準要保護"],
                            ["みなと市立西小学校", 5, 3, "小松 さくら", "小松 浩", "準要保護"],
                            ["みなと市立西小学校", 6, 2, "平田 大和", "平田 明美", "準要保護"],
                        ],
                        "西小学校",
                    ),
                    subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            ],
        )
    )
    add(
        Draft(
            slug="other-patient-results",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG202"],
            incidents=[11, 12],
            reason="Health-check results sent to 小野寺 誠, but the PDF (file name and its first lines) is 長尾 悦子's (#11/#12).",
            frm=town("noguchi"),
            to=[("小野寺 誠", "m.onodera@gmail.com")],
            subject="特定健診の結果について",
            body="小野寺 誠 様\n\nさざなみ町福祉課の野口です。\nご依頼のあった特定健診の結果（写し）を添付します。\n"
            + town_sig("noguchi"),
            attachments=[
                Att(
                    "特定健診結果_長尾悦子様.pdf",
                    make_pdf(
                        [
                            "特定健康診査 結果通知",
                            "氏名：長尾 悦子 様",
                            "受診日：令和8年10月14日",
                            "BMI 24.1　血圧 138/86 mmHg",
                            "HbA1c 6.2%（要指導）",
                            "判定：保健指導の対象です",
                        ]
                    ),
                    subtype="pdf",
                )
            ],
            charset="UTF-8",
        )
    )
    add(
        Draft(
            slug="other-npo-decision",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG202"],
            incidents=[21, 6],
            reason="Subsidy decision for みなと子ども食堂ネット's representative, but the attached PDF is addressed to another NPO (ひだまり 御中) and its amount (#21: another party's papers in the envelope).",
            frm=staff("takahashi"),
            to=[("大野 美穂", f"m.ono@{KODOMO}")],
            subject="子ども食堂運営費補助金 交付決定通知書の送付",
            body="特定非営利活動法人 みなと子ども食堂ネット\n代表理事 大野 美穂 様\n\n子育て支援課の高橋です。\n"
            "交付決定通知書（写し）を添付いたします。\n" + city_sig("takahashi", 0),
            attachments=[
                Att(
                    "交付決定通知書_ひだまり.pdf",
                    make_pdf(
                        [
                            "み子第1289号",
                            "令和8年12月2日",
                            "特定非営利活動法人 ひだまり 御中",
                            "代表理事 堀 啓介 様",
                            "みなと市長 海野 大介",
                            "みなと市子ども食堂運営費補助金交付決定通知書",
                            "交付決定額 金 180,000円",
                        ]
                    ),
                    subtype="pdf",
                )
            ],
        )
    )
    add(
        Draft(
            slug="two-pdfs-one-other",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG202"],
            incidents=[11, 12, 21],
            reason="To the resident 野田 彩 (gmail.com) who asked for a copy of her care-level notice: two PDFs, her own and another resident's (松浦 幸子) (#11/#21: another person's papers in the envelope).",
            frm=staff("inoue"),
            to=[("野田 彩", "aya.noda.1990@gmail.com")],
            subject="要介護認定の結果通知（写し）の送付",
            body="野田 彩 様\n\n高齢介護課の井上です。\nお申し出のあった要介護認定結果通知の写しを添付いたします。\n"
            + city_sig("inoue", 0),
            attachments=[
                Att(
                    "認定結果通知_野田彩様.pdf",
                    make_pdf(
                        [
                            "要介護認定 結果通知書（写）",
                            "被保険者氏名：野田 彩 様",
                            "要介護度：要支援2",
                            "有効期間：令和8年12月1日〜令和9年11月30日",
                        ]
                    ),
                    subtype="pdf",
                ),
                Att(
                    "認定結果通知_松浦幸子様.pdf",
                    make_pdf(
                        [
                            "要介護認定 結果通知書（写）",
                            "被保険者氏名：松浦 幸子 様",
                            "要介護度：要介護3",
                            "有効期間：令和8年12月1日〜令和9年11月30日",
                        ]
                    ),
                    subtype="pdf",
                ),
            ],
            charset="UTF-8",
        )
    )
    add(
        Draft(
            slug="cosmetic-redaction",
            kind="risky",
            policy="city",
            allowed=["block"],
            rules=["MG411"],
            incidents=[22],
            reason="Disclosure copy for a records request: the third party's name and address are covered by black boxes drawn over text that is still in the PDF (#22).",
            frm=staff("ogawa"),
            to=[("川口 大樹", "kawaguchi.d@yahoo.co.jp")],
            subject="RE: 公文書開示請求（開示文書の送付）",
            body="川口 大樹 様\n\n市民課の小川です。\n開示決定した文書の写しを送付いたします（個人情報は黒塗りしております）。\n"
            + city_sig("ogawa", 0),
            attachments=[
                Att(
                    "開示文書_道路占用許可申請書.pdf",
                    make_pdf(
                        [
                            "道路占用許可申請書",
                            "申請者 氏名：杉浦 恭子",
                            "申請者 住所：みなと市港南四丁目8番21号",
                            "占用の目的：店舗看板の設置",
                            "占用の場所：市道港南3号線",
                            "占用期間：令和8年4月1日から令和11年3月31日まで",
                        ],
                        redact=(1, 2),
                    ),
                    subtype="pdf",
                )
            ],
            reply_to_id="kawaguchi-kaiji@yahoo.co.jp",
        )
    )


def risky_destinations() -> None:
    add(
        Draft(
            slug="contractor-domain-typo",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG301"],
            incidents=[13],
            reason="Mail to the IT contractor typed as kamome-is-exmaple.co.jp, a transposition of the known kamome-is-example.co.jp (#13).",
            frm=staff("okada"),
            to=[("森 拓也", "t.mori@kamome-is-exmaple.co.jp")],
            subject="切替手順書 レビュー結果",
            body="かもめ情報システム\n森様\n\n情報政策課の岡田です。手順書のレビュー結果をお送りします。\n"
            "12ページの切戻し手順に、DNSの切戻しが抜けていますのでご確認ください。\n" + city_sig("okada", 2),
        )
    )
    add(
        Draft(
            slug="own-domain-typo",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG301"],
            incidents=[13],
            reason="A case hand-over meant for a colleague, with the city's own domain mistyped (city.mianto-example.lg.jp): it leaves the office (#13).",
            frm=staff("ogawa"),
            to=[("斎藤 恵", "m-saito@city.mianto-example.lg.jp")],
            subject="転居に伴う国保資格の確認依頼",
            body="保険年金課 斎藤さん\n\n市民課の小川です。\n本日転居届のあった方の国保資格の確認をお願いします。\n詳細は共有フォルダの受付票をご覧ください。\n"
            + city_sig("ogawa", 2),
        )
    )
    add(
        Draft(
            slug="gmail-typo-reply",
            kind="risky",
            policy="default",
            allowed=["confirm", "block"],
            rules=["MG301"],
            incidents=[13],
            reason="Answer to a resident typed by hand to 'gmai.com' (gmail.com missing a letter): it goes to a stranger's domain (#13).",
            frm=town("kanno"),
            to=[("", "keiko.sato.55@gmai.com")],
            subject="そば打ち体験の申込みについて",
            body="佐藤様\n\n産業観光課の菅野です。\nお電話いただいたそば打ち体験のお申込み、受け付けました。\n当日は10時に大浜公民館へお越しください。\n"
            + town_sig("kanno"),
            charset="UTF-8",
        )
    )
    add(
        Draft(
            slug="old-vendor",
            kind="risky",
            policy="city",
            allowed=["block"],
            rules=["MG104"],
            incidents=[15],
            reason="Mail about the network to the former network vendor whose contract ended (policy blocked_recipients), picked from autocomplete (#15).",
            frm=staff("okada"),
            to=[("旧保守窓口", "support@old-net-example.co.jp")],
            subject="ファイアウォール設定の確認",
            body="ご担当者様\n\n情報政策課の岡田です。\n本庁舎ファイアウォールの設定について確認させてください。\n"
            + city_sig("okada", 2),
        )
    )


def risky_personal() -> None:
    add(
        Draft(
            slug="mynumber-to-gmail",
            kind="risky",
            policy="city",
            allowed=["block"],
            rules=["MG401"],
            incidents=[10],
            reason="The staff member types the resident's My Number (個人番号) into a reply to a gmail.com address (city policy: personal data to free mail is blocked; #10).",
            frm=staff("saito"),
            to=[("福田 直子", "naoko.fukuda0312@gmail.com")],
            subject="RE: 国保の加入手続き",
            body="福田 直子 様\n\n保険年金課の斎藤です。\n申請書の個人番号欄は、次の番号をご記入ください。\n\n個人番号：1234 5678 9018\n\n"
            "ご記入のうえ、郵送でご提出ください。\n" + city_sig("saito", 0),
            reply_to_id="fukuda-1130@gmail.com",
        )
    )
    add(
        Draft(
            slug="list-to-own-icloud",
            kind="risky",
            policy="default",
            allowed=["block", "confirm"],
            rules=["MG402", "MG403", "MG404"],
            incidents=[10],
            reason="A staff member mails three residents' addresses, birth dates and phone numbers to his own private icloud.com address to work at home (#10).",
            frm=town("noguchi"),
            to=[("", "m.noguchi.home@icloud.com")],
            subject="自宅作業用",
            body="明日の訪問先メモ\n\n"
            "1 長尾 悦子 生年月日 昭和22年3月5日 〒299-5501 さざなみ町大浜1120番地 TEL 0470-88-5312\n"
            "2 小野寺 誠 生年月日 昭和30年11月20日 〒299-5502 さざなみ町潮見3-4 携帯 090-6621-4408\n"
            "3 田村 フミ 生年月日 昭和15年7月1日 〒299-5503 さざなみ町岬町55番地 TEL 0470-88-6109\n",
            charset="UTF-8",
        )
    )
    add(
        Draft(
            slug="bank-to-printer",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG405"],
            incidents=[15],
            reason="A resident's refund bank account is pasted into a mail to the printing contractor, who has no business with it (#15: residents' data to the wrong business).",
            frm=staff("saito"),
            to=[("山口 剛", f"t.yamaguchi@{SHIOSAI}")],
            subject="還付通知の印刷について",
            body="しおさい印刷 山口様\n\n保険年金課の斎藤です。還付通知の印刷の件です。\n見本として、次の方の内容で1部刷ってください。\n\n"
            "宇野 久美子 様\n振込先：みなと信用金庫 港南支店 普通 口座番号 3306712\n還付額：12,400円\n"
            + city_sig("saito", 0),
        )
    )
    add(
        Draft(
            slug="roster-xlsx-contractor",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG409", "MG402"],
            incidents=[20],
            reason="Unencrypted workbook of 24 participants with names, phones and ages sent to the event contractor (#20: encrypt or share by link).",
            frm=staff("nakano"),
            to=[("吉川 翼", f"t.yoshikawa@{AOZORA}")],
            subject="バスツアー参加者名簿",
            body="あおぞらイベント 吉川様\n\n観光振興課の中野です。\nバスツアーの参加者名簿を添付します。保険の手続きをお願いします。\n"
            + city_sig("nakano", 0),
            attachments=[
                Att(
                    "バスツアー参加者名簿.xlsx",
                    make_xlsx(
                        [["No", "氏名", "年齢", "電話番号"]]
                        + [
                            [i + 1, n, 30 + (i * 7) % 45, f"090-{5100 + i * 37:04d}-{2200 + i * 91:04d}"]
                            for i, n in enumerate(
                                [
                                    "青木 陽子",
                                    "石川 誠",
                                    "上田 一郎",
                                    "江口 美和",
                                    "大谷 健",
                                    "加藤 由美",
                                    "菊池 大輔",
                                    "工藤 直子",
                                    "小島 翔",
                                    "坂井 恵",
                                    "島田 浩",
                                    "須藤 亜紀",
                                    "関 秀樹",
                                    "高木 優子",
                                    "千田 聡",
                                    "土屋 舞",
                                    "内藤 修",
                                    "西田 香",
                                    "野村 拓",
                                    "橋本 綾",
                                    "平井 剛",
                                    "藤井 麻衣",
                                    "星野 亮",
                                    "松田 里奈",
                                ]
                            )
                        ],
                        "名簿",
                    ),
                    subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            ],
        )
    )
    add(
        Draft(
            slug="forward-inquiry-dob",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG404", "MG402", "MG403"],
            incidents=[15],
            reason="A resident's case passed to the outside care provider with her birth date, address and phone restated in the new text (#15: personal data to an external party).",
            frm=staff("inoue"),
            to=[("原田 悠", f"h.harada@{UMIKAZE}")],
            subject="ショートステイ利用の相談",
            body="うみかぜ会 原田様\n\n高齢介護課の井上です。次の方のショートステイ利用についてご相談させてください。\n\n"
            "氏名：田村 和子\n生年月日：昭和14年2月18日\n住所：〒250-0041 みなと市港南一丁目6番9号\n電話：0465-58-2271（長女 携帯 080-2913-5560）\n"
            + city_sig("inoue", 0),
        )
    )
    add(
        Draft(
            slug="name-in-subject-contractor",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG410"],
            incidents=[19],
            reason="The subject to the care provider carries the resident's full name (田村 和子様) where initials or a case number would do (#19).",
            frm=staff("inoue"),
            to=[("清水 典子", f"n.shimizu@{UMIKAZE}")],
            subject="【田村 和子様】ショートステイ受入れのお願い",
            body="うみかぜ会 清水施設長\n\n高齢介護課の井上です。\n先日ご相談した方の受入れについて、1月5日からでお願いできますでしょうか。\n"
            + city_sig("inoue", 1),
        )
    )
    add(
        Draft(
            slug="health-to-it-vendor",
            kind="risky",
            policy="city",
            allowed=["confirm", "block"],
            rules=["MG408"],
            incidents=[15, 11],
            reason="To the IT contractor, as an example for a screen change, the staff pastes a real resident's diagnosis and test results (#15).",
            frm=staff("saito"),
            to=[("森 拓也", f"t.mori@{KAMOME}")],
            subject="健診システム 画面修正の件",
            body="森様\n\n保険年金課の斎藤です。結果画面の表示崩れの例として、実際のデータを貼ります。\n\n"
            "受診者：宇野 久美子\n診断名：2型糖尿病\n検査結果：HbA1c 7.4%、空腹時血糖 142mg/dL\n処方：メトホルミン 500mg\n\n"
            "病名欄が2行になると崩れるようです。\n" + city_sig("saito", 2),
        )
    )
    add(
        Draft(
            slug="forgotten-attachment",
            kind="risky",
            policy="default",
            allowed=["confirm"],
            rules=["MG203"],
            incidents=[11, 12],
            reason="Says '添付の申請書をご確認ください' and attaches nothing: what should have been packed is missing (#11/#12).",
            frm=town("hirano"),
            to=[("株式会社うしお商事", "eigyo@ushio-shoji-example.co.jp")],
            subject="指名競争入札参加資格申請書の件",
            body="株式会社うしお商事 御中\n\n総務課の平野です。\n添付の申請書をご確認のうえ、12月18日までにご提出ください。\n"
            + town_sig("hirano"),
        )
    )


def build() -> None:
    if DRAFTS:
        return
    _contacts()
    resident_replies()
    legit_business()
    legit_town()
    risky_visible()
    risky_addressee()
    risky_attachments()
    risky_destinations()
    risky_personal()


HEAD = (
    "# The second held-out set: one entry per draft in cases/ (generated by scripts/make_holdout2.py).\n"
    "# Written independently of tests/eval, tests/holdout and the rule code, before mailguard was run on it;\n"
    "# same schema as tests/eval/cases.yaml. Measured and reported, never asserted or tuned to.\n"
    "# city cases use tests/holdout2/city-policy.yaml and city-contacts.csv (みなと市, written for this set).\n"
    "# An expectation may change only with a `changed:` note saying why the first one was wrong\n"
    "# (never to match the tool).\n"
)


def outputs() -> dict[str, bytes]:
    build()
    files: dict[str, bytes] = {}
    entries = []
    for n, d in enumerate(DRAFTS, 1):
        name = f"{'l' if d.kind == 'legitimate' else 'r'}{n:03d}-{d.slug}.eml"
        files[f"cases/{name}"] = render(d, n)
        fmt = (
            "eml-attachment"
            if d.attachments
            else ("eml-html" if d.html is not None and not d.body else ("eml-alternative" if d.html else "eml-plain"))
        )
        entry = {
            "file": name,
            "kind": d.kind,
            "allowed": d.allowed,
            "rules": d.rules,
            "incidents": d.incidents,
            "policy": d.policy,
            "reason": d.reason,
            "format": fmt,
            "charset": d.charset,
            "lang": d.lang,
        }
        if d.changed:
            entry["changed"] = d.changed
        entries.append(entry)
    files["cases.yaml"] = (HEAD + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)).encode(
        "utf-8"
    )
    files["city-policy.yaml"] = POLICY_YAML.encode("utf-8")
    files["city-contacts.csv"] = contacts_csv()
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the committed set instead of writing")
    parser.add_argument("--out", type=Path, default=OUT, help="directory (default: %(default)s)")
    args = parser.parse_args(argv)
    files = outputs()
    if args.check:
        stale = [k for k, v in files.items() if not (args.out / k).is_file() or (args.out / k).read_bytes() != v]
        extra = sorted(p.name for p in (args.out / "cases").glob("*.eml") if f"cases/{p.name}" not in files)
        for k in stale + extra:
            print(f"differs: {k}")
        return 1 if stale or extra else 0
    (args.out / "cases").mkdir(parents=True, exist_ok=True)
    for old in (args.out / "cases").glob("*.eml"):
        if f"cases/{old.name}" not in files:
            old.unlink()
    for k, v in files.items():
        (args.out / k).write_bytes(v)
    print(f"wrote {len(DRAFTS)} drafts to {args.out / 'cases'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
