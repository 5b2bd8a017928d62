"""Generate the evaluation set in tests/eval/ (run from the repository root).

    python scripts/make_eval.py

Writes ``tests/eval/cases/*.eml|*.msg``, ``tests/eval/cases.yaml`` (every case's allowed
verdicts, expected rules and reason), ``tests/eval/city-policy.yaml`` and
``tests/eval/city-contacts.csv``. The output is byte-for-byte reproducible (fixed seed, fixed
dates, deterministic attachments). The files are committed; this script documents how they
were made and regenerates them.

The expectations are written here, from the content of each draft and from what a careful
colleague in a Japanese city office would want (pass / confirm / block), never from what
mailguard reports. Names, addresses and phone numbers of people are fake (Faker ``ja_JP``).

Needs the test extra: ``pip install -e '.[test]'`` (faker, msgforge, reportlab, openpyxl,
python-docx).
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import html
import io
import random
import re
import shutil
import struct
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import msgforge
import yaml
from faker import Faker

SEED = 20261130
OUT = Path("tests/eval")
CASES_DIR = OUT / "cases"
JST = dt.timezone(dt.timedelta(hours=9))
BASE = dt.datetime(2026, 11, 30, 10, 15, tzinfo=JST)
CRLF = "\r\n"

R = random.Random(SEED)
FAKE = Faker("ja_JP")
FAKE.seed_instance(SEED)

# ------------------------------------------------------------------ people and places


def encodable(text: str) -> bool:
    """Text every Japanese charset used here can carry (JIS X 0208 and CP932)."""
    try:
        text.encode("iso2022_jp")
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Person:
    last: str
    first: str
    last_kana: str
    first_kana: str
    last_roma: str
    first_roma: str

    @property
    def name(self) -> str:
        return f"{self.last} {self.first}"

    @property
    def kana(self) -> str:
        return f"{self.last_kana} {self.first_kana}"

    @property
    def romaji(self) -> str:
        return f"{self.first_roma} {self.last_roma}"


_USED_NAMES: set[str] = set()


def person(last: tuple[str, str, str] | None = None, first: tuple[str, str, str] | None = None) -> Person:
    """A new person with a unique full name (Faker's ja_JP pairs: kanji, katakana, romaji)."""
    while True:
        lp = last or FAKE.last_name_pair()
        fp = first or FAKE.first_name_pair()
        candidate = Person(lp[0], fp[0], lp[1], fp[1], lp[2], fp[2])
        if candidate.name not in _USED_NAMES and encodable(candidate.name + candidate.kana):
            _USED_NAMES.add(candidate.name)
            return candidate
        if last and first:
            raise ValueError(f"duplicate fixed person {candidate.name}")


def phone_mobile() -> str:
    while True:
        number = FAKE.phone_number()
        if re.fullmatch(r"0[789]0-\d{4}-\d{4}", number):
            return number


def phone_home() -> str:
    """A landline with a real area-code shape (Faker's own ja_JP landlines are not)."""
    return FAKE.numerify(
        R.choice(["03-####-####", "06-####-####", "045-###-####", "048-###-####", "042-###-####", "0480-##-####"])
    )


def home_address() -> str:
    while True:
        text = f"〒{FAKE.zipcode()} {FAKE.address()}"
        if encodable(text):
            return text


# Faker's date_of_birth counts back from today, so the files changed every day: the same draw,
# counted back from the day the set was first generated.
GENERATED_ON = dt.date(2026, 12, 1)


def dob_text() -> str:
    from faker.providers.date_time import change_year

    start, end = change_year(GENERATED_ON, -96), change_year(GENERATED_ON, -20)
    day = FAKE.date_time_ad(start_datetime=start, end_datetime=end).date()
    day = day if day != start else day + dt.timedelta(days=1)
    if R.random() < 0.5:
        return f"{day.year}年{day.month}月{day.day}日"
    era, start = ("昭和", 1925) if day.year < 1989 else ("平成", 1988)
    return f"{era}{day.year - start}年{day.month}月{day.day}日"


FREE_MAIL = ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com", "ezweb.ne.jp", "softbank.ne.jp", "outlook.jp"]


def free_address(p: Person, domain: str | None = None) -> str:
    domain = domain or R.choice(FREE_MAIL)
    first, last = p.first_roma.lower(), p.last_roma.lower()
    local = R.choice(
        [
            f"{first}.{last}",
            f"{last}.{first}{R.randint(1, 99)}",
            f"{first[0]}-{last}{R.randint(60, 99)}",
            f"{last}{first[:3]}{R.randint(100, 999)}",
            f"{first}{last[0]}.{R.randint(1000, 9999)}",
        ]
    )
    return f"{local}@{domain}"


def staff_address(p: Person, domain: str) -> str:
    return f"{p.first_roma[0].lower()}-{p.last_roma.lower()}@{domain}"


CITY = "えがお市"
CITY_DOMAIN = "example-city.lg.jp"
CITY_URL = "https://www.example-city.lg.jp/"
CITY_ZIP_ADDR = "〒100-0005 東京都えがお市本町1-2-3"


@dataclass(frozen=True)
class Section:
    key: str
    name: str  # 部 課 係
    short: str  # 課 name as used in the body
    local: str
    tel: str
    fax: str
    floor: str
    address: str = CITY_ZIP_ADDR
    org: str = CITY
    domain: str = CITY_DOMAIN
    url: str = CITY_URL

    @property
    def email(self) -> str:
        return f"{self.local}@{self.domain}"


SECTIONS = {
    s.key: s
    for s in [
        Section(
            "shimin", "市民生活部 市民課 住民記録係", "市民課", "shimin", "03-5555-0131", "03-5555-0139", "本庁舎1階"
        ),
        Section(
            "kaigo", "福祉部 高齢福祉課 介護保険係", "高齢福祉課", "kaigo", "03-5555-0123", "03-5555-0124", "本庁舎2階"
        ),
        Section(
            "kosodate",
            "こども未来部 子育て支援課",
            "子育て支援課",
            "kosodate",
            "03-5555-0145",
            "03-5555-0146",
            "本庁舎3階",
        ),
        Section(
            "shogai", "教育委員会事務局 生涯学習課", "生涯学習課", "shogai", "03-5555-0162", "03-5555-0163", "本庁舎6階"
        ),
        Section("zeimu", "財務部 税務課 市民税係", "税務課", "zeimu", "03-5555-0151", "03-5555-0159", "本庁舎1階"),
        Section("doro", "都市整備部 道路課 維持係", "道路課", "doro", "03-5555-0181", "03-5555-0189", "第二庁舎2階"),
        Section(
            "gomi", "環境部 ごみ減量推進課", "ごみ減量推進課", "gomi", "03-5555-0191", "03-5555-0199", "第二庁舎3階"
        ),
        Section("joho", "総務部 情報政策課", "情報政策課", "johoseisaku", "03-5555-0111", "03-5555-0119", "本庁舎5階"),
        Section(
            "shido", "福祉部 福祉指導課", "福祉指導課", "fukushi-shido", "03-5555-0127", "03-5555-0128", "本庁舎2階"
        ),
        Section("gakumu", "教育委員会事務局 学務課", "学務課", "gakumu", "03-5555-0165", "03-5555-0166", "本庁舎6階"),
        Section("koho", "市長公室 広報課", "広報課", "koho", "03-5555-0105", "03-5555-0106", "本庁舎4階"),
        Section("kokusai", "市長公室 国際交流課", "国際交流課", "kokusai", "03-5555-0170", "03-5555-0171", "本庁舎4階"),
        Section(
            "kita",
            "北区保健センター 保健係",
            "北区保健センター",
            "kita-hoken",
            "03-5555-0521",
            "03-5555-0522",
            "2階",
            address="〒100-0021 東京都えがお市北町3-4-5",
        ),
        Section(
            "minami",
            "南区保健センター 保健係",
            "南区保健センター",
            "minami-hoken",
            "03-5555-0621",
            "03-5555-0622",
            "1階",
            address="〒100-0041 東京都えがお市南町1-9-2",
        ),
        Section(
            "town",
            "見本町役場 住民福祉課",
            "住民福祉課",
            "fukushi",
            "0480-55-1234",
            "0480-55-1299",
            "1階",
            address="〒349-0199 埼玉県見本町本郷2-1",
            org="見本町",
            domain="sample-town.lg.jp",
            url="https://www.sample-town.lg.jp/",
        ),
        Section(
            "town_somu",
            "見本町役場 総務課",
            "総務課",
            "somu",
            "0480-55-1200",
            "0480-55-1299",
            "2階",
            address="〒349-0199 埼玉県見本町本郷2-1",
            org="見本町",
            domain="sample-town.lg.jp",
            url="https://www.sample-town.lg.jp/",
        ),
    ]
}
HOKEN_CENTRES = ["北区", "南区", "中央区", "東区", "西区"]


@dataclass
class Staff:
    p: Person
    section: Section
    title: str = ""
    email: str = field(init=False)

    def __post_init__(self) -> None:
        """Every member of staff has an address of their own (k-mori@, then k-mori2@ ...)."""
        base = staff_address(self.p, self.section.domain)
        local, domain = base.split("@")
        address, n = base, 1
        while address in _USED_ADDRESSES:
            n += 1
            address = f"{local}{n}@{domain}"
        _USED_ADDRESSES.add(address)
        self.email = address


_USED_ADDRESSES: set[str] = set()


def new_staff(section_key: str, title: str = "", p: Person | None = None) -> Staff:
    return Staff(p or person(), SECTIONS[section_key], title)


# Fixed staff the brief's own examples name.
MORI = Staff(person(("森", "モリ", "Mori"), ("健一", "ケンイチ", "Kenichi")), SECTIONS["kaigo"], "課長")
STAFF: dict[str, list[Staff]] = {key: [new_staff(key) for _ in range(3)] for key in SECTIONS}


def staff(section_key: str) -> Staff:
    return R.choice(STAFF[section_key])


# ------------------------------------------------------------------ partners (the city's address book)


@dataclass(frozen=True)
class Org:
    name: str
    domain: str
    zip_addr: str
    tel: str
    fax: str
    people: tuple[tuple[Person, str, str], ...]  # person, department and title, local part


def org(name: str, domain: str, zip_addr: str, tel: str, depts: Sequence[str]) -> Org:
    people = []
    for dept in depts:
        p = person()
        people.append((p, dept, f"{p.first_roma[0].lower()}.{p.last_roma.lower()}"))
    fax = tel[:-1] + str((int(tel[-1]) + 1) % 10)
    return Org(name, domain, zip_addr, tel, fax, tuple(people))


CARE = org(
    "株式会社ケアサポート",
    "care-support-example.co.jp",
    "〒160-0023 東京都新宿区西新宿3-2-1 西新宿ファーストビル5階",
    "03-6666-1234",
    ["介護事業部 部長", "介護事業部", "介護事業部 調査課"],
)
TOWA = org(
    "東和システム株式会社",
    "towa-sys-example.co.jp",
    "〒105-0011 東京都港区芝公園2-4-1 芝パークビル8階",
    "03-6777-2100",
    ["公共ソリューション事業部 第二営業部 部長", "公共ソリューション事業部 第二営業部", "システム開発部"],
)
MIRAI = org(
    "株式会社みらい印刷",
    "mirai-print-example.co.jp",
    "〒330-0063 埼玉県さいたま市浦和区高砂1-2-3",
    "048-777-3300",
    ["営業部", "制作部"],
)
BRIDGE = org(
    "株式会社ブリッジワークス",
    "bridgeworks-example.co.jp",
    "〒130-0013 東京都墨田区錦糸1-5-7",
    "03-6888-4400",
    ["工事部 工事課 課長", "工事部 工事課"],
)
SAKURA = org(
    "社会福祉法人 さくら会",
    "sakura-kai-example.or.jp",
    "〒100-0031 東京都えがお市東町5-1-1",
    "03-5555-3101",
    ["事務局長", "事務局"],
)
MIDORI = org(
    "社会福祉法人 みどり園", "midori-en-example.or.jp", "〒100-0032 東京都えがお市東町7-2-4", "03-5555-3202", ["施設長"]
)
HIKARI_NPO = org(
    "特定非営利活動法人 ひかり",
    "hikari-npo-example.org",
    "〒100-0043 東京都えがお市南町4-3-3",
    "03-5555-3303",
    ["理事長"],
)
MEDICAL = org(
    "えがお市医師会", "egao-med-example.or.jp", "〒100-0012 東京都えがお市中町1-7-7", "03-5555-7000", ["事務局"]
)
PRESS = org(
    "株式会社えがおタイムス",
    "egao-times-example.co.jp",
    "〒100-0013 東京都えがお市中町3-1-2",
    "03-5555-9100",
    ["編集部"],
)
ORGS = [CARE, TOWA, MIRAI, BRIDGE, SAKURA, MIDORI, HIKARI_NPO, MEDICAL, PRESS]

SCHOOLS = [
    ("えがお市立第一小学校", "daiichi-es.example-city.ed.jp"),
    ("えがお市立第二小学校", "daini-es.example-city.ed.jp"),
    ("えがお市立北小学校", "kita-es.example-city.ed.jp"),
    ("えがお市立第一中学校", "daiichi-jh.example-city.ed.jp"),
]
SCHOOL_HEADS = [person() for _ in SCHOOLS]


@dataclass(frozen=True)
class Foreign:
    name: str
    title: str  # Ms / Mr / Dr.
    email: str
    org: str


BROWN = Foreign("Alice Brown", "Ms", "a.brown@sistercity-example.org", "Port Example Sister City Association")
CHEN = Foreign("Li Chen", "Dr.", "l.chen@edu-exchange-example.org", "Pacific Education Exchange")
MILLER = Foreign("James Miller", "Mr", "j.miller@harbor-council-example.org", "Harbor City Council")
FOREIGNERS = [BROWN, CHEN, MILLER]

# Residents the city writes to regularly (committee members, 民生委員): in the address book.
REGULARS = [
    (person(), role)
    for role in ["民生委員", "民生委員", "町会長", "介護保険運営協議会 委員", "男女共同参画審議会 委員"]
]
REGULAR_ADDR = {
    p.name: free_address(p, d)
    for (p, _), d in zip(REGULARS, ["yahoo.co.jp", "gmail.com", "nifty.com", "icloud.com", "docomo.ne.jp"], strict=True)
}

# ------------------------------------------------------------------ signatures


def city_sig(s: Staff, style: int | None = None) -> str:
    sec = s.section
    style = R.randrange(5) if style is None else style
    who = f"{s.title} {s.p.name}".strip() if s.title else s.p.name
    if style == 0:
        bar = "━" * 26
        return (
            f"{bar}\n{sec.org} {sec.name}\n{who}（{s.p.last_kana} {s.p.first_kana}）\n"
            f"{sec.address}（{sec.floor}）\nTEL：{sec.tel}　FAX：{sec.fax}\n"
            f"E-mail：{sec.email}\nURL：{sec.url}\n{bar}"
        )
    if style == 1:
        return f"--\n{sec.org}役所 {sec.name}\n担当：{s.p.last}\n電話 {sec.tel}（直通）\nFAX {sec.fax}\n{sec.email}"
    if style == 2:
        bar = "*" * 40
        return (
            f"{bar}\n {sec.org} {sec.name}\n {who}\n {sec.address} {sec.floor}\n"
            f" TEL {sec.tel} / FAX {sec.fax}\n Mail {sec.email}\n{bar}"
        )
    if style == 3:
        bar = "─" * 24
        return (
            f"{bar}\n{sec.org} {sec.short}\n{who}\n{sec.address}\n"
            f"TEL：{sec.tel}（代表 03-5555-0100 内線{R.randint(2000, 2999)}）\n"
            f"E-mail：{s.email}\n{bar}"
        )
    if style == 5:  # no phone: for drafts whose own text carries the phone number under test
        return f"{sec.org} {sec.short} {s.p.last}\n{s.email}"
    return f"{sec.org} {sec.short} {s.p.last}\nTEL {sec.tel}"


def org_sig(o: Org, index: int = 0) -> str:
    p, dept, _ = o.people[index]
    mobile = f"\n携帯：{phone_mobile()}" if R.random() < 0.5 else ""
    return (
        "――――――――――――――――――――".replace("―", "─")
        + f"\n{o.name}\n{dept}\n{p.name}\n{o.zip_addr}\nTEL：{o.tel}　FAX：{o.fax}{mobile}\n"
        f"E-mail：{o.people[index][2]}@{o.domain}\n" + "─" * 20
    )


def en_sig(s: Staff) -> str:
    return (
        f"Best regards,\n\n{s.p.romaji}\nInternational Relations Division, Egao City Hall\n"
        f"1-2-3 Honcho, Egao City, Tokyo 100-0005, Japan\nTel: +81-3-5555-0170 / Fax: +81-3-5555-0171\n"
        f"Email: {SECTIONS['kokusai'].email}"
    )


# ------------------------------------------------------------------ quoting


WEEKDAYS_JA = "月火水木金土日"


@dataclass
class Quote:
    style: str
    name: str
    addr: str
    date: dt.datetime
    to: str
    subject: str
    text: str

    def header(self) -> str:
        d = self.date
        wd = WEEKDAYS_JA[d.weekday()]
        who = f"{self.name} <{self.addr}>" if self.name else self.addr
        if self.style == "gmail_en":
            return f"On {d:%a, %b} {d.day}, {d.year} at {d:%I:%M %p} {who} wrote:"
        if self.style == "gmail_ja":
            return f"{d.year}年{d.month}月{d.day}日({wd}) {d:%H:%M} {who}:"
        if self.style == "iphone_ja":
            return f"{d:%Y/%m/%d %H:%M}、{who} のメッセージ:"
        if self.style == "tb_ja":
            return f"{self.name or self.addr} さんは書きました:"
        if self.style == "becky":
            return f"On {d:%a, %d %b %Y %H:%M:%S} +0900\n{who} wrote:"
        if self.style == "outlook_en":
            return (
                f"-----Original Message-----\nFrom: {who}\nSent: {d:%A, %B} {d.day}, {d.year} {d:%I:%M %p}\n"
                f"To: {self.to}\nSubject: {self.subject}"
            )
        if self.style == "outlook_ja":
            return (
                f"-----Original Message-----\n差出人: {who}\n送信日時: {d.year}年{d.month}月{d.day}日 {d:%H:%M}\n"
                f"宛先: {self.to}\n件名: {self.subject}"
            )
        if self.style == "outlook_ja_bar":
            return (
                f"{'_' * 32}\n差出人: {who}\n送信日時: {d.year}年{d.month}月{d.day}日 {d:%H:%M}\n"
                f"宛先: {self.to}\n件名: {self.subject}"
            )
        if self.style == "fwd_gmail":
            return (
                f"---------- Forwarded message ---------\nFrom: {who}\nDate: {d.year}年{d.month}月{d.day}日({wd}) {d:%H:%M}\n"
                f"Subject: {self.subject}\nTo: <{self.to}>"
            )
        if self.style == "fwd_tb_ja":
            return (
                f"-------- 転送メッセージ --------\n件名: \t{self.subject}\n日付: \t{d:%a, %d %b %Y %H:%M:%S} +0900\n"
                f"差出人: \t{who}\n宛先: \t{self.to}"
            )
        raise ValueError(self.style)

    @property
    def prefixed(self) -> bool:
        return self.style in ("gmail_en", "gmail_ja", "iphone_ja", "tb_ja", "becky")

    def plain(self) -> str:
        if self.prefixed:
            mark = "＞ " if self.style == "becky" and R.random() < 0.6 else "> "
            body = "\n".join((mark + line).rstrip() if line else mark.rstrip() for line in self.text.split("\n"))
            return f"{self.header()}\n{body}"
        return f"{self.header()}\n\n{self.text}"

    def html(self) -> str:
        text = html_lines(self.text)
        if self.prefixed:
            return (
                f'<div class="gmail_quote"><div dir="ltr" class="gmail_attr">{html.escape(self.header())}</div>'
                f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
                f'rgb(204,204,204);padding-left:1ex">{text}</blockquote></div>'
            )
        head = "<br>\n".join(
            f"<b>{html.escape(k)}</b>{html.escape(v)}" if k else html.escape(v)
            for k, v in (_split_label(line) for line in self.header().split("\n"))
        )
        return (
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm">'
            f'<p class="MsoNormal">{head}</p></div>\n<div>{text}</div>'
        )


def _split_label(line: str) -> tuple[str, str]:
    match = re.match(r"^(差出人:|送信日時:|宛先:|件名:|From:|Sent:|To:|Subject:|Date:|日付:)(.*)$", line)
    return (match.group(1), match.group(2)) if match else ("", line)


def html_lines(text: str) -> str:
    return "\n".join(f"<div>{html.escape(line) or '<br>'}</div>" for line in text.split("\n"))


# ------------------------------------------------------------------ attachments


FIXED_ZIP_TIME = (2026, 11, 30, 10, 0, 0)


def rezip(data: bytes) -> bytes:
    """Rewrite an Office file's ZIP with fixed timestamps (byte-reproducible output)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-11-30T10:00:00Z", content)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf(lines: Sequence[str], cover: Sequence[int] = ()) -> bytes:
    """A one-page Japanese PDF; ``cover`` draws black boxes over those lines (text stays)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.setFont("HeiseiKakuGo-W5", 11)
    for number, line in enumerate(lines):
        page.drawString(60, 790 - 18 * number, line)
    page.setFillColorRGB(0, 0, 0)
    for number in cover:
        page.rect(55, 785 - 18 * number, 320, 16, stroke=0, fill=1)
    page.save()
    return buffer.getvalue()


def xlsx(rows: Sequence[Sequence[object]], title: str = "Sheet1") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    stamp = dt.datetime(2026, 11, 30, 10, 0, 0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "えがお市"
    buffer = io.BytesIO()
    book.save(buffer)
    return rezip(buffer.getvalue())


def docx(paragraphs: Sequence[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    stamp = dt.datetime(2026, 11, 30, 10, 0, 0)
    props = document.core_properties
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "えがお市"
    props.author = "えがお市"
    buffer = io.BytesIO()
    document.save(buffer)
    return rezip(buffer.getvalue())


def csv_bytes(rows: Sequence[Sequence[object]], codec: str = "cp932") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(codec)


def _crc_update(crc: int, byte: int) -> int:
    return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


def encrypted_zip(entries: Sequence[tuple[str, bytes]], password: str) -> bytes:
    """A ZIP whose entries are encrypted with traditional PKWARE encryption (ZipCrypto)."""
    out = bytearray()
    central = bytearray()
    dos_time = (10 << 11) | (0 << 5)
    dos_date = ((2026 - 1980) << 9) | (11 << 5) | 30
    for name, data in entries:
        keys = [0x12345678, 0x23456789, 0x34567890]

        def update(byte: int, keys: list[int] = keys) -> None:
            keys[0] = _crc_update(keys[0], byte)
            keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
            keys[2] = _crc_update(keys[2], keys[1] >> 24)

        def stream(byte: int, keys: list[int] = keys) -> int:
            temp = (keys[2] | 2) & 0xFFFF
            return ((temp * (temp ^ 1)) >> 8) & 0xFF

        for byte in password.encode("ascii"):
            update(byte)
        crc = zlib.crc32(data)
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed = compressor.compress(data) + compressor.flush()
        header = bytes(R.randrange(256) for _ in range(11)) + bytes([crc >> 24])
        cipher = bytearray()
        for byte in header + compressed:
            cipher.append(byte ^ stream(byte))
            update(byte)
        raw_name = name.encode("utf-8")
        flags = 0x1 | 0x800
        local = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, dos_time, dos_date, crc, len(cipher), len(data), len(raw_name), 0
        )
        offset = len(out)
        out += local + raw_name + cipher
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            flags,
            8,
            dos_time,
            dos_date,
            crc,
            len(cipher),
            len(data),
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


@dataclass
class Att:
    name: str
    media: str
    data: bytes


def att_pdf(name: str, lines: Sequence[str], cover: Sequence[int] = ()) -> Att:
    return Att(name, "application/pdf", pdf(lines, cover))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ------------------------------------------------------------------ drafts and their rendering


@dataclass
class Mail:
    sender: tuple[str, str]
    to: list[tuple[str, str]]
    subject: str
    text: str
    cc: list[tuple[str, str]] = field(default_factory=list)
    bcc: list[tuple[str, str]] = field(default_factory=list)
    sig: str = ""
    quote: Quote | None = None
    attachments: list[Att] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    raw_to: str | None = None
    reply: bool = False
    lang: str = "ja"
    date: dt.datetime = BASE

    def plain(self) -> str:
        parts = [self.text.rstrip("\n")]
        if self.sig:
            parts.append(self.sig)
        if self.quote:
            parts.append(self.quote.plain())
        return "\n\n".join(parts) + "\n"

    def html(self, charset: str) -> str:
        body = [f"<div>{html_lines(self.text.rstrip())}</div>"]
        if self.sig:
            body.append(f'<div class="signature"><br>{html_lines(self.sig)}</div>')
        if self.quote:
            body.append(f"<br>{self.quote.html()}")
        font = "Meiryo UI" if self.lang == "ja" else "Calibri"
        return (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"</head>\n<body style=\"font-family:'{font}',sans-serif;font-size:10.5pt\">\n"
            + "\n<br>\n".join(body)
            + "\n</body></html>\n"
        )


CHARSETS = {"jis": ("ISO-2022-JP", "iso2022_jp"), "sjis": ("Shift_JIS", "cp932"), "utf8": ("UTF-8", "utf-8")}


def for_codec(text: str, codec: str) -> str:
    """What a Japanese mailer puts on the wire: the wave dash and minus each charset carries."""
    if codec == "iso2022_jp":
        return text.replace("～", "〜").replace("－", "−")
    if codec == "cp932":
        return text.replace("〜", "～").replace("−", "－")
    return text


def encoded_words(text: str, charset: str, codec: str) -> str:
    if text.isascii():
        return text
    words, chunk = [], ""
    for char in text:
        trial = chunk + char
        if len(base64.b64encode(for_codec(trial, codec).encode(codec))) > 60 and chunk:
            words.append(chunk)
            chunk = char
        else:
            chunk = trial
    words.append(chunk)
    return (CRLF + " ").join(
        f"=?{charset}?B?{base64.b64encode(for_codec(w, codec).encode(codec)).decode('ascii')}?=" for w in words
    )


def mailbox(name: str, address: str, charset: str, codec: str, quote_word: bool) -> str:
    if not name:
        return address
    if name.isascii():
        if re.search(r"[(),.:;<>@\[\]\"]", name):
            return f'"{name}" <{address}>'
        return f"{name} <{address}>"
    word = encoded_words(name, charset, codec)
    return f'"{word}" <{address}>' if quote_word else f"{word} <{address}>"


def address_header(items: Sequence[tuple[str, str]], charset: str, codec: str, quote_word: bool) -> str:
    return ("," + CRLF + " ").join(mailbox(n, a, charset, codec, quote_word) for a, n in items)


@dataclass
class Part:
    headers: list[tuple[str, str]]
    body: bytes


def serialise(part: Part) -> bytes:
    head = "".join(f"{k}: {v}{CRLF}" for k, v in part.headers)
    # Raw (unencoded) text only where a sender typed it into an address field: 8-bit UTF-8.
    return head.encode("utf-8") + CRLF.encode() + part.body


def boundary() -> str:
    return "----=_Part_" + "".join(R.choice("0123456789ABCDEF") for _ in range(24))


def multipart(subtype: str, parts: Sequence[Part]) -> Part:
    mark = boundary()
    body = b"This is a multi-part message in MIME format.\r\n\r\n"
    for sub in parts:
        body += f"--{mark}{CRLF}".encode() + serialise(sub) + CRLF.encode()
    body += f"--{mark}--{CRLF}".encode()
    return Part([("Content-Type", f'multipart/{subtype};{CRLF} boundary="{mark}"')], body)


def text_part(text: str, subtype: str, charset: str, codec: str, cte: str) -> Part:
    data = for_codec(text, codec).replace("\r\n", "\n").replace("\n", CRLF).encode(codec)
    if cte == "base64":
        encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    elif cte == "quoted-printable":
        encoded = CRLF.join(binascii.b2a_qp(line).decode("ascii") for line in data.split(b"\r\n")).encode("ascii")
    else:
        encoded = data
    return Part(
        [("Content-Type", f'text/{subtype}; charset="{charset}"'), ("Content-Transfer-Encoding", cte)],
        encoded,
    )


def attachment_part(att: Att, charset: str, codec: str, style: str) -> Part:
    if att.name.isascii():
        name_param = f'name="{att.name}"'
        disp = f'attachment; filename="{att.name}"'
    elif style == "rfc2047":
        word = encoded_words(att.name, charset, codec).replace(CRLF + " ", "")
        name_param = f'name="{word}"'
        disp = f'attachment;{CRLF} filename="{word}"'
    else:
        quoted = urllib.parse.quote(att.name, safe="")
        name_param = f"name*=UTF-8''{quoted}"
        disp = f"attachment;{CRLF} filename*=UTF-8''{quoted}"
    return Part(
        [
            ("Content-Type", f"{att.media};{CRLF} {name_param}"),
            ("Content-Disposition", disp),
            ("Content-Transfer-Encoding", "base64"),
        ],
        base64.encodebytes(att.data).replace(b"\n", b"\r\n"),
    )


MAILERS = [
    "Microsoft Outlook 16.0",
    "Mozilla Thunderbird 128.5.0",
    "Becky! ver. 2.81.04 [ja]",
    "Apple Mail (2.3826)",
]


def build_eml(mail: Mail, layout: str, enc: str) -> tuple[bytes, str, str]:
    charset, codec = CHARSETS[enc]
    if mail.lang == "en" and enc != "utf8":
        names = "".join(n for n, _ in [(mail.sender[0], ""), *((n, a) for a, n in mail.to + mail.cc + mail.bcc)])
        plain_ascii = (mail.plain() + mail.subject + names).isascii()
        charset, codec = ("US-ASCII", "ascii") if plain_ascii else ("UTF-8", "utf-8")
    cte = {"ISO-2022-JP": "7bit", "US-ASCII": "7bit"}.get(charset) or R.choice(
        ["base64", "8bit"] if enc == "sjis" else ["base64", "quoted-printable", "8bit"]
    )
    plain = text_part(mail.plain(), "plain", charset, codec, cte)
    rich = text_part(mail.html(charset), "html", charset, codec, cte)
    body = {"plain": plain, "html": rich, "alt": multipart("alternative", [plain, rich])}[layout]
    if mail.attachments:
        style = R.choice(["rfc2047", "rfc2231"])
        body = multipart("mixed", [body, *(attachment_part(a, charset, codec, style) for a in mail.attachments)])
    quote_word = R.random() < 0.3
    domain = mail.sender[1].rsplit("@", 1)[1]
    headers = [
        ("Date", mail.date.strftime("%a, %d %b %Y %H:%M:%S +0900")),
        ("From", mailbox(mail.sender[0], mail.sender[1], charset, codec, quote_word)),
        ("To", mail.raw_to if mail.raw_to is not None else address_header(mail.to, charset, codec, quote_word)),
    ]
    if mail.cc:
        headers.append(("Cc", address_header(mail.cc, charset, codec, quote_word)))
    if mail.bcc:
        headers.append(("Bcc", address_header(mail.bcc, charset, codec, quote_word)))
    headers.append(("Subject", encoded_words(mail.subject, charset, codec)))
    headers.append(("Message-ID", f"<{R.getrandbits(64):016x}.{mail.date:%Y%m%d%H%M%S}@{domain}>"))
    if mail.reply:
        ref = f"<{R.getrandbits(64):016x}@mail.example.com>"
        headers += [("In-Reply-To", ref), ("References", ref)]
    headers += mail.headers
    headers += [("MIME-Version", "1.0"), ("X-Mailer", R.choice(MAILERS))]
    top = Part(headers + body.headers, body.body)
    return serialise(top), charset, layout


def build_msg(mail: Mail, rich: bool) -> bytes:
    message = msgforge.Message(
        subject=mail.subject,
        text_body=mail.plain(),
        html_body=mail.html("utf-8") if rich else "",
        to=[(a, n) if n else a for a, n in mail.to],
        cc=[(a, n) if n else a for a, n in mail.cc] or None,
        bcc=[(a, n) if n else a for a, n in mail.bcc] or None,
        sender=(mail.sender[1], mail.sender[0]) if mail.sender[0] else mail.sender[1],
    )
    for att in mail.attachments:
        message.attach_bytes(att.name, att.data, att.media)
    return bytes(message.as_bytes())


# ------------------------------------------------------------------ cases


@dataclass
class Case:
    file: str
    kind: str
    allowed: list[str]
    rules: list[str]
    incidents: list[int]
    policy: str
    reason: str
    format: str
    charset: str
    lang: str
    changed: str = ""


CASES: list[Case] = []
ADDRESS_NOTE = (
    "Draft only, expectation unchanged: two members of staff had shared one address (e.g. k-mori@); "
    "every member of staff now has an address of their own."
)
TOWN_NOTE = (
    "Draft only, expectation unchanged: one invitee had been drawn from the neighbouring town's office "
    "(sample-town.lg.jp), contradicting 'all internal'; now only the city's own sections (and own addresses)."
)
# Drafts corrected after the expectations were committed (0b253ce); their expectations stand.
DRAFT_FIXES = {
    "l027-reply-minami.eml": ADDRESS_NOTE,
    "l037-reply-kita.eml": ADDRESS_NOTE,
    "l049-english-partner.eml": ADDRESS_NOTE,
    "l050-english-partner.eml": ADDRESS_NOTE,
    "l051-english-partner.eml": ADDRESS_NOTE,
    "l052-english-partner.eml": ADDRESS_NOTE,
    "l053-english-partner.eml": ADDRESS_NOTE,
    "l054-english-partner.eml": ADDRESS_NOTE,
    "l055-english-partner.eml": ADDRESS_NOTE,
    "l056-english-partner.eml": ADDRESS_NOTE,
    "l057-english-partner.eml": ADDRESS_NOTE,
    "l061-internal-forward.eml": ADDRESS_NOTE,
    "l067-internal-forward.eml": ADDRESS_NOTE,
    "l069-internal-personal-data.eml": ADDRESS_NOTE,
    "l080-meeting-internal.eml": TOWN_NOTE,
    "l081-meeting-internal.eml": ADDRESS_NOTE,
    "l082-meeting-internal.eml": ADDRESS_NOTE,
    "l083-meeting-internal.eml": TOWN_NOTE,
    "l084-meeting-internal.eml": ADDRESS_NOTE,
    "l085-meeting-internal.eml": TOWN_NOTE,
    "l086-meeting-internal.eml": ADDRESS_NOTE,
    "l087-meeting-internal.eml": ADDRESS_NOTE,
    "l091-meeting-one-partner.eml": ADDRESS_NOTE,
    "l127-several-names-internal.msg": ADDRESS_NOTE,
    "l138-generic-onchu.eml": ADDRESS_NOTE,
    "l139-generic-internal.msg": ADDRESS_NOTE,
    "l141-generic-internal.eml": ADDRESS_NOTE,
    "l168-no-attachment-needed.eml": ADDRESS_NOTE,
    "l195-announcement-venue.eml": ADDRESS_NOTE,
    "r027-org-other-contact.eml": ADDRESS_NOTE,
    "r028-english-other-name.eml": ADDRESS_NOTE,
    "r031-other-patient-results.eml": ADDRESS_NOTE,
    "r089-cosmetic-redaction.msg": ADDRESS_NOTE,
}
SIG_NOTE = (
    "Draft only, expectation unchanged: its signature no longer has the office TEL line, so that MG402 can be "
    "satisfied only by the resident's phone in the sender's own text (the first draft let the signature do it)."
)
FILES: dict[str, bytes] = {}
_COUNTERS = {"legitimate": 0, "risky": 0}

FORMATS = ["eml-plain"] * 10 + ["eml-alt"] * 4 + ["eml-html"] * 3 + ["msg-plain"] * 2 + ["msg-html"] * 2
ENCODINGS = ["jis"] * 4 + ["sjis"] * 3 + ["utf8"] * 3


def add(
    mail: Mail,
    slug: str,
    *,
    kind: str,
    reason: str,
    policy: str = "default",
    allowed: Sequence[str] | None = None,
    rules: Sequence[str] = (),
    incidents: Sequence[int] = (),
    fmt: str | None = None,
    enc: str | None = None,
    changed: str = "",
) -> None:
    """Render one draft and record its expectation (written here, before any check is run)."""
    needs_eml = bool(mail.headers or mail.raw_to is not None or mail.reply)
    fmt = fmt or R.choice([f for f in FORMATS if not (needs_eml and f.startswith("msg"))])
    enc = enc or ("utf8" if mail.lang == "en" and R.random() < 0.7 else R.choice(ENCODINGS))
    _COUNTERS[kind] += 1
    prefix = "l" if kind == "legitimate" else "r"
    container, _, layout = fmt.partition("-")
    name = f"{prefix}{_COUNTERS[kind]:03d}-{slug}.{container}"
    if container == "msg":
        FILES[name] = build_msg(mail, rich=layout == "html")
        charset = "UTF-16 (msg)"
    else:
        FILES[name], charset, _ = build_eml(mail, layout, enc)
    if allowed is None:
        allowed = ["pass"] if kind == "legitimate" else ["confirm", "block"]
    changed = changed or DRAFT_FIXES.get(name, "")
    if kind == "risky" and not rules:
        raise ValueError(f"{name}: a risky case needs its rule")
    CASES.append(
        Case(name, kind, list(allowed), list(rules), list(incidents), policy, reason, fmt, charset, mail.lang, changed)
    )


def who(s: Staff) -> tuple[str, str]:
    return (s.p.romaji if s.section.key == "kokusai" else s.p.name, s.email)


def sec_from(s: Staff) -> tuple[str, str]:
    return (f"{s.section.org} {s.section.short}", s.section.email)


def pick(options: Sequence[str]) -> str:
    return R.choice(list(options))


def later(days: float = 0, hours: float = 0) -> dt.datetime:
    return BASE + dt.timedelta(days=days, hours=hours)


def opening(s: Staff) -> str:
    return pick(
        [
            f"{s.section.org} {s.section.short}の{s.p.last}です。",
            f"{s.section.org}役所 {s.section.short}の{s.p.last}と申します。",
            f"いつもお世話になっております。\n{s.section.org} {s.section.short}の{s.p.last}です。",
        ]
    )


def closing() -> str:
    return pick(
        [
            "ご不明な点がございましたら、お気軽にお問い合わせください。\nよろしくお願いいたします。",
            "何卒よろしくお願いいたします。",
            "引き続きよろしくお願いいたします。",
            "ご確認のほど、よろしくお願いいたします。",
        ]
    )


def salutation(p: Person) -> str:
    return pick([f"{p.name} 様", f"{p.last} {p.first} 様", f"{p.last}様", f"{p.name}様"])


def display(p: Person, address: str) -> str:
    """What a resident's mail client shows as her name: kanji, romaji, katakana or nothing."""
    return pick([p.name, p.name, p.romaji, p.kana, p.last + p.first, ""])


# ------------------------------------------------------------------ what residents ask, what the office answers


@dataclass(frozen=True)
class Theme:
    section: str
    subject: str
    ask: str  # the resident's message ({name}, {addr}, {phone}, {dob} filled in)
    answer: str  # the office's answer (after the salutation and the opening)


THEMES = [
    Theme(
        "kaigo",
        "要介護認定の申請について",
        "えがお市 高齢福祉課 ご担当者様\n\n{name}と申します。\n同居している母の要介護認定を申請したいと考えています。\n"
        "必要な書類と、申請から結果が出るまでの期間を教えていただけますでしょうか。\n\n{name}\n住所：{addr}\n電話：{phone}",
        "お問い合わせいただいた要介護認定の申請について、ご案内いたします。\n\n申請には、次のものが必要です。\n"
        "・要介護・要支援認定申請書（市ホームページからダウンロードできます）\n・お母様の介護保険被保険者証\n"
        "・申請される方の本人確認書類\n\n申請から結果のお知らせまでは、おおむね30日程度かかります。\n"
        "訪問調査の日程は、後日担当の調査員からお電話でご連絡いたします。",
    ),
    Theme(
        "shimin",
        "住民票の写しの郵送請求について",
        "住民票の写しを郵送で請求したいのですが、手数料の支払い方法を教えてください。\n"
        "仕事の都合で平日に窓口へ伺うことができません。\n\n{name}\n{phone}",
        "住民票の写しの郵送請求について、ご案内いたします。\n\n手数料は1通300円で、定額小為替でお支払いください。\n"
        "請求書、定額小為替、本人確認書類の写し、返信用封筒（切手を貼り、ご住所を記入したもの）を同封のうえ、"
        "市民課あてにお送りください。\n\nなお、毎月第2・第4土曜日の午前中（9時～12時）は窓口を開庁しております。",
    ),
    Theme(
        "kosodate",
        "児童手当の手続きについて",
        "来月えがお市に転入予定です。児童手当の手続きはいつまでに必要でしょうか。\n子どもは2人（5歳と2歳）です。\n\n"
        "{name}\n現住所：{addr}\n携帯：{phone}",
        "児童手当の手続きについてお答えします。\n\n転入された日の翌日から15日以内に、子育て支援課の窓口で"
        "「認定請求書」を提出してください。\n手続きが遅れると、遅れた月分の手当を受け取れなくなる場合がありますので"
        "ご注意ください。\n\n当日は、請求者名義の預金通帳またはキャッシュカード、本人確認書類をお持ちください。",
    ),
    Theme(
        "shogai",
        "市民講座「はじめての防災」申込み",
        "市民講座「はじめての防災」に申し込みます。\n参加者：{name}\n電話：{phone}\nよろしくお願いいたします。",
        "市民講座「はじめての防災」へのお申し込みを受け付けました。\n受付番号は B-{num} です。\n\n"
        "日時：12月12日（土）10:00～12:00\n会場：えがお市民会館 第2会議室\n\n当日は筆記用具をお持ちください。\n"
        "駐車場に限りがありますので、公共交通機関をご利用ください。",
    ),
    Theme(
        "zeimu",
        "納付書の再発行のお願い",
        "市民税の納付書を紛失してしまいました。再発行をお願いできますか。\n\n{name}\n住所：{addr}\n電話：{phone}",
        "市民税・都民税の納付書の再発行について承りました。\n\n再発行した納付書は、住民登録のご住所あてに3～5日程度で"
        "お送りします。\n納期限を過ぎた場合でも、再発行した納付書でお支払いいただけます。\n"
        "お急ぎの場合は、税務課の窓口でも即日再発行が可能です。",
    ),
    Theme(
        "doro",
        "自宅前の道路の穴について",
        "自宅前の市道に穴が開いていて、自転車が通るときに危険です。\n場所は中町三丁目のコンビニ前の交差点付近です。"
        "写真を添付します。\n\n{name}\n{phone}",
        "道路の損傷についてご連絡いただき、ありがとうございます。\n\n本日、職員が現地を確認し、応急の補修を行いました。\n"
        "本格的な補修工事は来週中に実施する予定です。\n今後も、お気づきの点がございましたらお知らせください。",
    ),
    Theme(
        "gomi",
        "粗大ごみの出し方",
        "引っ越しに伴い、ソファとベッドを粗大ごみとして出したいです。\n収集の申込方法を教えてください。\n住所：{addr}",
        "粗大ごみの収集についてご案内します。\n\n粗大ごみは事前申込制です。粗大ごみ受付センター（電話 0570-000-530、"
        "受付時間 平日8:30～17:00）または市ホームページの受付フォームからお申し込みください。\n"
        "ソファは1点1,200円、ベッドは1点1,500円の粗大ごみ処理券が必要です。",
    ),
    Theme(
        "kosodate",
        "保育園の入園申込について",
        "4月からの保育園入園を希望しています。申込書類はどこで受け取れますか。\n"
        "子どもの生年月日は令和7年5月10日です。\n\n{name}",
        "保育園の入園申込についてご案内します。\n\n申込書類は、子育て支援課の窓口、各区役所の区民課、"
        "市ホームページで配布しています。\n4月入園の一次申込期間は12月1日（火）から12月25日（金）までです。\n\n"
        "お子様の生年月日から、0歳児クラスでのお申し込みとなります。",
    ),
    Theme(
        "kita",
        "特定健診を受けられる医療機関について",
        "特定健診の受診券が届いたのですが、近所で受診できる医療機関を教えてください。\n\n{name}\n{addr}",
        "特定健診を受診できる医療機関の一覧を、市ホームページに掲載しております。\n"
        "https://www.example-city.lg.jp/kenko/tokutei.html\n\nお近くでは、えがお中央クリニック（TEL 03-5555-7001）、"
        "北町内科医院（TEL 03-5555-7015）で受診できます。\n受診の際は、事前に医療機関へご予約ください。",
    ),
    Theme(
        "shimin",
        "転入届に必要なもの",
        "12月中旬に転入します。転入届の際に必要なものを教えてください。マイナンバーカードは持っています。\n\n{name}\n{phone}",
        "転入届に必要なものをご案内します。\n\n・前住所地で交付された転出証明書（マイナンバーカードを利用した転出の場合は不要です）\n"
        "・マイナンバーカード（世帯全員分）\n・窓口に来られる方の本人確認書類\n\n"
        "マイナンバーカードの継続利用の手続きも同時に行いますので、暗証番号をご確認のうえお越しください。",
    ),
    Theme(
        "gakumu",
        "就学時健康診断の通知が届きません",
        "来年4月に小学校へ入学する子どもがいます。就学時健康診断の通知がまだ届いていません。\n\n{name}\n{addr}\n{phone}",
        "就学時健康診断の通知は、11月下旬に順次発送しております。\n確認したところ、お子様あての通知は11月27日に"
        "発送済みでしたので、もう数日お待ちください。\n12月7日を過ぎても届かない場合は、お手数ですが学務課まで"
        "ご連絡ください。",
    ),
    Theme(
        "kaigo",
        "デイサービスの事業所について",
        "父が通うデイサービスを探しています。市内の事業所の一覧はありますか。\n\n{name}\n{phone}",
        "市内の介護サービス事業所の一覧は、市ホームページの「介護サービス事業所一覧」に掲載しております。\n"
        "また、お近くの地域包括支援センターでもご相談を受け付けています。\n\n北地域包括支援センター\n"
        "〒100-0021 東京都えがお市北町2-8-1\nTEL 03-5555-8101",
    ),
    Theme(
        "minami",
        "両親学級の申込みについて",
        "来年3月に出産予定です。両親学級に夫婦で参加したいのですが、申込みはメールでもできますか。\n\n{name}\n"
        "出産予定日：令和9年3月15日\n{phone}",
        "両親学級へのお申し込みを承りました。\n\n1月16日（土）13:30～15:30、南区保健センター2階の多目的室で開催します。\n"
        "母子健康手帳と筆記用具をお持ちください。",
    ),
    Theme(
        "town",
        "高齢者見守りサービスについて",
        "一人暮らしの父（見本町在住）の見守りサービスについて教えてください。\n\n{name}\n{phone}",
        "高齢者見守りサービスについてご案内いたします。\n\n町では、緊急通報装置の貸与と、週1回の安否確認の電話を"
        "行っています。\n申請書をお父様のご住所あてに郵送しますので、ご記入のうえご返送ください。",
    ),
]


def resident(domain: str | None = None) -> tuple[Person, str]:
    p = person()
    return p, free_address(p, domain)


def fill(text: str, p: Person) -> str:
    return text.format(name=p.name, addr=home_address(), phone=phone_mobile(), num=R.randint(100, 999))


QUOTE_STYLES = [
    "gmail_ja",
    "gmail_en",
    "iphone_ja",
    "tb_ja",
    "becky",
    "outlook_en",
    "outlook_ja",
    "outlook_ja_bar",
]


# ------------------------------------------------------------------ legitimate mail


def legit_replies() -> None:
    """Replies to residents: salutation, the office's answer, its signature, often her quoted mail."""
    for i in range(44):
        theme = THEMES[i % len(THEMES)]
        s = staff(theme.section)
        p, address = resident()
        name = display(p, address)
        quoted = i % 4 != 3
        style = QUOTE_STYLES[i % len(QUOTE_STYLES)]
        quote = None
        if quoted:
            quote = Quote(style, name, address, later(-1, -2), s.section.email, theme.subject, fill(theme.ask, p))
        text = f"{salutation(p)}\n\n{opening(s)}\n" + (
            "お問い合わせいただき、ありがとうございます。\n\n" if i % 3 else "メールを拝見しました。\n\n"
        )
        text += fill(theme.answer, p) + "\n\n" + closing()
        mail = Mail(
            sender=sec_from(s) if i % 2 else who(s),
            to=[(address, name)],
            subject="Re: " + theme.subject,
            text=text,
            sig=city_sig(s),
            quote=quote,
            reply=True,
            date=later(0, i % 7),
        )
        policy = "default" if theme.section in ("town",) else "city" if i % 2 == 0 else "default"
        what = f"quotes her own message ({style})" if quoted else "no quote"
        add(
            mail,
            f"reply-{theme.section}",
            kind="legitimate",
            policy=policy,
            reason=f"Reply to the resident who wrote in, with the office's own signature; {what}: nothing to check.",
        )


def legit_inline_replies() -> None:
    """Interleaved answers: the resident's questions quoted line by line, with her own contact data."""
    for i in range(4):
        s = staff(["kaigo", "kosodate", "shimin", "kita"][i])
        p, address = resident()
        phone = phone_mobile()
        mark = "＞" if i % 2 else ">"
        text = (
            f"{p.name} 様\n\n{opening(s)}\nご質問に順にお答えします。\n\n"
            f"{mark} 申請書は郵送でも受け付けてもらえますか。\n\n郵送でも受け付けております。\n\n"
            f"{mark} 平日は日中に電話に出られないので、{phone}に夕方以降にご連絡いただけますか。\n\n"
            "承知しました。17時以降にお電話いたします。\n\n" + closing()
        )
        add(
            Mail(who(s), [(address, p.name)], "Re: 申請について", text, sig=city_sig(s), reply=True),
            "reply-inline",
            kind="legitimate",
            policy="default" if i % 2 else "city",
            reason="Inline reply quoting the resident's own questions (with her own phone number) back to her.",
        )


def legit_english() -> None:
    """English mail to overseas partners and to a foreign resident."""
    bodies = [
        (
            BROWN,
            "Delegation visit in February",
            "Thank you for your email and for the draft programme. We are delighted that the delegation of the "
            "Sister City Association will visit Egao City from 16 to 19 February.\n\nWe have reserved rooms at "
            "Hotel Egao Central (2-1-1 Nakamachi, Egao City, tel. +81-3-5555-6000) for the whole delegation. "
            "The welcome reception will be held at the City Hall on the evening of 16 February.\n\n"
            "Could you send us the final list of participants by 15 January?",
        ),
        (
            CHEN,
            "Teacher exchange programme 2027",
            "Thank you very much for the productive meeting last week. As discussed, the Board of Education "
            "would like to host two teachers from your network in the autumn term.\n\nThe application guidelines "
            "are on our website: https://www.example-city.lg.jp/en/exchange.html\n\nWe look forward to working "
            "with you.",
        ),
        (
            MILLER,
            "Disaster preparedness seminar",
            "Thank you for agreeing to speak at our disaster preparedness seminar on 22 January. The seminar "
            "will take place at Egao Civic Hall, Main Hall (5-1 Nakamachi 2-chome, Egao City).\n\nThe session "
            "will last 60 minutes including questions; simultaneous interpretation will be provided. Please "
            "let us know if you need a projector or any other equipment.",
        ),
    ]
    salut = {
        BROWN: ["Dear Ms Brown,", "Dear Alice,", "Hi Alice,"],
        CHEN: ["Dear Dr. Chen,", "Dear Dr Chen,"],
        MILLER: ["Dear Mr Miller,", "Dear James,"],
    }
    s = new_staff("kokusai")
    for i in range(9):
        f, subject, body = bodies[i % 3]
        quote = None
        if i % 3 != 2:
            quote = Quote(
                "gmail_en" if i % 2 else "outlook_en",
                f.name,
                f.email,
                later(-2),
                SECTIONS["kokusai"].email,
                subject,
                f"Dear {s.p.romaji},\n\nThank you for your help. We have two questions:\n1. Can the delegation visit a primary school?\n"
                "2. Could the reception offer vegetarian dishes?\n\n"
                f"Kind regards,\n{f.name}\n{f.org}\nPhone: +1 503 555 {R.randint(1000, 9999)}",
            )
        mail = Mail(
            who(s),
            [(f.email, f.name)],
            ("Re: " if quote else "") + subject,
            f"{pick(salut[f])}\n\n{body}",
            sig=en_sig(s),
            quote=quote,
            lang="en",
            reply=quote is not None,
        )
        add(
            mail,
            "english-partner",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="English mail to an overseas partner addressed by name/title; signature and venue details are public.",
        )
    # A foreign resident writing in English to the city.
    for i in range(3):
        _p, address = resident("gmail.com")
        name = ["Maria Santos", "Nguyen Van An", "Emily Clark"][i]
        address = ["maria.santos.tokyo@gmail.com", "nguyenvanan1990@gmail.com", "emily.clark.jp@outlook.jp"][i]
        sh = new_staff("shimin")
        quote = Quote(
            "gmail_en",
            name,
            address,
            later(-1),
            SECTIONS["shimin"].email,
            "Moving in - residence registration",
            f"Hello,\n\nI will move to Egao City next month. What do I need to bring for the residence registration?\n\n"
            f"My phone: {phone_mobile()}\n{name}",
        )
        text = (
            f"Dear {'Mr ' + name.split()[0] if i == 1 else ('Ms ' + name.split()[1])},\n\nThank you for your email. Please bring "
            "your residence card, passport and the moving-out certificate from your previous municipality to the "
            "Citizens Division (City Hall, 1st floor) within 14 days of moving in.\n\nOpening hours are 8:30 to 17:15 "
            "on weekdays."
        )
        add(
            Mail(
                sec_from(sh),
                [(address, name)],
                "Re: Moving in - residence registration",
                text,
                sig="Citizens Division, Egao City Hall\n1-2-3 Honcho, Egao City, Tokyo 100-0005\nTel: +81-3-5555-0131",
                quote=quote,
                lang="en",
                reply=True,
            ),
            "english-resident",
            kind="legitimate",
            reason="English reply to a foreign resident who asked; quotes her own message with her own phone.",
        )


def legit_internal() -> None:
    """Forwards inside the office and internal mail with residents' data (allowed internally)."""
    for i in range(8):
        s = staff(["kaigo", "kosodate", "shimin", "zeimu"][i % 4])
        boss = new_staff(s.section.key, "課長")
        p, address = resident()
        theme = next(t for t in THEMES if t.section == s.section.key)
        style = ["fwd_gmail", "fwd_tb_ja", "outlook_ja", "outlook_ja_bar"][i % 4]
        quote = Quote(style, p.name, address, later(-1), s.section.email, theme.subject, fill(theme.ask, p))
        text = (
            f"{boss.p.last}課長\n\nお疲れ様です。{s.p.last}です。\n市民の方から下記のお問い合わせがありました。\n"
            "回答案を作成しましたので、ご確認をお願いします。\n\n回答案：\n" + fill(theme.answer, p).split("\n\n")[0]
        )
        add(
            Mail(who(s), [(boss.email, boss.p.name)], "FW: " + theme.subject, text, sig=city_sig(s, 4), quote=quote),
            "internal-forward",
            kind="legitimate",
            policy="city" if i % 2 else "default",
            reason="A resident's inquiry forwarded to the section chief inside the office: internal only.",
        )
    # Internal case hand-over with personal data in the new text.
    for i in range(8):
        s = staff(["kaigo", "kita", "kosodate", "shimin"][i % 4])
        to = [new_staff(k) for k in (["kita", "minami"] if i % 2 else ["kaigo"])]
        p = person()
        text = (
            f"{to[0].section.short} {to[0].p.last}様\n\nお疲れ様です。{s.section.short}の{s.p.last}です。\n"
            "下記の方について、訪問での状況確認をお願いします。\n\n"
            f"氏名：{p.name}（{p.kana}）\n生年月日：{dob_text()}\n住所：{home_address()}\n"
            f"電話：{phone_home()}\n\nご本人から、{pick(['最近物忘れが増えた', '食事がとれていない', '転倒が続いている'])}"
            "との相談がありました。\nよろしくお願いします。"
        )
        cc = [(new_staff(s.section.key, "係長").email, "")] if i % 3 == 0 else []
        add(
            Mail(who(s), [(t.email, t.p.name) for t in to], "訪問依頼（要確認）", text, cc=cc, sig=city_sig(s, 4)),
            "internal-personal-data",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Resident's data sent between sections of the same city office: stays internal (allowed).",
        )
    # Internal roster attached.
    for i in range(3):
        s = staff("shogai")
        chief = new_staff("shogai", "係長")
        rows = [["氏名", "フリガナ", "電話番号", "メールアドレス"]] + [
            [q.name, q.kana, phone_mobile(), free_address(q)] for q in (person() for _ in range(15))
        ]
        att = (
            Att("講座申込者一覧.xlsx", XLSX, xlsx(rows))
            if i % 2
            else Att("講座申込者一覧.csv", "text/csv", csv_bytes(rows))
        )
        add(
            Mail(
                who(s),
                [(chief.email, chief.p.name)],
                "市民講座 申込者一覧",
                f"{chief.p.last}係長\n\nお疲れ様です。{s.p.last}です。\n12月12日の市民講座の申込者一覧を添付します。\n"
                "当日の受付名簿の作成をお願いします。",
                attachments=[att],
            ),
            "internal-roster",
            kind="legitimate",
            policy="city" if i % 2 else "default",
            reason="Applicants' list attached to a colleague in the same section: internal only.",
        )


def legit_meetings() -> None:
    """Meeting invitations to several internal people; several people of one partner organisation."""
    topics = [
        ("システム更新に関する打合せ", "本庁舎5階 第3会議室", "次期住民情報システムの移行スケジュールについて"),
        ("地域包括ケア推進会議（第3回）", "本庁舎2階 201会議室", "見守りネットワークの運用状況について"),
        ("年末年始の窓口体制について", "オンライン（Teams）", "12月29日から1月3日までの当番体制について"),
        ("防災訓練の事前打合せ", "第二庁舎 防災センター", "1月17日の総合防災訓練の役割分担について"),
    ]
    greetings = ["関係各位", "各位", "関係者各位", "皆様"]
    for i in range(8):
        s = staff(["joho", "kaigo", "shimin", "doro"][i % 4])
        title, place, agenda = topics[i % 4]
        keys = R.sample(sorted(STAFF), 5)
        # The city's own sections only (the neighbouring town's office is another organisation).
        spare = [k for k in ("kaigo", "shimin", "kosodate", "zeimu", "koho", "gomi") if k not in keys]
        keys = [spare.pop(0) if k.startswith("town") else k for k in keys]
        invitees = [new_staff(k) for k in keys]
        text = (
            f"{greetings[i % 4]}\n\nお疲れ様です。{s.section.short}の{s.p.last}です。\n下記のとおり{title}を開催します。"
            f"\nご多忙のところ恐縮ですが、ご出席をお願いします。\n\n日時：12月{8 + i}日（{WEEKDAYS_JA[(1 + i) % 5]}）14:00～15:30\n"
            f"場所：{place}\n議題：{agenda}\n\n出欠を12月4日までにご返信ください。"
        )
        to = [(t.email, t.p.name) for t in invitees[:4]]
        cc = [(invitees[4].email, f"{invitees[4].p.name}（課長）")]
        add(
            Mail(who(s), to, f"【ご案内】{title}", text, cc=cc, sig=city_sig(s, 3)),
            "meeting-internal",
            kind="legitimate",
            policy="city" if i % 2 else "default",
            reason="Meeting invitation to several colleagues of the same office: all internal.",
        )
    for i in range(4):
        o = [CARE, TOWA, BRIDGE, MIRAI][i]
        s = staff(["kaigo", "joho", "doro", "koho"][i])
        people = o.people
        names = "様、".join(p.last for p, _, _ in people) + "様"
        text = (
            f"{o.name}\n{names}\n\nいつもお世話になっております。\n{s.section.org} {s.section.short}の{s.p.last}です。\n\n"
            f"次回の定例打合せを12月{10 + i}日（木）15時から、{s.section.org}役所 {s.section.floor}の会議室で行います。\n"
            "資料は当日配布いたします。" + "\n\n" + closing()
        )
        to = [(f"{local}@{o.domain}", p.name) for p, _, local in people[:1]]
        cc = [(f"{local}@{o.domain}", p.name) for p, _, local in people[1:]] + [(staff(s.section.key).email, "")]
        add(
            Mail(who(s), to, "定例打合せの日程について", text, cc=cc, sig=city_sig(s)),
            "meeting-one-partner",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Several people of one partner company in To/Cc: one external party, who may see each other.",
        )


def legit_newsletters() -> None:
    """Newsletters and notices sent correctly: everyone in Bcc, To = own address."""
    for i in range(8):
        subscribers = []
        for _ in range(R.randint(12, 40)):
            p, address = resident()
            subscribers.append((address, p.name if R.random() < 0.4 else ""))
        own = ("えがお市 広報課", "news@example-city.lg.jp")
        venue = (
            "■ 会場\nえがお市民会館 大ホール\n〒100-0012 東京都えがお市中町2-5-1\nTEL 03-5555-0800（市民会館）"
            if i % 2
            else "■ お問い合わせ\n子育て支援課（TEL 03-5555-0145）\n受付：平日 8:30～17:15"
        )
        text = (
            f"えがおのまち通信 12月号（第{120 + i}号）\n\n"
            "■ 年末年始のごみ収集日程\n12月31日（木）から1月3日（日）まで、ごみの収集はお休みです。\n\n"
            "■ 子育て応援フェスタのお知らせ\n12月19日（土）10時から、親子で楽しめるイベントを開催します。\n\n"
            f"{venue}\n\n配信停止・登録内容の変更は https://news.example-city.lg.jp/unsubscribe から"
        )
        headers = [
            (
                "List-Unsubscribe",
                "<mailto:unsubscribe@news.example-city.lg.jp>, <https://news.example-city.lg.jp/unsubscribe>",
            )
        ]
        if i % 3 == 0:
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        add(
            Mail(
                own, [(own[1], own[0])], "【メルマガ】えがおのまち通信 12月号", text, bcc=subscribers, headers=headers
            ),
            "newsletter-bcc",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            incidents=[1, 7],
            reason="Newsletter with every subscriber in Bcc and only the office's own address in To (#1/#7 done right).",
        )
    for i in range(6):
        s = staff(["shogai", "kaigo", "town", "kosodate", "shogai", "town"][i])
        participants = []
        for _ in range(R.randint(6, 25)):
            p, address = resident()
            participants.append((address, ""))
        to = [(s.section.email, f"{s.section.org} {s.section.short}")]
        greeting = [
            "講座にお申し込みの皆様",
            "関係者各位",
            "参加者の皆様",
            "保護者の皆様",
            "各位",
            "ボランティア登録者の皆様",
        ][i]
        text = (
            f"{greeting}\n\n{s.section.org} {s.section.short}です。\n"
            "先日ご案内した講座の会場が変更になりましたので、お知らせします。\n\n"
            "変更後の会場：えがお市民会館 第2会議室\n〒100-0012 東京都えがお市中町2-5-1\n"
            "TEL 03-5555-0800\n\n※このメールは、お申し込みの皆様にBCCでお送りしています。"
        )
        add(
            Mail(sec_from(s), to, "【会場変更】講座のお知らせ", text, bcc=participants, sig=city_sig(s, 1)),
            "notice-bcc",
            kind="legitimate",
            policy="default" if s.section.key == "town" else ("city" if i % 2 else "default"),
            incidents=[1],
            reason="Notice to residents, all in Bcc, To = the office's own address; venue's published phone and address.",
        )


def legit_titles() -> None:
    """Salutations with titles: 課長 森 健一 様, 部長, 先生, Dr., 校長."""
    # Internal with a title.
    for i in range(4):
        s = staff(["joho", "shimin", "kosodate", "zeimu"][i])
        form = [
            f"{MORI.title} {MORI.p.name} 様",
            f"{MORI.p.last}課長",
            f"高齢福祉課長 {MORI.p.name} 様",
            f"{MORI.p.last} {MORI.title}",
        ][i]
        text = (
            f"{form}\n\nお疲れ様です。{s.section.short}の{s.p.last}です。\n"
            "来週の庁内連絡会議の資料について、高齢福祉課分の提出期限を12月9日（水）とさせていただきます。\n"
            "お忙しいところ恐縮ですが、よろしくお願いいたします。"
        )
        add(
            Mail(who(s), [(MORI.email, MORI.p.name)], "庁内連絡会議の資料について", text, sig=city_sig(s, 4)),
            "title-internal",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason=f"Salutation '{form}' with the recipient's title; the recipient is that person.",
        )
    # Partner company people with titles.
    for i in range(4):
        o = [CARE, TOWA, BRIDGE, SAKURA][i]
        p, dept, local = o.people[0]
        title = dept.split()[-1] if dept.split()[-1] in ("部長", "課長", "事務局長") else "部長"
        s = staff(["kaigo", "joho", "doro", "shido"][i])
        form = [
            f"{o.name}\n{dept}\n{p.name} 様",
            f"{o.name}\n{title} {p.name} 様",
            f"{o.name} {p.last}{title}",
            f"{o.name}\n{p.last} {title}様",
        ][i]
        text = f"{form}\n\n{opening(s)}\n先日はお打合せのお時間をいただき、ありがとうございました。\n" + (
            "ご提案いただいた内容で、庁内の調整を進めております。\n正式なご回答は来週中にお送りいたします。\n\n"
            + closing()
        )
        add(
            Mail(who(s), [(f"{local}@{o.domain}", f"{p.name}")], "先日のお打合せのお礼", text, sig=city_sig(s)),
            "title-partner",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Company / department / title / person block naming the recipient.",
        )
    # 先生 (doctor, school head).
    for i in range(4):
        if i < 2:
            school, domain = SCHOOLS[i]
            head = SCHOOL_HEADS[i]
            to = (f"kocho@{domain}", f"{head.name}")
            form = [f"{school}\n校長 {head.name} 様", f"{school}\n{head.last} 校長先生"][i]
            subject = "学校訪問の日程について"
            body = "1月の学校訪問の日程について、下記の候補日をご提示いたします。\n・1月19日（火）午前\n・1月21日（木）午後"
            s = staff("gakumu")
        else:
            p, _, local = MEDICAL.people[0]
            to = (f"{local}@{MEDICAL.domain}", p.name)
            form = [f"{MEDICAL.name}\n{p.last}先生", f"{MEDICAL.name} 事務局\n{p.name} 先生"][i - 2]
            subject = "予防接種の説明会について"
            body = "高齢者インフルエンザ予防接種の説明会について、医師会の先生方へのご案内をお願いしたく、ご連絡いたしました。"
            s = staff("kita")
        add(
            Mail(who(s), [to], subject, f"{form}\n\n{opening(s)}\n{body}\n\n{closing()}", sig=city_sig(s)),
            "title-sensei",
            kind="legitimate",
            policy="city",
            reason="Salutation with 校長 / 先生 for the recipient, a school or the medical association.",
        )


def legit_several_names() -> None:
    """Several names in one line or one per line; the people named are the recipients."""
    for i in range(8):
        o = [CARE, TOWA, CARE, TOWA, BRIDGE, SAKURA, CARE, TOWA][i]
        s = staff({CARE.domain: "kaigo", TOWA.domain: "joho", BRIDGE.domain: "doro", SAKURA.domain: "shido"}[o.domain])
        colleague = next(c for c in STAFF[s.section.key] if c is not s)
        a, b = o.people[0], o.people[1]
        if i < 2:
            head = f"{a[0].last}様、{b[0].last}様"
        elif i < 4:
            head = f"{o.name}\n{a[0].last}様・{b[0].last}様"
        elif i < 6:
            head = f"{o.name}\n{a[0].name} 様\n{b[0].name} 様"
        else:
            head = f"{a[0].last}様\n（CC：{b[0].last}様、{colleague.p.last}）"
        text = f"{head}\n\n{opening(s)}\n" + pick(
            [
                "ご送付いただいた見積書を拝受しました。内容を確認し、来週中にご連絡いたします。",
                "12月分の作業報告書を確認しました。特に問題はございません。",
                "本日の打合せの議事録を作成しましたので、ご確認をお願いいたします。修正点があれば金曜日までにお知らせください。\n\n"
                "1. 次回の納品予定日：12月18日\n2. 検収方法：職員立会いによる動作確認",
            ]
        )
        to = [(f"{a[2]}@{o.domain}", a[0].name)]
        cc = [(f"{b[2]}@{o.domain}", b[0].name)] + ([(colleague.email, colleague.p.name)] if i >= 6 else [])
        add(
            Mail(
                who(s), to, "Re: 作業報告について", text + "\n\n" + closing(), cc=cc, sig=city_sig(s), reply=i % 2 == 0
            ),
            "several-names",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Salutation naming two people of one partner; both are the recipients (To and Cc).",
        )
    # Two internal colleagues.
    for i in range(2):
        s = staff("shimin")
        x, y = new_staff("joho"), new_staff("joho")
        sep = "、" if i == 0 else "・"
        text = (
            f"{x.p.last}様{sep}{y.p.last}様\n\nお疲れ様です。市民課の{s.p.last}です。\n"
            "コンビニ交付システムの停止時間について、市民向けのお知らせ文案を作成しました。\nご確認をお願いします。"
        )
        add(
            Mail(who(s), [(x.email, x.p.name), (y.email, y.p.name)], "お知らせ文案の確認", text, sig=city_sig(s, 4)),
            "several-names-internal",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            reason="Two colleagues named in one line, both in To: internal.",
        )


def legit_generic() -> None:
    """Generic addressees: 各位, 関係者各位, 皆様, ご担当者様, 御中, 各区保健センター所長 様."""
    # 各区保健センター所長 様 to the heads of the ward health centres.
    heads = [Staff(person(), SECTIONS["kita"], "所長") for _ in HOKEN_CENTRES]
    for i, form in enumerate(["各区保健センター所長 様", "各区保健センター所長 各位", "保健センター所長 各位"]):
        s = staff("kaigo")
        to = [
            (
                f"{['kita', 'minami', 'chuo', 'higashi', 'nishi'][k]}-hoken-shocho@{CITY_DOMAIN}",
                f"{w}保健センター所長 {h.p.name}",
            )
            for k, (w, h) in enumerate(zip(HOKEN_CENTRES, heads, strict=True))
        ]
        text = (
            f"{form}\n\nお疲れ様です。高齢福祉課の{s.p.last}です。\n"
            "令和9年度の介護予防教室の実施計画について、各センターの実施予定回数を12月11日までにご回答ください。\n"
            "様式は共有フォルダ（\\\\fileserver\\kaigo\\2027計画）に保存しています。"
        )
        add(
            Mail(who(s), to, "介護予防教室の実施計画について（依頼）", text, sig=city_sig(s, 3)),
            "generic-centre-heads",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason=f"'{form}' is a collective addressee (the heads of all ward centres), all internal recipients.",
        )
    # ご担当者様 / 御中 to one organisation.
    for i in range(8):
        o = ORGS[i % len(ORGS)]
        s = staff(["kaigo", "joho", "koho", "doro", "shido", "shido", "shido", "kita"][i])
        form = [
            f"{o.name} 御中",
            f"{o.name}\nご担当者様",
            f"{o.name} ご担当者様",
            f"{o.name}\n{o.people[0][1].split()[0]} 御中",
            "ご担当者様",
            f"{o.name}\n事務局 御中",
            f"{o.name}\n{o.people[0][1]} 様",
            f"{o.name}\n{o.people[0][1].split()[0]} ご担当者様",
        ][i]
        local = pick(["info", "office", "jimukyoku", "contact"])
        to = [(f"{local}@{o.domain}", pick([o.name, f"{o.name} 事務局", ""]))]
        text = (
            f"{form}\n\n{opening(s)}\n"
            + pick(
                [
                    "令和8年度の事業実績報告書の提出期限についてご連絡いたします。\n提出期限は令和9年1月29日（金）です。",
                    "先日ご依頼のあった資料の閲覧について、12月15日以降であれば対応可能です。",
                    "年末年始の休業期間について、ご確認させていただきたくご連絡いたしました。",
                ]
            )
            + "\n\n"
            + closing()
        )
        add(
            Mail(who(s), to, "ご連絡（えがお市）", text, sig=city_sig(s)),
            "generic-onchu",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Addressed to the organisation (御中 / ご担当者様) that is the only recipient.",
        )
    # 各位 / 皆様 to several internal people, and to residents in Bcc.
    for i in range(4):
        s = staff("joho")
        to = [(new_staff(k).email, "") for k in ["kaigo", "shimin", "kosodate", "zeimu", "doro"]]
        form = ["職員各位", "各課庶務担当者 各位", "情報化推進員の皆様", "所属長 各位"][i]
        text = (
            f"{form}\n\n情報政策課です。\n12月12日（土）9:00～17:00に、庁内ネットワークの保守作業を行います。\n"
            "作業中は、庁内メール、グループウェアが利用できません。\nご理解とご協力をお願いします。"
        )
        add(
            Mail(sec_from(s), to, "【重要】庁内ネットワーク保守作業のお知らせ", text, sig=city_sig(s, 4)),
            "generic-internal",
            kind="legitimate",
            policy="city" if i % 2 else "default",
            reason=f"'{form}' to colleagues of the same office: internal notice.",
        )


def legit_org_blocks() -> None:
    """Company / department / title / person blocks and romaji or katakana display names."""
    for i in range(6):
        o = [TOWA, CARE, MIRAI, TOWA, BRIDGE, CARE][i]
        idx = i % len(o.people)
        p, dept, local = o.people[idx]
        s = staff(["joho", "kaigo", "koho", "joho", "doro", "kaigo"][i])
        lines = (
            [o.name, *dept.split()[:-1], f"{dept.split()[-1]} {p.name} 様"]
            if len(dept.split()) > 1
            else [o.name, dept, f"{p.name} 様"]
        )
        shown = [p.name, p.romaji, f"{p.last_roma.upper()} {p.first_roma}", p.kana, f"{p.name}（{o.name}）", ""][i]
        text = (
            "\n".join(lines)
            + f"\n\n{opening(s)}\n"
            + pick(
                [
                    "ご提出いただいた作業計画書について、2点確認させてください。\n1. 移行リハーサルの実施日\n2. 障害発生時の連絡体制",
                    "納品物の検収が完了しましたので、請求書のご送付をお願いいたします。",
                    "来年度の契約更新に向けて、仕様書の案を作成しております。ご意見をいただければ幸いです。",
                ]
            )
        )
        add(
            Mail(
                who(s), [(f"{local}@{o.domain}", shown)], "ご確認のお願い", text + "\n\n" + closing(), sig=city_sig(s)
            ),
            "org-block",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason=f"Company/department/title/person block for the recipient (display name shown as '{shown or 'none'}').",
        )
    for i in range(6):
        p, address = resident()
        s = staff(["shogai", "kosodate", "shimin"][i % 3])
        shown = [
            p.romaji,
            p.romaji.upper(),
            p.kana,
            f"{p.last_kana}{p.first_kana}",
            f"{p.last_roma} {p.first_roma}",
            p.first_roma.lower(),
        ][i]
        text = (
            f"{salutation(p)}\n\n{opening(s)}\nお問い合わせの件、担当者に確認いたしました。\n"
            "ご希望の日程で手続きが可能です。当日は本人確認書類をお持ちください。\n\n" + closing()
        )
        add(
            Mail(who(s), [(address, shown)], "Re: 手続きの日程について", text, sig=city_sig(s), reply=True),
            "display-romaji-kana",
            kind="legitimate",
            policy="default",
            reason=f"Kanji salutation to a resident whose mail client shows her name as '{shown}': same person.",
        )


def legit_attachments() -> None:
    """Password notices, encrypted attachments, files by link, not attached, attached earlier."""
    for i in range(5):
        o = [CARE, TOWA, SAKURA, MIRAI, BRIDGE][i]
        p, _, local = o.people[0]
        s = staff(["kaigo", "joho", "shido", "koho", "doro"][i])
        password = "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789") for _ in range(12))
        docs = [("委託業務報告書.pdf", pdf(["委託業務報告書", f"{o.name} 御中", "令和8年11月分"]))]
        data = encrypted_zip([(n, d) for n, d in docs], password)
        zip_name = ["委託業務資料_20261130.zip", "仕様書案.zip", "監査資料.zip", "広報紙原稿.zip", "図面.zip"][i]
        to = [(f"{local}@{o.domain}", p.name)]
        head = f"{o.name}\n{p.name} 様"
        add(
            Mail(
                who(s),
                to,
                "資料の送付について",
                f"{head}\n\n{opening(s)}\n資料を添付いたします。\nファイルはパスワード付きZIPファイルです。"
                "パスワードは別のメールでお送りします。\n\n" + closing(),
                sig=city_sig(s),
                attachments=[Att(zip_name, "application/zip", data)],
            ),
            "encrypted-zip",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            incidents=[20],
            reason="Password-protected ZIP to the organisation it is for; password sent separately (#20 practice).",
        )
        text = pick(
            [
                f"{head}\n\n{opening(s)}\n先ほどお送りしたメールの添付ファイルのパスワードをお知らせします。\n\n"
                f"パスワード：{password}\n\n" + closing(),
                f"{head}\n\n{opening(s)}\n添付ファイルのパスワードをお知らせします。\n\n対象ファイル：{zip_name}\n"
                f"パスワード：{password}\n\n" + closing(),
                f"{head}\n\n{opening(s)}\n別メールにて送付しました添付ファイル（{zip_name}）のパスワードは以下のとおりです。\n\n"
                f"{password}\n\n" + closing(),
            ]
        )
        add(
            Mail(who(s), to, "【パスワード送付】資料の送付について", text, sig=city_sig(s)),
            "password-notice",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Password for the attachment of the previous mail: this mail itself has, and needs, no attachment.",
        )
    # A password notice to a resident after an encrypted PDF.
    p, address = resident()
    s = staff("zeimu")
    add(
        Mail(
            who(s),
            [(address, p.name)],
            "【パスワードのお知らせ】課税証明書の送付",
            f"{p.name} 様\n\n{opening(s)}\n先ほどお送りした課税証明書（PDF）を開くためのパスワードをお知らせします。\n\n"
            f"パスワード：{R.randint(10000000, 99999999)}\n\n" + closing(),
            sig=city_sig(s),
            reply=True,
        ),
        "password-notice-resident",
        kind="legitimate",
        reason="Password notice to the resident for a file sent earlier; no attachment expected.",
    )
    # Link, transfer service, not attached, attached earlier.
    forms = [
        "資料は容量が大きいため、添付ではなく、えがお市ファイル転送サービスでお送りします。\n"
        "下記のURLからダウンロードしてください（ダウンロード期限：12月7日）。\nhttps://transfer.example-city.lg.jp/d/{code}",
        "申請書の様式は、市ホームページからダウンロードできます。\nhttps://www.example-city.lg.jp/tetsuzuki/{code}.html\n"
        "なお、このメールには添付ファイルはございません。",
        "昨日お送りしたメールに添付した資料について、2ページ目の日付に誤りがありました。\n"
        "正しくは「12月18日（金）」です。お手数ですが、お手元の資料を修正してご利用ください。",
        "申請書は、本メールには添付しておりません。窓口または郵送でお渡しいたします。",
        "ご依頼の図面データは、共有フォルダ（\\\\fileserver\\doro\\提出用）に格納しました。ご確認ください。",
        "11月25日のメールで添付ファイルとしてお送りした見積書の有効期限は、12月25日までとなっております。",
        "大容量のため、資料はファイル共有サービス（https://share.example-city.lg.jp/s/{code}）に置きました。"
        "パスワードは別途お知らせします。",
        "先日添付していただいた写真で状況を確認できました。ありがとうございました。",
    ]
    for i, form in enumerate(forms):
        s = staff(["joho", "shimin", "koho", "kaigo", "doro", "joho", "koho", "doro"][i])
        o = ORGS[i % 4]
        p, _, local = o.people[0]
        add(
            Mail(
                who(s),
                [(f"{local}@{o.domain}", p.name)],
                "資料について",
                f"{o.name}\n{p.name} 様\n\n{opening(s)}\n{form.format(code=R.getrandbits(40))}\n\n{closing()}",
                sig=city_sig(s),
            ),
            "no-attachment-needed",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Says the file is shared by link / not attached / was attached earlier: no forgotten attachment.",
        )
    # English: not attached.
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(BROWN.email, BROWN.name)],
            "Slides for the online meeting",
            "Dear Ms Brown,\n\nThe slides are not attached to this email because of their size; you can download them "
            "from our file transfer service until 7 December:\nhttps://transfer.example-city.lg.jp/d/8f3a21\n\n"
            "We look forward to the meeting.",
            sig=en_sig(s),
            lang="en",
        ),
        "english-link",
        kind="legitimate",
        policy="city",
        reason="English: says the slides are not attached but shared by link.",
    )
    # 添付 only in the quoted text.
    for i in range(4):
        p, address = resident()
        s = staff(["doro", "kaigo", "shimin", "kosodate"][i])
        ask = [
            "道路の穴の写真を添付します。よろしくお願いします。",
            "申請書に記入しましたので、添付ファイルでお送りします。",
            "添付の書類で足りるか確認していただけますか。",
            "子どもの予防接種の記録を添付いたします。",
        ][i]
        quote = Quote(
            QUOTE_STYLES[(i * 3) % 8], p.name, address, later(-1), s.section.email, "書類について", f"{ask}\n\n{p.name}"
        )
        add(
            Mail(
                who(s),
                [(address, p.name)],
                "Re: 書類について",
                f"{salutation(p)}\n\n{opening(s)}\nお送りいただいたファイルを確認しました。\n内容に不備はございません。\n\n{closing()}",
                sig=city_sig(s),
                quote=quote,
                reply=True,
            ),
            "attachment-word-only-quoted",
            kind="legitimate",
            policy="default" if i % 2 else "city",
            reason="添付 appears only in the resident's quoted message; the reply itself attaches nothing.",
        )


def legit_right_attachment() -> None:
    """An attachment addressed to the right person or organisation."""
    for i, (school, domain) in enumerate(SCHOOLS):
        s = staff("gakumu")
        rows = [["学校名", "学年", "学級数", "児童生徒数"]] + [
            [school, g, R.randint(2, 4), R.randint(50, 120)] for g in range(1, 7 if "小" in school else 4)
        ]
        att = (
            Att(f"{school}_令和9年度学級編制.xlsx", XLSX, xlsx(rows, "学級編制"))
            if i % 2
            else Att(f"学級編制_{school.replace('えがお市立', '')}.csv", "text/csv", csv_bytes(rows))
        )
        add(
            Mail(
                who(s),
                [(f"office@{domain}", f"{school} 事務室")],
                "令和9年度 学級編制（見込み）の送付",
                f"{school}\n校長 {SCHOOL_HEADS[i].name} 様\n\n{opening(s)}\n令和9年度の学級編制の見込みを添付いたします。\n"
                "内容をご確認のうえ、修正がある場合は12月18日までにご連絡ください。\n\n" + closing(),
                sig=city_sig(s),
                attachments=[att],
            ),
            "right-school-attachment",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            incidents=[6],
            reason="The school's own class plan (file names and content name this school) sent to this school.",
        )
    for i in range(4):
        o = [CARE, TOWA, MIRAI, BRIDGE][i]
        p, _, local = o.people[0]
        s = staff(["kaigo", "joho", "koho", "doro"][i])
        kind_ = ["業務委託契約書", "仕様書", "発注書", "工事請負契約書"][i]
        att = att_pdf(
            f"{kind_}_{o.name}.pdf", [kind_, f"{o.name} 御中", "えがお市長", "契約期間：令和9年4月1日～令和10年3月31日"]
        )
        if i % 2:
            att = Att(
                f"{kind_}（{o.name}）.docx", DOCX, docx([kind_, f"{o.name} 御中", f"担当：{p.name} 様", "えがお市"])
            )
        add(
            Mail(
                who(s),
                [(f"{local}@{o.domain}", p.name)],
                f"{kind_}の送付",
                f"{o.name}\n{p.name} 様\n\n{opening(s)}\n{kind_}を添付にてお送りします。\nご確認をお願いいたします。\n\n{closing()}",
                sig=city_sig(s),
                attachments=[att],
            ),
            "right-org-attachment",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="The contract documents of this company sent to this company.",
        )
    for i in range(4):
        p, address = resident()
        s = staff(["shogai", "kosodate", "shimin", "kaigo"][i])
        doc = ["受講決定通知書", "利用承認通知書", "交付予約確認書", "説明会参加証"][i]
        att = att_pdf(
            f"{doc}_{p.last}{p.first}様.pdf", [doc, f"{p.name} 様", "えがお市長", f"受付番号 {R.randint(1000, 9999)}"]
        )
        add(
            Mail(
                who(s),
                [(address, p.name)],
                f"{doc}の送付",
                f"{p.name} 様\n\n{opening(s)}\n{doc}をPDFで添付いたします。\n当日は印刷してお持ちいただくか、画面をご提示ください。\n\n{closing()}",
                sig=city_sig(s),
                attachments=[att],
                reply=True,
            ),
            "right-person-attachment",
            kind="legitimate",
            policy="default" if i % 2 else "city",
            incidents=[11],
            reason="A notice naming only the recipient, sent to her: the right person's file.",
        )


def legit_announcements() -> None:
    """Announcements with a venue's or partner's published phone and address."""
    for i in range(4):
        o = [SAKURA, MIDORI, HIKARI_NPO, MEDICAL][i]
        p, address = resident()
        s = staff(["kaigo", "kaigo", "kosodate", "kita"][i])
        text = (
            f"{salutation(p)}\n\n{opening(s)}\nお問い合わせいただいた件について、下記の施設で相談を受け付けております。\n\n"
            f"{o.name}\n{o.zip_addr}\nTEL {o.tel}（平日 9:00～17:00）\n\n直接お電話でご相談ください。\n\n{closing()}"
        )
        add(
            Mail(who(s), [(address, p.name)], "Re: 相談先について", text, sig=city_sig(s), reply=True),
            "announcement-partner-phone",
            kind="legitimate",
            policy="city" if i % 2 == 0 else "default",
            reason="Gives the published address and phone of a partner facility to a resident who asked.",
        )
    for i in range(2):
        s = staff("shogai")
        invited = [(new_staff(k).email, "") for k in ["kaigo", "kosodate", "koho"]]
        text = (
            "関係各位\n\n生涯学習課です。\n成人の日記念式典の会場が決まりましたので、お知らせします。\n\n"
            "会場：えがお市民会館 大ホール\n所在地：〒100-0012 東京都えがお市中町2-5-1\n電話：03-5555-0800\n"
            "日時：令和9年1月11日（月・祝）13:00開式"
        )
        add(
            Mail(sec_from(s), invited, "成人の日記念式典 会場のお知らせ", text, sig=city_sig(s, 0)),
            "announcement-venue",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            reason="Venue's published address and phone in an internal announcement.",
        )


def legit_contractors() -> None:
    """Contractors' mail to the city with their own signature (contractors use mailguard too)."""
    for i in range(6):
        o = [CARE, TOWA, MIRAI, BRIDGE, CARE, TOWA][i]
        idx = i % len(o.people)
        p, _dept, local = o.people[idx]
        s = staff(["kaigo", "joho", "koho", "doro", "kaigo", "joho"][i])
        text = (
            f"{s.section.org} {s.section.short}\n{s.p.last}様\n\nいつもお世話になっております。\n{o.name}の{p.last}です。\n\n"
            + pick(
                [
                    "11月分の作業報告書を提出いたします。ご査収のほどよろしくお願いいたします。",
                    "ご依頼いただいた見積もりの件、12月4日（金）までにご提出いたします。",
                    "本日の作業は予定どおり完了いたしました。明日以降の作業予定に変更はございません。",
                ]
            )
            + "\n\n引き続きよろしくお願いいたします。"
        )
        atts = []
        if "提出いたします" in text:
            atts = [att_pdf("作業報告書_11月分.pdf", ["作業報告書", f"{s.section.org} {s.section.short} 御中", o.name])]
        add(
            Mail(
                (p.name, f"{local}@{o.domain}"),
                [(s.email, s.p.name)],
                "作業のご報告",
                text,
                sig=org_sig(o, idx),
                attachments=atts,
            ),
            "contractor-signature",
            kind="legitimate",
            reason="Contractor writing to its client, the city, with its own company signature.",
        )


def legit_misc() -> None:
    """Other ordinary mail: a joint committee, an external inquiry, the town office."""
    for i in range(3):
        s = staff(["shido", "kaigo", "kosodate"][i])
        orgs = [SAKURA, MIDORI] if i < 2 else [HIKARI_NPO, SAKURA]
        to = [(f"{o.people[0][2]}@{o.domain}", f"{o.name} {o.people[0][0].name}") for o in orgs]
        text = (
            f"地域福祉推進協議会 委員各位\n\n{opening(s)}\n第4回協議会の議事録（案）を作成しました。\n"
            "修正がございましたら、12月10日までにご連絡ください。"
        )
        add(
            Mail(who(s), to, "地域福祉推進協議会 議事録（案）", text, sig=city_sig(s)),
            "joint-committee",
            kind="legitimate",
            allowed=["pass", "confirm"],
            policy="city" if i % 2 == 0 else "default",
            incidents=[5],
            reason="Two member organisations of one committee who know each other; a look at the visible addresses is fair.",
        )
    # Town office replies (another municipality, default policy).
    for i in range(4):
        s = staff("town" if i % 2 else "town_somu")
        p, address = resident()
        theme = THEMES[-1]
        quote = Quote(QUOTE_STYLES[i], p.name, address, later(-1), s.section.email, theme.subject, fill(theme.ask, p))
        add(
            Mail(
                who(s),
                [(address, p.name)],
                "Re: " + theme.subject,
                f"{salutation(p)}\n\n見本町役場の{s.p.last}です。\n{fill(theme.answer, p)}\n\n{closing()}",
                sig=city_sig(s, i % 4),
                quote=quote,
                reply=True,
            ),
            "town-reply",
            kind="legitimate",
            reason="Town office reply to a resident, quoting her message, with the town's signature.",
        )
    # Schools are part of the city (another ending, same name).
    for i in range(2):
        school, domain = SCHOOLS[i + 2]
        s = staff("gakumu")
        add(
            Mail(
                who(s),
                [(f"office@{domain}", f"{school} 事務室")],
                "教職員研修の日程について",
                f"{school}\n事務室 ご担当者様\n\n{opening(s)}\n1月の教職員研修は、1月8日（金）14時から教育センターで実施します。\n\n{closing()}",
                sig=city_sig(s),
            ),
            "school-domain",
            kind="legitimate",
            allowed=["pass"] if i == 0 else ["pass", "confirm"],
            policy="city" if i == 0 else "default",
            reason="Board of education to a city school at example-city.ed.jp (trusted in the city policy).",
        )
    # A regular correspondent (民生委員) in the address book, no personal data.
    for i in range(3):
        p, role = REGULARS[i]
        s = staff("kaigo")
        add(
            Mail(
                who(s),
                [(REGULAR_ADDR[p.name], p.name)],
                "定例会の日程について",
                f"{role}\n{p.name} 様\n\n{opening(s)}\n12月の定例会は、12月16日（水）14時から北区保健センターで開催します。\n"
                f"北区保健センター：{SECTIONS['kita'].address}（TEL {SECTIONS['kita'].tel}）\n\n{closing()}",
                sig=city_sig(s),
            ),
            "regular-volunteer",
            kind="legitimate",
            policy="city",
            reason="Meeting notice to a welfare commissioner in the address book; only public addresses and phones.",
        )


# ------------------------------------------------------------------ risky drafts


def residents(n: int, domains: Sequence[str] | None = None) -> list[tuple[str, str]]:
    out = []
    for k in range(n):
        p, address = resident(domains[k % len(domains)] if domains else None)
        out.append((address, p.name if R.random() < 0.5 else ""))
    return out


def risky_visible() -> None:
    """External parties visible to each other in To/Cc (#1 #4 #5 #9 -> MG101)."""
    # #1 event notice with residents in To.
    for i in range(4):
        s = staff(["shogai", "kosodate", "town", "shogai"][i])
        to = residents(R.randint(5, 14))
        field_ = "cc" if i == 3 else "to"
        text = (
            "講座にお申し込みの皆様\n\n" + f"{s.section.org} {s.section.short}です。\n"
            "12月の市民講座「はじめての防災」の日程をお知らせします。\n\n日時：12月12日（土）10:00～12:00\n"
            "会場：えがお市民会館 第2会議室\n\n筆記用具をお持ちください。"
        )
        mail = Mail(sec_from(s), to, "市民講座のご案内", text, sig=city_sig(s, 1))
        if field_ == "cc":
            mail.to = [(s.section.email, s.section.short)]
            mail.cc = to
        add(
            mail,
            f"visible-residents-{field_}",
            kind="risky",
            allowed=["block"],
            rules=["MG101"],
            incidents=[1],
            policy="city" if i % 2 else "default",
            reason=f"{len(to)} residents' private addresses in {field_.title()} instead of Bcc: each sees the others (#1).",
        )
    # #4 museum shop contractor to customers.
    for _ in range(2):
        shop = ("ミュージアムショップ えがお", "shop@museum-shop-example.co.jp")
        to = residents(R.randint(6, 20))
        text = (
            "お客様各位\n\nいつもミュージアムショップえがおをご利用いただき、ありがとうございます。\n"
            "冬季限定グッズの販売を12月5日から開始します。\n会員の皆様には10%割引でご提供いたします。\n\n"
            "ミュージアムショップ えがお（えがお市立美術館内）\nTEL 03-5555-4400"
        )
        add(
            Mail(shop, to, "冬季限定グッズのご案内", text),
            "contractor-customers-to",
            kind="risky",
            allowed=["block"],
            rules=["MG101"],
            incidents=[4],
            reason="Museum-shop contractor mailing its customers with all addresses in To (#4).",
        )
    # #5 supervised organisations in Cc.
    for i in range(2):
        s = staff("shido")
        orgs = [SAKURA, MIDORI, HIKARI_NPO, CARE]
        to = [(f"{orgs[0].people[0][2]}@{orgs[0].domain}", f"{orgs[0].name} 御中")]
        cc = [(f"info@{o.domain}", f"{o.name} 御中") for o in orgs[1:]]
        text = (
            "各法人 ご担当者様\n\n福祉指導課です。\n令和8年度の指導監査の日程について、別紙のとおりお知らせします。\n"
            "ご確認のほど、よろしくお願いいたします。"
        )
        add(
            Mail(
                sec_from(s),
                to,
                "指導監査日程のお知らせ",
                text,
                cc=cc,
                sig=city_sig(s, 0),
                attachments=[
                    att_pdf("指導監査日程表.pdf", ["令和8年度 指導監査日程", "1月12日 さくら会", "1月14日 みどり園"])
                ],
            ),
            "supervised-orgs-cc",
            kind="risky",
            allowed=["block"],
            rules=["MG101"],
            incidents=[5],
            policy="city" if i == 0 else "default",
            reason="Four supervised organisations in To/Cc: each learns who else is audited (#5).",
        )
    # #9 survey staff in To.
    for i in range(2):
        s = staff("shimin" if i else "town_somu")
        to = residents(R.randint(6, 12), ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com"])
        text = (
            "調査員の皆様\n\nお疲れ様です。\n統計調査の調査票の回収期限が12月10日（木）に迫っております。\n"
            "回収状況を12月8日までにご報告ください。"
        )
        add(
            Mail(sec_from(s), to, "【調査員の皆様へ】調査票回収のお願い", text, sig=city_sig(s, 4)),
            "survey-staff-to",
            kind="risky",
            allowed=["block"],
            rules=["MG101"],
            incidents=[9],
            policy="city" if i else "default",
            reason="Survey staff (private persons at free mail) all visible in To (#9).",
        )
    # Ten students at one university domain: private persons.
    s = staff("kosodate")
    students = []
    for _ in range(10):
        p = person()
        students.append((f"{p.last_roma.lower()}.{p.first_roma.lower()}@stu.sample-univ.ac.jp", p.name))
    add(
        Mail(
            who(s),
            students,
            "インターンシップ受入れのご案内",
            "インターンシップ参加者の皆様\n\nえがお市 子育て支援課です。\n来年2月のインターンシップの受入れ日程をお知らせします。\n"
            "初日は2月8日（月）9時に本庁舎3階へお越しください。",
            sig=city_sig(s),
        ),
        "students-to",
        kind="risky",
        rules=["MG101"],
        incidents=[1],
        reason="Ten students (private persons) at one university domain visible to each other in To.",
    )
    # Two residents: confirm at least.
    for i in range(2):
        s = staff("kaigo")
        to = residents(2)
        add(
            Mail(
                who(s),
                to[:1],
                "介護者教室のご案内",
                "介護者教室にお申し込みの皆様\n\n高齢福祉課です。\n12月の介護者教室は、12月17日（木）14時から開催します。",
                cc=to[1:],
                sig=city_sig(s),
            ),
            "two-residents-visible",
            kind="risky",
            rules=["MG101"],
            incidents=[1],
            policy="city" if i else "default",
            reason="Two unrelated residents visible to each other (To and Cc).",
        )


def risky_bulk() -> None:
    """A newsletter with the whole list in To (#7 -> MG102)."""
    for i in range(4):
        own = ("えがお市 広報課", "news@example-city.lg.jp")
        subs = residents(R.randint(8, 30))
        headers = (
            [("List-Unsubscribe", "<mailto:unsubscribe@news.example-city.lg.jp>")]
            if i < 3
            else [("Precedence", "bulk")]
        )
        mail = Mail(
            own,
            subs,
            "【メルマガ】えがおのまち通信 12月号",
            "えがおのまち通信 12月号\n\n■ 年末年始のごみ収集日程\n■ 子育て応援フェスタのお知らせ\n\n配信停止は https://news.example-city.lg.jp/unsubscribe",
            headers=headers,
        )
        if i == 2:
            mail.to = [(own[1], own[0])]
            mail.cc = subs
        add(
            mail,
            "newsletter-list-visible",
            kind="risky",
            allowed=["block"],
            rules=["MG102"],
            incidents=[7],
            policy="city" if i % 2 else "default",
            reason="Newsletter whose program put every subscriber in To/Cc (#7).",
        )
    subs = residents(6)
    own = ("えがお市 広報課", "news@example-city.lg.jp")
    add(
        Mail(own, subs, "【メルマガ】えがおのまち通信 臨時号", "えがおのまち通信 臨時号\n\n■ 大雪に関するお知らせ"),
        "newsletter-subject-marker",
        kind="risky",
        allowed=["block"],
        rules=["MG102"],
        incidents=[7],
        policy="city",
        reason="Newsletter (subject marker of the city policy) with six subscribers in To (#7).",
    )


def risky_addressee() -> None:
    """The salutation or subject names someone other than the recipient (#2 #8 #18 -> MG201)."""
    for i in range(3):
        s = staff("kosodate")
        p, address = resident()
        other = person()
        add(
            Mail(
                sec_from(s),
                [(address, p.name)],
                "ご登録完了のお知らせ",
                f"{other.name} 様\n\nこの度は「えがお子育てアプリ」にご登録いただき、ありがとうございます。\n"
                f"ご登録番号：K-{R.randint(10000, 99999)}\n\nえがお市 子育て支援課",
            ),
            "registration-other-name",
            kind="risky",
            rules=["MG201"],
            incidents=[8],
            policy="default" if i else "city",
            reason="Registration mail to one resident addressed to another resident by name (#8 mail merge swap).",
        )
    # The address book knows the other person.
    for i in range(2):
        p, role = REGULARS[i]
        q, _ = REGULARS[(i + 1) % len(REGULARS)]
        s = staff("kaigo")
        add(
            Mail(
                who(s),
                [(REGULAR_ADDR[p.name], p.name)],
                "定例会資料の送付",
                f"{role}\n{q.name} 様\n\n{opening(s)}\n12月の定例会の資料をお送りします。\n\n{closing()}",
                sig=city_sig(s),
            ),
            "salutation-other-contact",
            kind="risky",
            allowed=["block"],
            rules=["MG201"],
            incidents=[2, 18],
            policy="city",
            reason="Addressed to another welfare commissioner of the address book than the recipient (#2/#18).",
        )
    # Subject names another person.
    p, address = resident()
    other = person()
    add(
        Mail(
            sec_from(staff("shogai")),
            [(address, p.name)],
            f"【{other.last}様】受講決定のお知らせ",
            "この度は市民講座にお申し込みいただき、ありがとうございます。\n受講が決定しましたので、お知らせします。",
        ),
        "subject-other-name",
        kind="risky",
        rules=["MG201"],
        incidents=[8],
        reason="Subject addresses another person than the recipient (#8).",
    )
    # Health centre: information for patient A sent to B (#18).
    for i in range(2):
        s = staff("kita")
        p, address = resident()
        other = person()
        add(
            Mail(
                who(s),
                [(address, p.name)],
                "健診結果説明会の日程",
                f"{other.name} 様\n\n{opening(s)}\n先日の健診結果の説明を、12月9日（水）10時から北区保健センターで行います。\n\n{closing()}",
                sig=city_sig(s),
            ),
            "health-other-person",
            kind="risky",
            rules=["MG201"],
            incidents=[18],
            policy="city" if i else "default",
            reason="Information for patient A addressed to A but sent to B (#18).",
        )
    # Organisation mismatch, both in the address book.
    s = staff("koho")
    add(
        Mail(
            who(s),
            [(f"{CARE.people[0][2]}@{CARE.domain}", CARE.people[0][0].name)],
            "広報紙の校正について",
            f"{MIRAI.name} 御中\n\n{opening(s)}\n広報紙1月号の校正刷りを確認しました。修正箇所は別途お知らせします。\n\n{closing()}",
            sig=city_sig(s),
        ),
        "org-other-contact",
        kind="risky",
        allowed=["block"],
        rules=["MG201"],
        incidents=[2],
        policy="city",
        reason="Addressed to the printing company but sent to the care contractor (both in the address book).",
    )
    # English.
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(BROWN.email, BROWN.name)],
            "Seminar schedule",
            "Dear Mr Miller,\n\nThank you for agreeing to speak at our seminar. The session starts at 14:00.",
            sig=en_sig(s),
            lang="en",
        ),
        "english-other-name",
        kind="risky",
        rules=["MG201"],
        incidents=[18],
        reason="English mail to Alice Brown addressed 'Dear Mr Miller'.",
    )


def risky_attachment_other() -> None:
    """Another person's or another school's file attached (#6 #11 #12 #21 -> MG202)."""
    # #6 another school's data.
    for i in range(2):
        school, domain = SCHOOLS[i]
        other_school = SCHOOLS[i + 1][0]
        s = staff("gakumu")
        rows = [["学校名", "学年", "組", "児童氏名", "保護者連絡先"]] + [
            [other_school, 1, 1, q.name, phone_mobile()] for q in (person() for _ in range(8))
        ]
        add(
            Mail(
                who(s),
                [(f"office@{domain}", f"{school} 事務室")],
                "名簿データの送付",
                f"{school} 御中\n\n{opening(s)}\n来年度の名簿データをお送りします。\n\n{closing()}",
                sig=city_sig(s),
                attachments=[Att(f"名簿_{other_school.replace('えがお市立', '')}.csv", "text/csv", csv_bytes(rows))],
            ),
            "other-school-roster",
            kind="risky",
            allowed=["block"] if i == 0 else ["confirm", "block"],
            rules=["MG202"],
            incidents=[6],
            policy="city" if i == 0 else "default",
            reason=f"Sent to {school} with {other_school}'s roster attached (#6).",
        )
    # #11 own and another patient's results.
    for i in range(2):
        s = staff("minami")
        p, address = resident()
        other = person()
        atts = [
            att_pdf(f"検査結果_{p.last}{p.first}様.pdf", ["検査結果報告書", f"氏名：{p.name}", "結果：異常なし"]),
            att_pdf(
                f"検査結果_{other.last}{other.first}様.pdf", ["検査結果報告書", f"氏名：{other.name}", "結果：要再検査"]
            ),
        ]
        add(
            Mail(
                who(s),
                [(address, p.name)],
                "検査結果の送付",
                f"{p.name} 様\n\n{opening(s)}\n先日の検査結果をお送りします。ご確認ください。\n\n{closing()}",
                sig=city_sig(s, 4),
                attachments=atts,
            ),
            "other-patient-results",
            kind="risky",
            allowed=["block"],
            rules=["MG202"],
            incidents=[11, 12],
            policy="city" if i else "default",
            reason="The recipient's results and another patient's results attached together (#11/#12).",
        )
    # #12 only another person's file.
    for i in range(2):
        s = staff("shogai" if i else "kosodate")
        p, address = resident()
        other = person()
        doc = ["受講決定通知書", "利用承認通知書"][i]
        add(
            Mail(
                who(s),
                [(address, p.name)],
                f"{doc}の送付",
                f"{p.name} 様\n\n{opening(s)}\n{doc}を添付いたします。\n\n{closing()}",
                sig=city_sig(s, 4),
                attachments=[
                    att_pdf(f"{doc}_{other.last}{other.first}様.pdf", [doc, f"{other.name} 様", "えがお市長"])
                ],
            ),
            "other-person-notice",
            kind="risky",
            rules=["MG202"],
            incidents=[12],
            policy="default" if i else "city",
            reason="The notice attached names another resident, not the recipient (#12).",
        )
    # #21 content names another person (file name generic).
    for i in range(2):
        s = staff("kaigo")
        p, address = resident()
        other = person()
        if i == 0:
            att = Att(
                "サービス利用計画.xlsx",
                XLSX,
                xlsx([["氏名", other.name], ["サービス", "通所介護 週2回"], ["開始日", "令和9年1月5日"]]),
            )
        else:
            att = Att(
                "申請書控え.docx",
                DOCX,
                docx(["介護保険 負担限度額認定申請書（控え）", f"申請者氏名：{other.name}", "申請日：令和8年11月20日"]),
            )
        add(
            Mail(
                who(s),
                [(address, p.name)],
                "書類の送付",
                f"{p.name} 様\n\n{opening(s)}\nご依頼の書類を添付いたします。\n\n{closing()}",
                sig=city_sig(s, 4),
                attachments=[att],
            ),
            "other-person-content",
            kind="risky",
            rules=["MG202"],
            incidents=[21],
            policy="city" if i else "default",
            reason="Attachment's content (氏名 / 申請者氏名) is another person's, not the recipient's (#21).",
        )


def risky_personal_free_mail() -> None:
    """Personal data in the sender's own text to a free-mail address (#10 -> MG401-MG409)."""
    # Staff sending work to their own private address.
    specs: list[tuple[str, str, Callable[[Person], str], str]] = [
        ("MG401", "my-number", lambda q: f"{q.name}　個人番号：{my_number()}", "an Individual Number"),
        ("MG404", "date-of-birth", lambda q: f"{q.name}（{q.kana}） 生年月日：{dob_text()}", "dates of birth"),
        (
            "MG405",
            "bank-account",
            lambda q: f"{q.name}　振込先：えがお銀行 本店 普通 {R.randint(1000000, 9999999)}",
            "bank accounts",
        ),
        ("MG402", "phone", lambda q: f"{q.name}様　携帯 {phone_mobile()}", "residents' mobile numbers"),
        ("MG403", "address", lambda q: f"{q.name}様　{home_address()}", "residents' home addresses"),
    ]
    for i, (rule, slug, line, what) in enumerate(specs):
        s = staff(["shimin", "kaigo", "kosodate", "zeimu", "shogai"][i])
        own = free_address(s.p, ["gmail.com", "yahoo.co.jp", "icloud.com", "outlook.jp", "gmail.com"][i])
        lines = "\n".join(line(person()) for _ in range(R.randint(3, 6)))
        text = f"自宅で確認する分です。\n\n{lines}\n\n月曜日に続きを入力する。"
        add(
            Mail(who(s), [(own, s.p.name)], "作業用", text),
            f"own-freemail-{slug}",
            kind="risky",
            allowed=["block"],
            rules=[rule],
            incidents=[10],
            policy="city" if i % 2 else "default",
            reason=f"Staff mailing residents' {what} to a private free-mail address to work at home (#10).",
        )
    # 民生委員 at personal addresses: an elderly person's data.
    for i in range(3):
        commissioner, role = REGULARS[i]
        s = staff("kaigo")
        q = person()
        rule = ["MG402", "MG403", "MG408"][i]
        detail = [
            f"対象の方：{q.name}様（{dob_text()}生まれ）\n電話：{phone_home()}\n\n最近、電話に出られないことが多いとのことです。",
            f"対象の方：{q.name}様\n住所：{home_address()}\n\n一人暮らしで、近所の方から心配の声が寄せられています。",
            f"対象の方：{q.name}様\n病名：アルツハイマー型認知症（令和8年10月 診断）\n処方：ドネペジル\n既往歴：高血圧\n\n服薬の見守りをお願いします。",
        ][i]
        add(
            Mail(
                who(s),
                [(REGULAR_ADDR[commissioner.name], commissioner.name)],
                "見守りのお願い",
                f"{role}\n{commissioner.name} 様\n\n{opening(s)}\n下記の方の見守りをお願いいたします。\n\n{detail}\n\n{closing()}",
                sig=city_sig(s, 5 if rule == "MG402" else 4),
            ),
            "commissioner-freemail",
            kind="risky",
            allowed=["block"],
            rules=[rule],
            incidents=[10],
            policy="city" if i % 2 == 0 else "default",
            reason=f"A resident's {['phone', 'home address', 'health record'][i]} to a volunteer's personal free-mail address (#10).",
            changed=SIG_NOTE if rule == "MG402" else "",
        )
    # Roster attached to free mail.
    s = staff("shogai")
    p, address = resident("gmail.com")
    rows = [["氏名", "住所", "電話番号", "生年月日"]] + [
        [q.name, home_address(), phone_mobile(), dob_text()] for q in (person() for _ in range(20))
    ]
    add(
        Mail(
            who(s),
            [(address, p.name)],
            "ボランティア名簿",
            f"{p.name} 様\n\n{opening(s)}\n次回の活動に向けて、参加者名簿をお送りします。\n\n{closing()}",
            sig=city_sig(s, 4),
            attachments=[Att("参加者名簿.xlsx", XLSX, xlsx(rows))],
        ),
        "roster-freemail",
        kind="risky",
        allowed=["block"],
        rules=["MG409"],
        incidents=[10, 20],
        reason="An unencrypted roster of 20 residents (address, phone, DOB) to a volunteer's gmail (#10/#20).",
    )
    # Passport number of a foreign resident.
    s = staff("shimin")
    p, address = resident("gmail.com")
    q = person()
    add(
        Mail(
            who(s),
            [(address, p.name)],
            "Re: 通訳ボランティアのお願い",
            f"{p.name} 様\n\n{opening(s)}\n明日の窓口での通訳をお願いする方の情報です。\n\n氏名：NGUYEN VAN BINH\n"
            f"旅券番号：TK{R.randint(1000000, 9999999)}\n在留カード番号：AB{R.randint(10000000, 99999999)}CD\n\n{closing()}",
            sig=city_sig(s, 4),
            reply=True,
        ),
        "passport-freemail",
        kind="risky",
        allowed=["block"],
        rules=["MG407"],
        incidents=[10],
        policy="city",
        reason="A foreign resident's passport number sent to an interpreter volunteer's gmail (#10).",
    )
    # English: DOB to free mail.
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [("helper.tokyo2026@gmail.com", "")],
            "Home stay guests",
            "Hello,\n\nHere are the guests for your home stay:\n\n"
            "Emma Wilson, date of birth: 14/03/2009\nLucas Martin, date of birth: 02/07/2008\n\nThank you for your help.",
            sig=en_sig(s),
            lang="en",
        ),
        "english-dob-freemail",
        kind="risky",
        allowed=["block"],
        rules=["MG404"],
        incidents=[10],
        reason="Minors' dates of birth sent to a host family's gmail (#10).",
    )


def my_number() -> str:
    """A 12-digit Individual Number with a valid check digit."""
    digits = [R.randint(0, 9) for _ in range(11)]
    total = 0
    for n in range(1, 12):
        p = digits[11 - n]
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    rest = total % 11
    check = 0 if rest <= 1 else 11 - rest
    number = "".join(map(str, digits)) + str(check)
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def risky_to_contractor() -> None:
    """A resident's data sent to a contractor (#15 -> MG401-MG409, confirm at least)."""
    for i in range(5):
        o = [CARE, TOWA, CARE, TOWA, CARE][i]
        p, _dept, local = o.people[i % len(o.people)]
        s = staff("kaigo" if o is CARE else "joho")
        q = person()
        if i == 0:
            detail, rules = f"氏名：{q.name}\n住所：{home_address()}\n電話：{phone_home()}", ["MG402", "MG403"]
            ask = "下記の方の認定調査（訪問）をお願いします。"
        elif i == 1:
            detail, rules = f"氏名：{q.name}\n個人番号：{my_number()}\n生年月日：{dob_text()}", ["MG401"]
            ask = "データ移行で不整合があった方の情報です。ご確認ください。"
        elif i == 2:
            detail, rules = f"氏名：{q.name}\n病名：脳梗塞後遺症\n既往歴：糖尿病\n処方：ワーファリン", ["MG408"]
            ask = "ケアプラン作成の参考に、主治医意見書の内容をお知らせします。"
        elif i == 3:
            rows = [["氏名", "住所", "電話番号"]] + [
                [r.name, home_address(), phone_home()] for r in (person() for _ in range(30))
            ]
            detail, rules = "", ["MG409"]
            ask = "テスト用に、本番の対象者一覧を添付します。"
        else:
            detail, rules = f"{q.name}様（生年月日：{dob_text()}）\n携帯：{phone_mobile()}", ["MG402", "MG404"]
            ask = "明日訪問予定の方の連絡先です。"
        atts = [Att("対象者一覧.xlsx", XLSX, xlsx(rows))] if i == 3 else []
        add(
            Mail(
                who(s),
                [(f"{local}@{o.domain}", p.name)],
                "対象者の情報",
                f"{o.name}\n{p.name} 様\n\n{opening(s)}\n{ask}\n\n{detail}\n\n{closing()}",
                sig=city_sig(s, 5 if "MG402" in rules else 4),
                attachments=atts,
            ),
            "resident-data-contractor",
            kind="risky",
            rules=rules,
            incidents=[15, 20] if i == 3 else [15],
            policy="city" if i % 2 == 0 else "default",
            reason="A resident's personal data written into mail to a contractor: must be confirmed (#15).",
            changed=SIG_NOTE if "MG402" in rules else "",
        )
    # Prefecture to city: different organisations with the same registrable domain.
    for i in range(2):
        q = person()
        pref = Staff(person(), SECTIONS["kaigo"])
        text = (
            "さいたま市 福祉局 ご担当者様\n\n埼玉県 福祉部 地域包括ケア課です。\n県に寄せられた相談のうち、貴市在住の方の情報を"
            f"お送りします。\n\n氏名：{q.name}\n住所：{home_address()}\n電話：{phone_home()}\n生年月日：{dob_text()}"
        )
        add(
            Mail(
                ("埼玉県 地域包括ケア課", f"chiiki-care{i or ''}@pref.saitama.lg.jp"),
                [(f"fukushi-{pref.p.last_roma.lower()}@city.saitama.lg.jp", "さいたま市 福祉局")],
                "相談者情報の提供",
                text,
            ),
            "prefecture-to-city",
            kind="risky",
            rules=["MG402", "MG403", "MG404"],
            incidents=[15],
            reason="Prefecture sends a resident's data to a city: another organisation despite the shared saitama.lg.jp.",
        )


def risky_lookalike() -> None:
    """Look-alike domains (#13 -> MG301), many with no policy at all."""
    cases: list[tuple[str, str, tuple[str, str], tuple[str, str], Quote | None, str]] = []
    # The sender's own domain mistyped.
    town = staff("town")
    colleague = staff("town_somu")
    for bad in ["sarnple-town.lg.jp", "samp1e-town.lg.jp", "sample-twon.lg.jp"]:
        cases.append(
            (
                f"own-domain-{bad.split('.')[0]}",
                f"{colleague.p.last}様\n\nお疲れ様です。住民福祉課の{town.p.last}です。\n来週の窓口当番表を確認しました。\n12月9日は私が担当します。",
                who(town),
                (colleague.email.replace("sample-town.lg.jp", bad), colleague.p.name),
                None,
                f"The colleague's address has the sender's own domain mistyped ({bad} for sample-town.lg.jp).",
            )
        )
    # A reply to hikari-densi.co.jp while the thread says hikari-denshi.co.jp.
    s = staff("joho")
    vendor = person()
    cases.append(
        (
            "reply-hikari-densi",
            f"株式会社ひかり電子\n{vendor.name} 様\n\n{opening(s)}\nお見積りの件、承知しました。\n内容を確認のうえ、改めてご連絡いたします。",
            who(s),
            (f"{vendor.last_roma.lower()}@hikari-densi.co.jp", vendor.name),
            Quote(
                "outlook_ja",
                vendor.name,
                f"{vendor.last_roma.lower()}@hikari-denshi.co.jp",
                later(-1),
                s.email,
                "お見積りの件",
                f"えがお市 情報政策課\n{s.p.last}様\n\nお見積りをお送りします。\n\n株式会社ひかり電子 営業部\n{vendor.name}\n"
                f"E-mail：{vendor.last_roma.lower()}@hikari-denshi.co.jp",
            ),
            "Reply to hikari-densi.co.jp while the quoted mail and its signature come from hikari-denshi.co.jp.",
        )
    )
    # icloud.co for icloud.com, gmai.com, yahoo.co.jo, outlok.jp.
    for bad, good in [
        ("icloud.co", "icloud.com"),
        ("gmai.com", "gmail.com"),
        ("yahoo.co.jo", "yahoo.co.jp"),
        ("gmial.com", "gmail.com"),
        ("docomo.ne.jq", "docomo.ne.jp"),
    ]:
        s = staff(R.choice(["kaigo", "shimin", "kosodate"]))
        p = person()
        good_addr = f"{p.first_roma.lower()}.{p.last_roma.lower()}@{good}"
        quote = Quote(
            R.choice(QUOTE_STYLES),
            p.name,
            good_addr,
            later(-1),
            s.section.email,
            "手続きについて",
            f"手続きについて教えてください。\n\n{p.name}",
        )
        cases.append(
            (
                f"freemail-{bad.replace('.', '-')}",
                f"{p.name} 様\n\n{opening(s)}\nお問い合わせの手続きは、窓口で10分ほどで完了します。\n\n{closing()}",
                who(s),
                (good_addr.replace(good, bad), p.name),
                quote,
                f"Reply to {bad} although the resident's quoted mail came from {good}.",
            )
        )
    # pref.kanagwa.jp for pref.kanagawa.jp.
    s = staff("kaigo")
    p = person()
    cases.append(
        (
            "pref-kanagwa",
            f"神奈川県 福祉子どもみらい局\n{p.name} 様\n\n{opening(s)}\n照会の件につき、回答いたします。\n当市では、該当する事業所はございません。",
            who(s),
            (f"{p.last_roma.lower()}.{p.first_roma[0].lower()}@pref.kanagwa.jp", p.name),
            Quote(
                "outlook_ja_bar",
                p.name,
                f"{p.last_roma.lower()}.{p.first_roma[0].lower()}@pref.kanagawa.jp",
                later(-2),
                s.section.email,
                "照会",
                "照会いたします。",
            ),
            "Reply to pref.kanagwa.jp; the prefecture's quoted mail came from pref.kanagawa.jp.",
        )
    )
    # A homoglyph of the city's own domain.
    s = staff("shimin")
    c = staff("joho")
    cases.append(
        (
            "own-domain-clty",
            f"{c.p.last}様\n\nお疲れ様です。市民課の{s.p.last}です。\nシステム停止日の件、承知しました。",
            who(s),
            (c.email.replace("example-city", "example-clty"), c.p.name),
            None,
            "Colleague's address with example-clty.lg.jp for the sender's own example-city.lg.jp.",
        )
    )
    for slug, text, sender, to, quote, reason in cases:
        add(
            Mail(
                sender,
                [to],
                ("Re: " + quote.subject) if quote else "窓口当番の件",
                text,
                quote=quote,
                reply=quote is not None,
            ),
            f"lookalike-{slug}",
            kind="risky",
            rules=["MG301"],
            incidents=[13],
            reason=reason + " No policy: the domain to compare with is in the draft itself.",
        )
    # With the city policy: partners' domains mistyped.
    for bad_of, bad in [
        (CARE, "care-suport-example.co.jp"),
        (BRIDGE, "bridgeworks-exarnple.co.jp"),
        (TOWA, "towa-sys-exmaple.co.jp"),
        (SAKURA, "sakura-kai-example.or.jo"),
    ]:
        p, _, local = bad_of.people[0]
        s = staff("kaigo")
        add(
            Mail(
                who(s),
                [(f"{local}@{bad}", p.name)],
                "打合せ資料の件",
                f"{bad_of.name}\n{p.name} 様\n\n{opening(s)}\n打合せ資料の件、承知しました。\n\n{closing()}",
                sig=city_sig(s),
            ),
            "lookalike-partner",
            kind="risky",
            rules=["MG301"],
            incidents=[13],
            policy="city",
            reason=f"{bad} is one typo from the known partner domain {bad_of.domain}.",
        )


def risky_invalid() -> None:
    """Separator and syntax typos (#13 -> MG106)."""
    s = staff("town")
    others = [staff("town_somu"), new_staff("town_somu"), new_staff("town")]
    raw = "、".join(o.email for o in others)
    add(
        Mail(
            who(s),
            [(o.email, "") for o in others],
            "窓口当番表",
            f"各位\n\nお疲れ様です。{s.p.last}です。\n来週の窓口当番表です。",
            raw_to=raw,
        ),
        "japanese-comma",
        kind="risky",
        rules=["MG106"],
        incidents=[13],
        reason="Three addresses joined with the Japanese comma 、 in To: not valid as written.",
    )
    s = staff("kaigo")
    orgs = [CARE, SAKURA, MIDORI]
    add(
        Mail(
            who(s),
            [],
            "研修会のご案内",
            f"各事業所 ご担当者様\n\n{opening(s)}\n1月の介護人材研修会のご案内をお送りします。\n\n{closing()}",
            sig=city_sig(s),
            raw_to="、".join(f"info@{o.domain}" for o in orgs),
        ),
        "japanese-comma-partners",
        kind="risky",
        rules=["MG106"],
        incidents=[13],
        reason="Three partners' addresses joined with 、 in To: not valid as written (and visible to each other once fixed).",
    )
    s = staff("shimin")
    o = [new_staff("joho"), new_staff("kaigo")]
    add(
        Mail(
            who(s),
            [],
            "会議資料",
            f"各位\n\nお疲れ様です。{s.p.last}です。\n会議資料を共有フォルダに置きました。",
            raw_to="，".join(x.email for x in o),
        ),
        "fullwidth-comma",
        kind="risky",
        rules=["MG106"],
        incidents=[13],
        policy="city",
        reason="Two addresses joined with the full-width comma ， in To.",
    )
    s = staff("town")
    colleague = new_staff("town_somu")
    add(
        Mail(
            who(s),
            [],
            "住民説明会の件",
            f"{colleague.p.last}さん\n\nお疲れ様です。{s.p.last}です。\n説明会の会場予約をお願いします。",
            raw_to=f"{colleague.p.name} <{colleague.email.replace('sample-town.lg.jp', 'sample-town,lg.jp')}>".replace(
                colleague.p.name, encoded_words(colleague.p.name, "ISO-2022-JP", "iso2022_jp")
            ),
        ),
        "comma-in-domain",
        kind="risky",
        rules=["MG106"],
        incidents=[13],
        reason="sample-town,lg.jp: a comma typed for the dot of the domain.",
    )
    s = staff("kaigo")
    add(
        Mail(who(s), [], "資料の件", "田中さん\n\n資料の件、よろしくお願いします。", raw_to="tanaka"),
        "no-domain",
        kind="risky",
        rules=["MG106"],
        incidents=[13],
        policy="city",
        reason="An unresolved name 'tanaka' left in To without a domain.",
    )


def risky_subject_name() -> None:
    """A third person's full name in the subject of external mail (#19 -> MG410)."""
    targets = [
        (
            MEDICAL,
            "kita",
            "{name}様の検査結果について",
            "検査結果の説明について、主治医の先生と日程を調整させてください。",
        ),
        (
            CARE,
            "kaigo",
            "{name}様の認定調査日程について",
            "件名の方の認定調査について、訪問日程をご相談させてください。",
        ),
        (
            MIDORI,
            "kaigo",
            "入所申込み（{name}様）の件",
            "件名の方の入所申込みについて、面談の日程をご相談させてください。",
        ),
    ]
    for i, (o, key, subject, body) in enumerate(targets):
        s = staff(key)
        q = person()
        p, _, local = o.people[0]
        add(
            Mail(
                who(s),
                [(f"{local}@{o.domain}", p.name)],
                subject.format(name=f"{q.last}{q.first}" if i % 2 else q.name),
                f"{o.name}\n{p.name} 様\n\n{opening(s)}\n{body}\n\n{closing()}",
                sig=city_sig(s, 4),
            ),
            "name-in-subject",
            kind="risky",
            rules=["MG410"],
            incidents=[19],
            policy="city" if i % 2 else "default",
            reason="A resident's full name in the subject of mail to another organisation: use initials (#19).",
        )


def risky_other() -> None:
    """Forgotten attachment, listed recipients, display-name spoof, first contact, Reply-To, redaction."""
    for i in range(3):
        s = staff(["kaigo", "joho", "kokusai"][i])
        if i < 2:
            o = [CARE, TOWA][i]
            p, _, local = o.people[0]
            text = (
                f"{o.name}\n{p.name} 様\n\n{opening(s)}\n"
                + [
                    "申請書類一式を添付いたします。ご確認ください。",
                    "修正後の仕様書を添付しますので、ご確認をお願いします。",
                ][i]
            )
            mail = Mail(
                who(s), [(f"{local}@{o.domain}", p.name)], "書類の送付", text + "\n\n" + closing(), sig=city_sig(s)
            )
        else:
            mail = Mail(
                who(s),
                [(BROWN.email, BROWN.name)],
                "Programme",
                "Dear Ms Brown,\n\nPlease find attached the draft programme for the visit.",
                sig=en_sig(s),
                lang="en",
            )
        add(
            mail,
            "forgotten-attachment",
            kind="risky",
            allowed=["confirm"],
            rules=["MG203"],
            incidents=[11, 12],
            policy="city" if i % 2 == 0 else "default",
            reason="The text says a file is attached, and nothing is attached.",
        )
    s = staff("joho")
    add(
        Mail(
            who(s),
            [("support@old-vendor-example.co.jp", "旧保守業者 サポート窓口")],
            "システム障害の件",
            "ご担当者様\n\n住民情報システムの障害について、ログを確認いただけますでしょうか。",
            sig=city_sig(s),
        ),
        "blocked-old-vendor",
        kind="risky",
        allowed=["block"],
        rules=["MG104"],
        incidents=[15],
        policy="city",
        reason="The former maintenance vendor, whose contract ended, is on the city's blocked list.",
    )
    s = staff("kita")
    add(
        Mail(
            who(s),
            [("renkei@egao-hospital-example.or.jp", "えがお総合病院 地域連携室")],
            "訪問看護の件",
            "えがお総合病院\n地域連携室 ご担当者様\n\n訪問看護の調整について、ご連絡いたします。",
            sig=city_sig(s),
        ),
        "watched-hospital",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG105"],
        incidents=[13, 18],
        policy="city",
        reason="The hospital is on the city's watch list (patients' information goes there by procedure only).",
    )
    s = staff("kaigo")
    add(
        Mail(
            who(s),
            [("kaigo-support@mail-example.net", "kaigo@example-city.lg.jp")],
            "資料の件",
            "お疲れ様です。\n資料の件、よろしくお願いします。",
        ),
        "display-name-address",
        kind="risky",
        rules=["MG302"],
        incidents=[13],
        reason="The display name shows the office's address while the mail goes to mail-example.net.",
    )
    p, _, local = CARE.people[0]
    add(
        Mail(
            who(s),
            [("kaigo.support.tokyo@gmail.com", p.name)],
            "打合せの件",
            f"{CARE.name}\n{p.name} 様\n\n打合せの件、承知しました。",
        ),
        "display-name-contact",
        kind="risky",
        rules=["MG302"],
        incidents=[13],
        policy="city",
        reason="A contact's name (the care contractor's manager) over a gmail address that is not his.",
    )
    for i in range(2):
        s = staff(["shido", "kosodate"][i])
        domain = ["sakura-care-example.co.jp", "kids-room-example.jp"][i]
        add(
            Mail(
                who(s),
                [(f"info@{domain}", "")],
                "書類の送付について",
                f"ご担当者様\n\n{opening(s)}\nお電話でお伺いしたアドレスあてにご連絡しております。\n"
                "事業所の指定申請の手続きについて、ご案内いたします。\n\n" + closing(),
                sig=city_sig(s),
            ),
            "first-contact",
            kind="risky",
            rules=["MG303"],
            incidents=[13],
            policy="city",
            reason="First mail to a domain neither in the address book nor known: the address was taken by phone (#13).",
        )
    s = staff("gakumu")
    p, address = resident()
    add(
        Mail(
            who(s),
            [(address, p.name)],
            "アンケートへのご協力のお願い",
            f"保護者の皆様\n\n{opening(s)}\n給食に関するアンケートへのご協力をお願いします。\nこのメールに返信してご回答ください。",
            headers=[("Reply-To", "form@survey-example.net")],
            sig=city_sig(s),
        ),
        "reply-to-elsewhere",
        kind="risky",
        rules=["MG304"],
        incidents=[13, 15],
        reason="Replies (with parents' answers) would go to survey-example.net, not to the office.",
    )
    for i in range(2):
        s = staff(["koho", "minami"][i])
        o = PRESS
        p, _, local = o.people[0]
        q = person()
        att = att_pdf("研修資料.pdf", [f"患者氏名：{q.name}", "症例：転倒による骨折", "経過：良好"], cover=[0])
        add(
            Mail(
                who(s),
                [(f"{local}@{o.domain}", p.name)],
                "取材資料の送付",
                f"{o.name}\n編集部 {p.name} 様\n\n{opening(s)}\n取材用の資料をお送りします。個人名は黒塗りしております。\n\n{closing()}",
                sig=city_sig(s, 4),
                attachments=[att],
            ),
            "cosmetic-redaction",
            kind="risky",
            allowed=["block"],
            rules=["MG411"],
            incidents=[22],
            policy="city" if i else "default",
            reason="The PDF's black box only covers a patient's name that is still in the text (#22).",
        )


# ------------------------------------------------------------------ the city policy and its address book


def hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def contacts() -> list[list[str]]:
    rows: list[list[str]] = []

    def add_person(email: str, p: Person, organisation: str) -> None:
        aliases = [p.kana, hiragana(p.kana), p.romaji, f"{p.last_roma} {p.first_roma}"]
        rows.append([email, p.name, ";".join(aliases), organisation])

    add_person(MORI.email, MORI.p, f"{CITY} {MORI.section.short}")
    for key in ["kaigo", "shimin", "kosodate", "joho", "kita", "shogai", "gakumu", "koho", "kokusai"]:
        for st in STAFF[key][:2]:
            add_person(st.email, st.p, f"{CITY} {st.section.short}")
    for o in ORGS:
        for p, _, local in o.people:
            add_person(f"{local}@{o.domain}", p, o.name)
        rows.append([f"info@{o.domain}", "ご担当者", "", o.name])
    for (school, domain), head in zip(SCHOOLS, SCHOOL_HEADS, strict=True):
        rows.append([f"office@{domain}", "事務室", "", school])
        add_person(f"kocho@{domain}", head, school)
    for f in FOREIGNERS:
        first, last = f.name.split()
        rows.append([f.email, f.name, f"{last} {first};{f.title} {last}", f.org])
    for p, _role in REGULARS:
        add_person(REGULAR_ADDR[p.name], p, "")
    return rows


KNOWN_DOMAINS = [o.domain for o in ORGS] + [
    "towa-sys-example.com",
    "sistercity-example.org",
    "edu-exchange-example.org",
    "harbor-council-example.org",
    "egao-hospital-example.or.jp",
]

POLICY = f"""# えがお市 (Example City) mailguard policy, as the city's information-security office would
# write it. Used by the evaluation set (tests/eval/cases.yaml, policy: city).
# Generated by scripts/make_eval.py; validate with:
#   mailguard check --policy tests/eval/city-policy.yaml examples/01-event-notice-bcc.eml
version: 1
lang: ja

# The city's own mail: the city hall and its wards' offices and health centres.
internal_domains: ["{CITY_DOMAIN}", "*.{CITY_DOMAIN}"]

# The city's schools (board of education network): may see each other.
trusted_domains: ["example-city.ed.jp", "*.example-city.ed.jp"]

# Contractors, welfare corporations, the medical association, the local paper, sister-city partners.
known_domains:
{chr(10).join(f'  - "{d}"' for d in KNOWN_DOMAINS)}

organisations:
  東和システム株式会社: ["towa-sys-example.co.jp", "towa-sys-example.com"]

# The former maintenance vendor (contract ended 2026-03): never again.
blocked_recipients: ["*@old-vendor-example.co.jp"]

# Patients' information goes to the general hospital only by the liaison procedure.
watched_recipients: ["*@egao-hospital-example.or.jp"]

# Staff, partners, schools, sister-city contacts and welfare commissioners (kana/romaji aliases).
address_book: city-contacts.csv

personal_data:
  to_personal_mail: block            # never to free mail (#10)
  to_external: confirm               # contractors and other bodies: confirm (#15)
  in_attachment_to_external: confirm # encrypt or share by link (#20)

audit_log: null

approval:
  required_for: [MG401, MG408, MG409]   # My Number, health records, rosters: a second person (#1 #11)
  # The information-security office's approver (public key only; the private key stays with them).
  approvers:
    joho-kanri: {{key: "ed25519:hGAxDsZSkJ6aJtiOfsaPzMHXl+mGOev4xGcBFQkeFac=", addresses: [joho-kanri@example-city.lg.jp]}}

bulk_markers:
  headers: [List-Unsubscribe, List-Id, List-Unsubscribe-Post]
  precedence: [bulk, list, junk]
  subject_markers: ["【メルマガ】", "えがおのまち通信"]

rules:
  MG402:
    ignore: ["03-5555-0100", "03-5555-0101"]   # the city hall's main number and main fax
"""

CASES_HEADER = """\
# The evaluation set: one entry per draft in cases/ (generated by scripts/make_eval.py).
#
# Every expectation was written from the draft's content, from what a careful colleague in a
# Japanese city office would want, before mailguard was run on the set:
#   kind      legitimate (should go out) or risky (should be stopped)
#   allowed   the verdicts that are right for this draft
#   rules     risky drafts: at least one of these must be among the findings (confirm or
#             block) - the rule that answers the draft's incident
#   incidents the incidents (#1-#22, shared/INCIDENTS.md) the draft is about
#   policy    default (shipped policy, no configuration) or city (city-policy.yaml)
#   reason    why
# An expectation may change only with a `changed:` note saying why the first one was wrong
# (never to match the tool).
"""


def legit_own_documents() -> None:
    """A company's own documents (a quotation, an invoice, its brochure) name the company that
    issues them: the sender's own organisation is not somebody else's file (written before
    any check of these cases was run)."""
    quote_from, quote_to = TOWA, BRIDGE
    p, _, local = quote_from.people[1]
    q, _, q_local = quote_to.people[0]
    text = (
        f"{quote_to.name}\n{q.name} 様\n\nいつもお世話になっております。\n{quote_from.name}の{p.last}です。\n\n"
        "ご依頼いただいた保守作業のお見積もりを添付にてお送りします。\nご検討のほど、よろしくお願いいたします。"
    )
    add(
        Mail(
            (p.name, f"{local}@{quote_from.domain}"),
            [(f"{q_local}@{quote_to.domain}", q.name)],
            "お見積もりの送付",
            text,
            sig=org_sig(quote_from, 1),
            attachments=[
                att_pdf(
                    "御見積書_保守作業.pdf",
                    [
                        "御見積書",
                        f"{quote_to.name} 御中",
                        f"発行元：{quote_from.name}",
                        f"担当：{p.name}",
                        "合計金額：1,650,000円（税込）",
                    ],
                )
            ],
        ),
        "own-quotation",
        kind="legitimate",
        reason="A company's quotation to its client: addressed to the client, naming the sender's own company as issuer.",
    )
    s = staff("koho")
    o = MIRAI
    p, dept, local = o.people[0]
    add(
        Mail(
            (p.name, f"{local}@{o.domain}"),
            [(s.email, s.p.name)],
            "11月分のご請求について",
            f"{s.section.org} {s.section.short}\n{s.p.last}様\n\nいつもお世話になっております。\n{o.name}の{p.last}です。\n\n"
            "11月分の請求書をお送りします。ご査収のほどよろしくお願いいたします。",
            sig=org_sig(o, 0),
            attachments=[
                att_pdf(
                    "請求書_11月分.pdf",
                    [
                        "請求書",
                        f"{s.section.org} {s.section.short} 御中",
                        f"請求元：{o.name} {dept}",
                        "お支払期限：令和8年12月28日",
                    ],
                )
            ],
        ),
        "own-invoice",
        kind="legitimate",
        reason="A printer's invoice to the city section it works for, naming the printer itself as the issuer.",
    )
    o = CARE
    p, _, local = o.people[1]
    add(
        Mail(
            (p.name, f"{local}@{o.domain}"),
            [(f"{q_local}@{quote_to.domain}", q.name)],
            "会社案内の送付",
            f"{quote_to.name}\n{q.name} 様\n\nはじめてご連絡いたします。\n{o.name}の{p.last}と申します。\n\n"
            "弊社の会社案内をお送りします。ご一読いただけましたら幸いです。",
            sig=org_sig(o, 1),
            attachments=[att_pdf("会社案内.pdf", ["会社案内", o.name, "事業内容：訪問介護・通所介護・居宅介護支援"])],
        ),
        "own-brochure",
        kind="legitimate",
        reason="A company's own brochure to a prospective client: it names only the sender's company.",
    )
    p, _, local = quote_from.people[1]
    add(
        Mail(
            (p.name, f"{local}@{quote_from.domain}"),
            [(f"{q_local}@{quote_to.domain}", q.name)],
            "お見積もりの送付",
            text,
            sig=org_sig(quote_from, 1),
            attachments=[
                att_pdf(
                    "御見積書_印刷業務.pdf",
                    [
                        "御見積書",
                        f"{MIRAI.name} 御中",
                        f"発行元：{quote_from.name}",
                        f"担当：{p.name}",
                        "合計金額：880,000円（税込）",
                    ],
                )
            ],
        ),
        "quotation-for-another-client",
        kind="risky",
        rules=["MG202"],
        incidents=[6],
        reason="The quotation addressed to another client (みらい印刷 御中) attached to mail for ブリッジワークス.",
    )


# ------------------------------------------------------------------ the office's everyday mail (second wave)
# Written before any check of these cases was run; generated after every earlier case, so
# that the earlier drafts keep their random draws byte for byte.

PREF_DOMAIN = "pref.saitama.lg.jp"
DISCLAIMER_EN = (
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the addressee(s) named "
    "above and may contain confidential information. If you have received this e-mail in error, please "
    "notify the sender immediately and delete it. Egao City Hall does not accept liability for any errors "
    "or omissions in the contents of this message."
)


def org_addr(o: Org, index: int) -> tuple[str, str]:
    p, _, local = o.people[index]
    return (f"{local}@{o.domain}", p.name)


def outlook_to(items: Sequence[tuple[str, str]], cc: Sequence[tuple[str, str]] = ()) -> str:
    """The To (and CC) lines of an Outlook quoted header: 'Name <addr>; Name <addr>'."""
    line = "; ".join(f"{n} <{a}>" if n else a for a, n in items)
    if cc:
        line += "\nCC: " + "; ".join(f"{n} <{a}>" if n else a for a, n in cc)
    return line


def legit_wave_threads() -> None:
    """Reply-all in long threads, forwards with the original's headers."""
    # Reply-all: the city, the care contractor and the welfare corporation were all on the thread.
    s = staff("kaigo")
    care, sakura = org_addr(CARE, 0), org_addr(SAKURA, 0)
    colleague = new_staff("kaigo")
    earlier = (
        f"{CITY} {s.section.short}\n{s.p.last}様\n{CARE.name} {CARE.people[0][0].last}様\n\n"
        f"{SAKURA.name}の{SAKURA.people[0][0].last}です。\n研修会の会場は当法人の地域交流室をご利用いただけます。\n"
        f"定員は40名です。\n\n{org_sig(SAKURA, 0)}"
    )
    quoted = (
        f"{CITY} {s.section.short}\n{s.p.last}様\n{SAKURA.name} {SAKURA.people[0][0].last}様\n\n"
        f"{CARE.name}の{CARE.people[0][0].last}です。\n講師は弊社の介護支援専門員が務めます。\n"
        f"資料は当日40部持参いたします。\n\n{org_sig(CARE, 0)}\n\n"
        + Quote(
            "outlook_ja",
            SAKURA.people[0][0].name,
            sakura[0],
            later(-3),
            s.email,
            "RE: 介護者研修会の開催について",
            earlier,
        ).plain()
    )
    text = (
        f"{CARE.name} {CARE.people[0][0].last}様\n{SAKURA.name} {SAKURA.people[0][0].last}様\n\n{opening(s)}\n"
        "会場と講師の件、ありがとうございます。\n研修会は1月21日（木）14時から、さくら会様の地域交流室で開催することで"
        "確定とさせていただきます。\nチラシの案を来週お送りします。\n\n" + closing()
    )
    add(
        Mail(
            who(s),
            [care],
            "RE: RE: 介護者研修会の開催について",
            text,
            cc=[sakura, (colleague.email, colleague.p.name)],
            sig=city_sig(s, 0),
            quote=Quote(
                "outlook_ja",
                CARE.people[0][0].name,
                care[0],
                later(-1),
                outlook_to([(s.email, s.p.name)], [sakura]),
                "RE: 介護者研修会の開催について",
                quoted,
            ),
            reply=True,
        ),
        "reply-all-two-partners",
        kind="legitimate",
        policy="city",
        incidents=[5],
        reason="Reply-all in a thread where the care contractor and the welfare corporation already wrote to each "
        "other (the quoted headers show both): nobody learns a new address; quoted business signatures only.",
    )
    # Reply-all to three people of one vendor with a long thread of signatures (mobiles, 内線).
    s = staff("joho")
    towa = [org_addr(TOWA, i) for i in range(3)]
    vendor_sig = org_sig(TOWA, 2)  # the same person's signature in both of her mails
    inner = (
        f"{CITY} {s.section.short}\n{s.p.last}様\n\n{TOWA.name}の{TOWA.people[2][0].last}です。\n"
        "本番環境へのパッチ適用は12月12日（土）9時から12時を予定しております。\n\n" + vendor_sig
    )
    p2 = TOWA.people[2][0]
    mine = (
        f"{TOWA.name}\n{p2.last}様\n\n{s.p.last}です。\n適用日の件、承知しました。\n"
        f"当日は私が立ち会います（公用携帯 {phone_mobile()}）。\n\n{city_sig(s, 3)}\n\n"
        + Quote("outlook_ja_bar", p2.name, towa[2][0], later(-4), s.email, "パッチ適用日程", inner).plain()
    )
    quoted = (
        f"{CITY} {s.section.short}\n{s.p.last}様\n\n{TOWA.name}の{p2.last}です。\n作業手順書をお送りします。"
        f"ご確認ください。\n\n{vendor_sig}\n\n"
        + Quote(
            "outlook_ja_bar", s.p.name, s.email, later(-3), outlook_to([towa[2]]), "RE: パッチ適用日程", mine
        ).plain()
    )
    add(
        Mail(
            who(s),
            [towa[2]],
            "RE: RE: パッチ適用日程",
            f"{TOWA.name}\n{TOWA.people[2][0].last}様\n（cc：{TOWA.people[0][0].last}部長、{TOWA.people[1][0].last}様）\n\n"
            f"{s.p.last}です。\n作業手順書を確認しました。特に問題ございません。\n当日はよろしくお願いいたします。",
            cc=[towa[0], towa[1], (staff("joho").email, "")],
            sig=city_sig(s, 3),
            quote=Quote(
                "outlook_ja_bar",
                p2.name,
                towa[2][0],
                later(-1),
                outlook_to([(s.email, s.p.name)], [towa[0], towa[1]]),
                "RE: RE: パッチ適用日程",
                quoted,
            ),
            reply=True,
        ),
        "reply-all-one-vendor",
        kind="legitimate",
        policy="city",
        reason="Reply-all to three people of the system vendor; the thread quotes the vendor's and the sender's own "
        "signatures with work mobiles and 内線: one external party, business contacts only.",
        fmt="eml-html",
        enc="sjis",
    )
    # A partner's mail forwarded inside the office with the original's headers.
    s = staff("doro")
    chief = new_staff("doro", "課長")
    bridge = org_addr(BRIDGE, 0)
    original = (
        f"{CITY} 道路課\n{s.p.last}様\n\n{BRIDGE.name}の{BRIDGE.people[0][0].last}です。\n"
        "中町三丁目の舗装補修工事について、工程表を更新しました。\n雨天のため、完了予定を12月18日に変更いたします。\n\n"
        + org_sig(BRIDGE, 0)
    )
    add(
        Mail(
            who(s),
            [(chief.email, chief.p.name)],
            "Fwd: 中町三丁目 舗装補修工事の工程変更",
            f"{chief.p.last}課長\n\nお疲れ様です。{s.p.last}です。\nブリッジワークスから工程変更の連絡がありましたので転送します。\n"
            "完了が3日遅れますが、年内には終わる見込みです。",
            sig=city_sig(s, 4),
            quote=Quote(
                "fwd_gmail",
                BRIDGE.people[0][0].name,
                bridge[0],
                later(-1),
                s.email,
                "中町三丁目 舗装補修工事の工程変更",
                original,
            ),
        ),
        "forward-partner-internal",
        kind="legitimate",
        reason="A contractor's schedule change forwarded to the section chief with the original's headers and the "
        "contractor's signature: internal only.",
        enc="jis",
        fmt="eml-plain",
    )
    # The vendor's maintenance notice forwarded to the care contractor who uses the system.
    s = staff("joho")
    notice = (
        "関係各位\n\n東和システムです。\n下記の日程で介護保険システムの定期保守を行います。\n\n"
        "日時：12月19日（土）8:00～17:00\n影響：作業中は事業所向けポータルにログインできません。\n\n" + org_sig(TOWA, 1)
    )
    add(
        Mail(
            who(s),
            [org_addr(CARE, 1)],
            "Fwd: 【ご案内】介護保険システム定期保守のお知らせ",
            f"{CARE.name}\n{CARE.people[1][0].name}様\n\n{opening(s)}\nシステム保守の案内を転送いたします。\n"
            "当日はポータルをご利用いただけませんので、ご承知おきください。\n\n" + closing(),
            sig=city_sig(s, 2),
            quote=Quote(
                "fwd_tb_ja",
                TOWA.people[1][0].name,
                org_addr(TOWA, 1)[0],
                later(-2),
                s.email,
                "【ご案内】介護保険システム定期保守のお知らせ",
                notice,
            ),
        ),
        "forward-notice-partner",
        kind="legitimate",
        policy="city",
        reason="A vendor's maintenance notice forwarded to a contractor who uses the system: business content and "
        "the vendor's business signature only.",
        enc="utf8",
    )


def legit_wave_english() -> None:
    """English mail with a disclaimer footer, English job titles, an out-of-office reply."""
    s = new_staff("kokusai")
    quote = Quote(
        "gmail_en",
        BROWN.name,
        BROWN.email,
        later(-1),
        SECTIONS["kokusai"].email,
        "Youth exchange 2027",
        "Dear Mr " + s.p.last_roma + ",\n\nCould you confirm the number of students in the youth exchange and the "
        "arrival date?\n\nKind regards,\nAlice Brown\nProgramme Director\nPort Example Sister City Association",
    )
    add(
        Mail(
            who(s),
            [(BROWN.email, BROWN.name)],
            "Re: Youth exchange 2027",
            "Dear Ms Brown,\n\nThank you for your message. Twelve students and two teachers will take part, and they "
            "will arrive on 27 July 2027. We will send the final programme next month.\n\n",
            sig=en_sig(s) + "\n\n" + DISCLAIMER_EN,
            quote=quote,
            reply=True,
            lang="en",
        ),
        "english-disclaimer",
        kind="legitimate",
        reason="English reply to the sister-city partner; the footer disclaimer mentions 'any attachments' but the "
        "mail attaches nothing and says it does not.",
        fmt="eml-alt",
        enc="utf8",
    )
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(MILLER.email, MILLER.name)],
            "Site visit on 9 March",
            "Dear Mr Miller,\n\nThank you for agreeing to host our delegation. The members will be:\n\n"
            f"- {MORI.p.romaji}, Director, Elderly Welfare Division\n- {s.p.romaji}, Manager, International Relations Division\n\n"
            "We would be grateful if you could arrange a meeting with your Port Authority Manager in the afternoon.\n\n",
            sig=en_sig(s) + "\n\n" + DISCLAIMER_EN,
            lang="en",
        ),
        "english-job-titles",
        kind="legitimate",
        policy="city",
        reason="English mail to a partner listing the city's own delegation by name and English job title "
        "(Director, Manager): staff, not residents; disclaimer footer, nothing attached.",
        fmt="eml-html",
        enc="utf8",
    )
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(CHEN.email, CHEN.name)],
            "Automatic reply: Teacher training seminar",
            f"Thank you for your email. I am out of the office until Monday 7 December with limited access to email.\n\n"
            f"For urgent matters, please contact the International Relations Division at {SECTIONS['kokusai'].email} "
            "or +81-3-5555-0170.\n\n",
            sig=en_sig(s),
            headers=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
            lang="en",
        ),
        "english-out-of-office",
        kind="legitimate",
        reason="An out-of-office auto-reply in English naming the office's public address and phone.",
        fmt="eml-plain",
        enc="utf8",
    )
    p = person()
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(CHEN.email, CHEN.name)],
            "Seminar speakers",
            f"Dear Dr. Chen,\n\nThe two speakers from Egao City will be {p.romaji} (Principal, Egao Daiichi Junior High "
            f"School) and {s.p.romaji} (Manager, International Relations Division). Their profiles are on our "
            "website; we will not send them by email.\n\n",
            sig=en_sig(s),
            lang="en",
        ),
        "english-speakers",
        kind="legitimate",
        policy="city",
        reason="English mail naming two speakers with their public job titles; says nothing is attached.",
        fmt="msg-html",
    )


def legit_wave_meetings() -> None:
    """Invitations to several sections plus one known contractor; a joint project with two bodies."""
    for i in range(2):
        s = staff(["joho", "kaigo"][i])
        sections = [
            SECTIONS[k] for k in (["kosodate", "kaigo", "shogai"] if i == 0 else ["shimin", "zeimu", "kosodate"])
        ]
        vendor = org_addr(TOWA, 1)
        text = (
            f"{'、'.join(sec.short for sec in sections)} ご担当者様\n{TOWA.name} {TOWA.people[1][0].last}様（cc）\n\n"
            f"お疲れ様です。{s.section.short}の{s.p.last}です。\n"
            "窓口予約システムの導入について、関係課と事業者を交えた打合せを下記のとおり行います。\n\n"
            f"日時：12月{15 + i}日（{'火水'[i]}）10:00～11:30\n場所：本庁舎5階 第3会議室\n"
            "議題：予約画面の文言、通知メールの送信元アドレス\n\nご出席のほどよろしくお願いいたします。"
        )
        add(
            Mail(
                who(s),
                [(sec.email, f"{sec.org} {sec.short}") for sec in sections],
                "【打合せ】窓口予約システム導入について",
                text,
                cc=[vendor],
                sig=city_sig(s, 3),
            ),
            "meeting-sections-vendor",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            reason="Meeting invitation to three sections of the city with the known system vendor in Cc: one "
            "external party, no personal data.",
            fmt="eml-html" if i == 0 else "msg-html",
            enc="sjis",
        )
    # Joint project: the prefecture and the neighbouring town wrote together; the city replies to both.
    s = staff("kosodate")
    pref = person()
    pref_addr = (f"{pref.last_roma.lower()}-{pref.first_roma[0].lower()}@{PREF_DOMAIN}", pref.name)
    town = staff("town")
    their = (
        f"{CITY} 子育て支援課\n{s.p.last}様\n（cc：見本町 住民福祉課 {town.p.last}様）\n\n"
        f"埼玉県 福祉部 こども政策課の{pref.last}です。\n広域子育て支援事業について、3団体での第2回連絡会を"
        "12月22日に開催したいと考えております。\nご都合をお知らせください。\n\n"
        f"埼玉県 福祉部 こども政策課\n{pref.name}\nTEL 048-830-3301\n{pref_addr[0]}"
    )
    add(
        Mail(
            who(s),
            [pref_addr],
            "Re: 広域子育て支援事業 第2回連絡会",
            f"埼玉県 こども政策課 {pref.last}様\n見本町 住民福祉課 {town.p.last}様\n\n{opening(s)}\n"
            "12月22日（火）の連絡会、当市は出席いたします。\n会場は当市の本庁舎3階会議室をご用意できます。\n\n"
            + closing(),
            cc=[(town.email, town.p.name)],
            sig=city_sig(s, 0),
            quote=Quote(
                "gmail_ja",
                pref.name,
                pref_addr[0],
                later(-1),
                s.email + ", " + town.email,
                "広域子育て支援事業 第2回連絡会",
                their,
            ),
            reply=True,
        ),
        "joint-project-reply",
        kind="legitimate",
        incidents=[5],
        reason="Reply to the prefecture and the neighbouring town on a joint project they started together (their "
        "mail, quoted, was already to both): two public bodies who work together, nothing personal.",
        enc="jis",
    )
    # Committee mail listing its member organisations (not people).
    s = staff("shido")
    members = [SAKURA, MIDORI, HIKARI_NPO, MEDICAL, CARE]
    add(
        Mail(
            who(s),
            [org_addr(MEDICAL, 0)],
            "地域福祉推進協議会 構成団体について",
            f"{MEDICAL.name} 事務局 御中\n\n{opening(s)}\n来年度の地域福祉推進協議会は、次の団体で構成する予定です。\n\n"
            + "\n".join(f"・{o.name}" for o in members)
            + "\n・えがお市 福祉部\n\n貴会からのご推薦を1名お願いできますでしょうか。\n\n"
            + closing(),
            sig=city_sig(s, 1),
        ),
        "committee-member-orgs",
        kind="legitimate",
        policy="city",
        reason="The body lists the committee's member organisations (not people) to one of them, addressed 御中.",
        enc="sjis",
    )


def legit_wave_reports() -> None:
    """A contractor's monthly report with a spreadsheet naming only its own staff."""
    for i in range(2):
        o = CARE if i == 0 else BRIDGE
        p, _dept, local = o.people[1]
        s = staff("kaigo" if i == 0 else "doro")
        workers = [person() for _ in range(4)]
        rows: list[list[object]] = [["作業日", "作業内容", "担当者", "作業時間（h）"]]
        for day in range(8):
            rows.append(
                [
                    f"2026/11/{2 + day * 3:02d}",
                    ["訪問調査", "書類点検", "定例報告", "現地確認"][day % 4],
                    workers[day % 4].name,
                    4 + day % 3,
                ]
            )
        att = (
            Att(f"{o.name}_月次報告_2026年11月.xlsx", XLSX, xlsx(rows, "11月"))
            if i == 0
            else Att("月次報告_2026年11月.csv", "text/csv", csv_bytes(rows))
        )
        add(
            Mail(
                (p.name, f"{local}@{o.domain}"),
                [(s.email, s.p.name)],
                "11月分 月次報告書の提出",
                f"{CITY} {s.section.short}\n{s.p.last}様\n\nいつもお世話になっております。\n{o.name}の{p.last}です。\n\n"
                "11月分の月次報告書を添付にてお送りします。\n作業実績は担当者別に記載しております。\n"
                "ご確認のほど、よろしくお願いいたします。",
                sig=org_sig(o, 1),
                attachments=[att],
            ),
            "contractor-monthly-report",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            reason="A contractor's monthly report to its client: the spreadsheet lists work days and the contractor's "
            "own staff (担当者), no resident.",
            fmt="eml-alt" if i == 0 else "msg-plain",
            enc="sjis" if i == 0 else None,
        )


def legit_wave_residents() -> None:
    """Acknowledging a resident's application with her own details; out-of-office replies."""
    for i in range(2):
        s = staff("shogai" if i == 0 else "kosodate")
        p, address = resident()
        home, phone = home_address(), phone_mobile()
        ask = (
            f"市民講座「冬の星空観察会」に申し込みます。\n\n氏名：{p.name}\n住所：{home}\n電話：{phone}\n参加人数：2名"
        )
        quote = (
            Quote("iphone_ja", p.name, address, later(-1), s.section.email, "冬の星空観察会 申込み", ask)
            if i == 0
            else None
        )
        text = (
            f"{p.name} 様\n\n{opening(s)}\n"
            + (
                "以下の内容でお申し込みを受け付けました。\n\n"
                if i == 0
                else "ホームページのフォームからのお申し込みを、以下の内容で受け付けました。\n\n"
            )
            + f"受付番号：S-{R.randint(1000, 9999)}\nお名前：{p.name} 様\nご住所：{home}\nお電話：{phone}\n参加人数：2名\n\n"
            "内容に誤りがある場合は、このメールにご返信ください。\n\n" + closing()
        )
        add(
            Mail(
                sec_from(s),
                [(address, p.name)],
                ("Re: 冬の星空観察会 申込み" if i == 0 else "【受付完了】冬の星空観察会のお申し込み"),
                text,
                sig=city_sig(s, 4),
                quote=quote,
                reply=i == 0,
            ),
            "application-acknowledgement",
            kind="legitimate",
            policy="default" if i == 0 else "city",
            reason="Acknowledgement sent to the applicant herself, repeating her own name, address and phone for her "
            "to check"
            + (" (the same details as in her quoted application)." if i == 0 else " (a web form's details)."),
            enc="utf8" if i == 0 else "jis",
        )
    # Out-of-office replies in Japanese.
    for i in range(2):
        s = new_staff(["shimin", "gomi"][i])
        to = org_addr(SAKURA, 1) if i == 0 else (resident()[1], "")
        add(
            Mail(
                who(s),
                [to],
                "自動応答: " + ["見守り事業の件", "粗大ごみの収集について"][i],
                f"誠に恐れ入りますが、12月4日（金）まで不在にしております。\n12月7日（月）以降、順次ご返信いたします。\n\n"
                f"お急ぎの場合は、{s.section.short}（TEL {s.section.tel}、平日8:30～17:15）までお電話ください。\n\n"
                f"{s.section.org} {s.section.short} {s.p.last}",
                headers=[("Auto-Submitted", "auto-replied")],
            ),
            "out-of-office",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            reason="An out-of-office auto-reply naming the section's public phone: no attachment, no personal data.",
            enc=["jis", "sjis"][i],
        )


def legit_wave_newsletters() -> None:
    """A newsletter to 200 subscribers in Bcc with the office's own address in To."""
    for i in range(2):
        subscribers = [(resident()[1], "") for _ in range(200)]
        own = ("えがお市 広報課", "news@example-city.lg.jp")
        text = (
            "えがおのまち通信 1月号（第128号）\n\n■ 成人の日記念式典\n1月11日（月・祝）13時から、えがお市民会館大ホールで開催します。\n\n"
            "■ 確定申告の相談会\n2月16日から、本庁舎1階の特設会場で受け付けます（税務課 TEL 03-5555-0151）。\n\n"
            "配信停止は https://news.example-city.lg.jp/unsubscribe から"
        )
        add(
            Mail(
                own,
                [(own[1], own[0])],
                "【メルマガ】えがおのまち通信 1月号",
                text,
                bcc=subscribers,
                headers=[("List-Unsubscribe", "<https://news.example-city.lg.jp/unsubscribe>")] if i == 0 else [],
            ),
            "newsletter-200-bcc",
            kind="legitimate",
            policy="city" if i == 0 else "default",
            incidents=[7],
            reason="Newsletter to 200 subscribers, all in Bcc, with only the office's own address in To (#7 done right).",
            fmt="eml-html" if i == 0 else "eml-alt",
            enc="utf8",
        )


def legit_wave_salutations() -> None:
    """〇〇課 御中 with a person and title in parentheses, 各位 with a partner, English titles in Japanese mail."""
    s = staff("koho")
    o = MIRAI
    p = o.people[0][0]
    add(
        Mail(
            who(s),
            [org_addr(o, 0)],
            "広報えがお 2月号の入稿について",
            f"{o.name} 営業部 御中\n（ご担当：{p.name} 様）\n\n{opening(s)}\n広報えがお2月号の原稿は、1月8日（金）に入稿いたします。\n"
            "校正は2回を予定しております。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "onchu-person-in-brackets",
        kind="legitimate",
        policy="city",
        reason="'株式会社みらい印刷 営業部 御中' with the person in parentheses, who is the recipient.",
        enc="jis",
    )
    o = CARE
    p, _dept, local = o.people[2]
    s = staff("kaigo")
    add(
        Mail(
            (p.name, f"{local}@{o.domain}"),
            [(s.email, s.p.name)],
            "訪問調査の実施件数について",
            f"{CITY} 高齢福祉課 御中\n（{s.p.last} 係長様）\n\nいつもお世話になっております。\n{o.name} 調査課の{p.last}です。\n\n"
            "12月の訪問調査は、予定どおり42件を実施する見込みです。\n\n引き続きよろしくお願いいたします。",
            sig=org_sig(o, 2),
        ),
        "onchu-title-in-brackets",
        kind="legitimate",
        reason="A contractor to 'えがお市 高齢福祉課 御中（〇〇 係長様）', the person in parentheses being the recipient.",
        fmt="eml-plain",
        enc="sjis",
    )
    s = staff("joho")
    towa = [org_addr(TOWA, i) for i in range(3)]
    insiders = [new_staff("joho"), new_staff("joho")]
    add(
        Mail(
            who(s),
            [(t.email, t.p.name) for t in insiders] + [towa[1]],
            "【共有】ネットワーク切替作業の結果",
            f"関係者各位\n\n{s.section.short}の{s.p.last}です。\n昨夜のネットワーク切替作業は、予定どおり23時に完了しました。\n"
            "切替後の疎通確認もすべて正常でした。\n\n東和システムの皆様、夜間の作業ありがとうございました。",
            cc=[towa[0], towa[2]],
            sig=city_sig(s, 3),
        ),
        "kakui-internal-and-vendor",
        kind="legitimate",
        policy="city",
        reason="'関係者各位' to two colleagues and three people of the one vendor that did the work: one external party.",
        enc="utf8",
        fmt="eml-alt",
    )
    o = TOWA
    p, _, local = o.people[0]
    s = staff("joho")
    add(
        Mail(
            who(s),
            [(f"{local}@{o.domain}", p.name)],
            "次期システム提案のお礼",
            f"{o.name}\n公共ソリューション事業部 General Manager\n{p.name} 様\n\n{opening(s)}\n"
            "先日はご提案をいただき、ありがとうございました。\n庁内で検討のうえ、1月中にご回答いたします。\n\n"
            + closing(),
            sig=city_sig(s, 0),
        ),
        "english-title-japanese-mail",
        kind="legitimate",
        reason="Japanese mail whose addressee block carries an English job title (General Manager) before the "
        "recipient's own name.",
        enc="jis",
    )
    s = staff("koho")
    p = PRESS.people[0][0]
    add(
        Mail(
            who(s),
            [org_addr(PRESS, 0)],
            "取材のご依頼について",
            f"{PRESS.name}\n編集部 Chief Editor\n{p.last} 様\n\n{opening(s)}\n取材のご依頼ありがとうございます。\n"
            "市長のインタビューは12月21日（月）15時から30分間でお受けします。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "english-title-surname",
        kind="legitimate",
        policy="city",
        reason="'編集部 Chief Editor / 〇〇 様' to the local paper's editor, who is the recipient.",
        fmt="msg-plain",
    )


def legit_wave_signatures() -> None:
    """The sender's own work mobile in the text; 内線 and mobiles in quoted internal signatures."""
    s = staff("doro")
    mobile = phone_mobile()
    sig = (
        f"{'─' * 24}\n{CITY} {s.section.short}\n{s.p.name}\n{s.section.address}\n"
        f"TEL：{s.section.tel}（内線{R.randint(2000, 2999)}）\n公用携帯：{mobile}\nE-mail：{s.email}\n{'─' * 24}"
    )
    add(
        Mail(
            who(s),
            [org_addr(BRIDGE, 1)],
            "明日の現地立会いについて",
            f"{BRIDGE.name}\n{BRIDGE.people[1][0].last}様\n\n{opening(s)}\n明日の現地立会いは9時30分に中町三丁目の現場でお願いします。\n"
            f"当日は私の公用携帯（{mobile}）にご連絡ください。\n\n" + closing(),
            sig=sig,
        ),
        "own-work-mobile",
        kind="legitimate",
        policy="city",
        reason="The sender gives her own work mobile (the one in her signature) to the contractor for a site visit.",
        enc="sjis",
    )
    s = staff("kosodate")
    colleague = new_staff("kosodate")
    their = (
        f"{s.p.last}さん\n\n{colleague.p.last}です。\n来週の子育て応援フェスタの当日連絡先をまとめました。\n\n"
        f"受付：{colleague.p.last}（携帯 {phone_mobile()}）\n会場設営：{s.p.last}（携帯 {phone_mobile()}）\n\n"
        f"{CITY} 子育て支援課\n{colleague.p.name}\n内線 {R.randint(2000, 2999)}"
    )
    add(
        Mail(
            who(s),
            [(colleague.email, colleague.p.name), (new_staff("kosodate").email, "")],
            "Re: 子育て応援フェスタ 当日連絡先",
            f"{colleague.p.last}さん\n\nありがとうございます。内容に問題ありません。\n当日は8時に会場入りします。",
            sig=f"{CITY} 子育て支援課 {s.p.last}（内線 {R.randint(2000, 2999)}）",
            quote=Quote(
                "outlook_ja",
                colleague.p.name,
                colleague.email,
                later(-1),
                s.email,
                "子育て応援フェスタ 当日連絡先",
                their,
            ),
            reply=True,
        ),
        "internal-staff-mobiles",
        kind="legitimate",
        reason="Internal reply quoting the staff's event-day mobiles and 内線: stays inside the office.",
        enc="utf8",
    )
    # The city's own address block and main number in a partner reply.
    s = staff("gomi")
    o = HIKARI_NPO
    add(
        Mail(
            who(s),
            [org_addr(o, 0)],
            "Re: 清掃ボランティアの集合場所",
            f"{o.name}\n理事長 {o.people[0][0].name} 様\n\n{opening(s)}\n集合場所は第二庁舎前の広場です。\n"
            f"当日の連絡先は環境部 ごみ減量推進課（{s.section.tel}、当日の担当 {s.p.last}）です。\n\n" + closing(),
            sig=city_sig(s, 0),
            quote=Quote(
                "gmail_ja",
                o.people[0][0].name,
                org_addr(o, 0)[0],
                later(-1),
                s.section.email,
                "清掃ボランティアの集合場所",
                f"ごみ減量推進課 ご担当者様\n\n集合場所を教えてください。\n\n{org_sig(o, 0)}",
            ),
            reply=True,
        ),
        "reply-npo-office-phone",
        kind="legitimate",
        policy="city",
        reason="Reply to the NPO's chair (title before the name) quoting her business signature; only the section's own phone.",
        enc="jis",
        fmt="eml-alt",
    )


def legit_wave_schools() -> None:
    """The board of education to the head of each school, and a school's own file to that school."""
    s = staff("gakumu")
    add(
        Mail(
            who(s),
            [(f"kocho@{d}", f"{name} 校長") for name, d in SCHOOLS[:3]],
            "冬季休業中の施設開放について",
            "各校長 様\n\n" + opening(s) + "\n冬季休業中の校庭開放は、12月26日から1月5日までお休みとします。\n"
            "各校の掲示物の差し替えをお願いします。\n\n" + closing(),
            sig=city_sig(s, 3),
        ),
        "schools-heads",
        kind="legitimate",
        policy="city",
        reason="'各校長 様' to the heads of three city schools (trusted domains): a circular, no personal data.",
        enc="sjis",
    )
    school, domain = SCHOOLS[3]
    s = staff("gakumu")
    rows: list[list[object]] = [["学校名", "学年", "在籍者数", "欠席者数"]]
    for grade in range(1, 4):
        rows.append([school, grade, 120 + grade * 3, grade * 2])
    add(
        Mail(
            who(s),
            [(f"office@{domain}", f"{school} 事務室")],
            "Re: 在籍者数調査の回答",
            f"{school}\n事務室 ご担当者様\n\n{opening(s)}\nご回答ありがとうございました。\n集計表に転記した内容を添付しますので、ご確認ください。\n\n"
            + closing(),
            sig=city_sig(s, 1),
            attachments=[Att(f"在籍者数調査_{school}.xlsx", XLSX, xlsx(rows))],
            reply=True,
        ),
        "school-own-figures",
        kind="legitimate",
        policy="city",
        reason="The school's own figures (file and rows name this school, counts only) sent back to this school.",
        enc="jis",
    )


def risky_wave() -> None:
    """Risky everyday slips: a kept quote, a citizen in Cc, the other school's file, look-alikes, a list in To."""
    # A resident's inquiry with her address and phone kept in the quote, sent on to the contractor.
    s = staff("kaigo")
    p, address = resident()
    theme = THEMES[0]
    ask = fill(theme.ask, p)
    add(
        Mail(
            who(s),
            [org_addr(CARE, 1)],
            "Re: 要介護認定の申請について",
            f"{CARE.name}\n{CARE.people[1][0].last}様\n\n{opening(s)}\n訪問調査の日程調整をお願いします。\n"
            "今週中にご本人へお電話いただけますでしょうか。\n\n" + closing(),
            sig=city_sig(s, 3),
            quote=Quote("outlook_ja", p.name, address, later(-2), s.section.email, theme.subject, ask),
            reply=True,
        ),
        "quoted-resident-to-contractor",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG402", "MG403"],
        incidents=[15],
        policy="city",
        reason="A reply to the contractor that keeps the resident's own mail (her address and mobile) in the quote: "
        "her data goes to someone she did not write to (#15).",
        enc="sjis",
    )
    # A reply to resident B written over resident A's thread: A's data in the quote.
    s = staff("zeimu")
    a, a_address = resident()
    b, b_address = resident()
    theme = THEMES[4]
    add(
        Mail(
            sec_from(s),
            [(b_address, b.name)],
            "Re: 納付書の再発行のお願い",
            f"{b.name} 様\n\n{opening(s)}\n納付書を再発行し、本日ご住所あてに発送いたしました。\n\n" + closing(),
            sig=city_sig(s, 1),
            quote=Quote("gmail_ja", a.name, a_address, later(-1), s.section.email, theme.subject, fill(theme.ask, a)),
            reply=True,
        ),
        "quoted-other-resident",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG402", "MG403"],
        incidents=[15, 18],
        reason="A reply to one resident written over another resident's mail: the quote carries the other "
        "resident's address and phone to a personal address (#15, #18).",
        enc="jis",
    )
    # A citizen's free-mail address in Cc of mail to the welfare corporation.
    s = staff("kaigo")
    p, address = resident("gmail.com")
    add(
        Mail(
            who(s),
            [org_addr(SAKURA, 1)],
            "ショートステイの利用について",
            f"{SAKURA.name}\n事務局 {SAKURA.people[1][0].last}様\n\n{opening(s)}\nご家族からショートステイ利用のご相談がありました。\n"
            "空き状況をご家族へ直接ご連絡いただけますでしょうか。\n\n" + closing(),
            cc=[(address, p.name)],
            sig=city_sig(s, 2),
        ),
        "citizen-in-cc-of-org-mail",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG101"],
        incidents=[5],
        policy="city",
        reason="A citizen's gmail address in Cc of mail to a welfare corporation: the family and the corporation "
        "see each other's addresses; the city should introduce them, not Cc (#5).",
        enc="utf8",
    )
    p, address = resident("docomo.ne.jp")
    s = staff("doro")
    add(
        Mail(
            who(s),
            [org_addr(BRIDGE, 0)],
            "側溝清掃のご依頼",
            f"{BRIDGE.name}\n{BRIDGE.people[0][0].last}様\n\n{opening(s)}\n北町二丁目の側溝清掃をお願いします。\n"
            "通報された方にもCcでお送りしています。\n\n" + closing(),
            cc=[(address, "")],
            sig=city_sig(s, 4),
        ),
        "citizen-in-cc-of-contractor-mail",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG101"],
        incidents=[5],
        reason="The resident who reported a blocked gutter put in Cc of the order to the contractor: her private "
        "address goes to the company (#5).",
        fmt="eml-plain",
        enc="sjis",
    )
    # Another school's file, in a reply thread.
    s = staff("gakumu")
    school, domain = SCHOOLS[0]
    other = SCHOOLS[1][0]
    rows = [["学校名", "学年", "組", "氏名", "生年月日"]]
    for k in range(6):
        kid = person()
        rows.append([other, 1, 1 + k % 2, kid.name, f"2020/0{1 + k}/1{k}"])
    add(
        Mail(
            who(s),
            [(f"office@{domain}", f"{school} 事務室")],
            "Re: 就学時健康診断 受診者名簿",
            f"{school}\n事務室 ご担当者様\n\n{opening(s)}\n受診者名簿を添付します。ご確認ください。\n\n" + closing(),
            sig=city_sig(s, 1),
            attachments=[Att(f"受診者名簿_{other}.csv", "text/csv", csv_bytes(rows))],
            reply=True,
        ),
        "other-school-file-reply",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG202"],
        incidents=[6],
        reason=f"Reply to {school} with the pupils' roster named for {other} attached (#6).",
        enc="sjis",
    )
    # Look-alikes of a partner's domain in a reply thread.
    o = MIRAI
    p, _, local = o.people[1]
    s = staff("koho")
    bad = o.domain.replace("print", "prlnt")
    add(
        Mail(
            who(s),
            [(f"{local}@{bad}", p.name)],
            "Re: 広報えがお 校正刷りの送付",
            f"{o.name}\n{p.last}様\n\n{opening(s)}\n校正刷りを確認しました。2か所の修正をお願いします。\n\n"
            + closing(),
            sig=city_sig(s, 0),
            quote=Quote(
                "outlook_ja",
                p.name,
                f"{local}@{o.domain}",
                later(-1),
                s.email,
                "広報えがお 校正刷りの送付",
                f"{CITY} 広報課 {s.p.last}様\n\n校正刷りをお送りします。\n\n{org_sig(o, 1)}",
            ),
            reply=True,
        ),
        "lookalike-partner-reply",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG301"],
        incidents=[13],
        reason=f"Reply to {bad} while the quoted mail and signature come from {o.domain} (no policy: the thread "
        "itself has the right spelling) (#13).",
        enc="jis",
    )
    bad = "harbor-counci1-example.org"
    s = new_staff("kokusai")
    add(
        Mail(
            who(s),
            [(f"j.miller@{bad}", MILLER.name)],
            "Re: Port festival",
            "Dear Mr Miller,\n\nThank you for the invitation. Two members of our division will attend the port "
            "festival.\n\n",
            sig=en_sig(s),
            quote=Quote(
                "gmail_en",
                MILLER.name,
                MILLER.email,
                later(-1),
                SECTIONS["kokusai"].email,
                "Port festival",
                "Dear colleagues,\n\nWe would be delighted to welcome you to the port festival on 3 May.\n\n"
                "James Miller\nHarbor City Council",
            ),
            reply=True,
            lang="en",
        ),
        "lookalike-partner-english",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG301"],
        incidents=[13],
        policy="city",
        reason=f"English reply to {bad} (digit 1 for l) while the partner's known domain, quoted in the thread, "
        "is harbor-council-example.org (#13).",
        enc="utf8",
    )
    # 〇〇 御中（担当者名）written to the printer, sent to the construction company.
    s = staff("koho")
    p = MIRAI.people[0][0]
    add(
        Mail(
            who(s),
            [org_addr(BRIDGE, 0)],
            "広報えがお 3月号の入稿について",
            f"{MIRAI.name} 営業部 御中\n（ご担当：{p.name} 様）\n\n{opening(s)}\n広報えがお3月号の原稿は、2月5日（金）に入稿いたします。\n\n"
            + closing(),
            sig=city_sig(s, 2),
        ),
        "onchu-other-company",
        kind="risky",
        allowed=["confirm", "block"],
        rules=["MG201"],
        incidents=[2],
        policy="city",
        reason="Written to the printer (みらい印刷 営業部 御中, its contact in parentheses) but addressed to the "
        "construction company's contact: auto-completed wrong recipient (#2).",
        enc="sjis",
    )
    # A newsletter with twelve subscribers in To.
    for i in range(2):
        subs = residents(12)
        own = ("えがお市 広報課", "news@example-city.lg.jp")
        add(
            Mail(
                own,
                subs,
                "【メルマガ】えがおのまち通信 1月号" if i == 0 else "えがお市 子育て情報メール 1月号",
                "えがおのまち通信 1月号\n\n■ 成人の日記念式典\n■ 確定申告の相談会\n\n配信停止は https://news.example-city.lg.jp/unsubscribe から",
                headers=[("List-Unsubscribe", "<https://news.example-city.lg.jp/unsubscribe>")] if i == 0 else [],
            ),
            "newsletter-twelve-in-to",
            kind="risky",
            allowed=["block"],
            rules=["MG102", "MG101"],
            incidents=[7],
            policy="city" if i == 0 else "default",
            reason="Newsletter sent with its twelve subscribers in To instead of Bcc: each sees the others (#7, #1).",
            fmt="eml-html",
            enc="utf8",
        )


def legit_wave_partners() -> None:
    """The third wave (after the held-out set asked about it): several people of one partner in
    a block salutation with 同 (ditto) lines, role words before a surname (経理ご担当 / 総務担当),
    a partner's own document sent to a new address of that partner, and a committee named in
    its salutation. Written before mailguard was run on them."""
    # Two people of the one vendor, neither in the address book, the second line a 同 line.
    s = staff("joho")
    lead, qa = person(), person()
    add(
        Mail(
            who(s),
            [
                (f"{lead.first_roma[0].lower()}.{lead.last_roma.lower()}@{TOWA.domain}", lead.name),
                (f"{qa.first_roma[0].lower()}.{qa.last_roma.lower()}@{TOWA.domain}", qa.name),
            ],
            "庁内ネットワーク更改 定例会の議事メモ",
            f"{TOWA.name}\nシステム開発部 {lead.last}課長\n同 品質保証課 {qa.last}様\n\n{opening(s)}\n"
            "本日の定例会の議事メモをお送りします。\n\n・切替日は2月14日（土）で確定\n・試験計画書は1月末までにご提出\n\n"
            "内容に相違がありましたらお知らせください。",
            sig=city_sig(s, 1),
        ),
        "ditto-two-at-vendor",
        kind="legitimate",
        policy="city",
        reason="Meeting notes to two people of one vendor, each named in the salutation (the second on a "
        "'同' line: the same company); both are the recipients, new to the address book.",
        enc="jis",
    )
    # A role word before the surname, to a new accounting address of a known printer.
    s = staff("koho")
    clerk = person()
    add(
        Mail(
            who(s),
            [(f"keiri@{MIRAI.domain}", clerk.name)],
            "広報えがお12月号 印刷代のお支払いについて",
            f"{MIRAI.name}\n経理担当 {clerk.last}様\n\n{opening(s)}\n広報えがお12月号の印刷代は、1月20日にお振込みいたします。\n"
            "請求書の原本は郵送でお送りください。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "role-word-before-surname",
        kind="legitimate",
        policy="city",
        reason="'経理担当 〇〇様': a role word before the surname of the one recipient, at the printer's "
        "accounting address (new to the address book, the printer known).",
        enc="sjis",
    )
    s = staff("kaigo")
    clerk = person()
    add(
        Mail(
            who(s),
            [(f"soumu@{CARE.domain}", clerk.name)],
            "介護認定調査 委託料の精算について",
            f"{CARE.name}\n総務部 ご担当の{clerk.last}様\n\n{opening(s)}\n11月分の委託料について、精算書を確認しました。\n"
            "金額に相違はありませんので、このまま処理を進めます。\n\n" + closing(),
            sig=city_sig(s, 3),
        ),
        "role-with-no-before-surname",
        kind="legitimate",
        policy="city",
        reason="'総務部 ご担当の〇〇様' to the contractor's general-affairs address, the one recipient; the "
        "contractor is in the address book, this address and person are not.",
        enc="utf8",
    )
    # The partner's own document to a new address of the same partner.
    s = staff("doro")
    clerk = person()
    add(
        Mail(
            who(s),
            [(f"keiri@{BRIDGE.domain}", clerk.name)],
            "支払通知書の送付（市道12号線 補修工事）",
            f"{BRIDGE.name}\n{clerk.last}様\n\n{opening(s)}\n市道12号線補修工事の支払通知書を添付にてお送りします。\n\n"
            + closing(),
            sig=city_sig(s, 1),
            attachments=[
                att_pdf(
                    "支払通知書_ブリッジワークス.pdf",
                    ["支払通知書", f"{BRIDGE.name} 御中", "件名：市道12号線 補修工事", "支払予定日：令和9年1月25日"],
                )
            ],
        ),
        "partner-document-new-address",
        kind="legitimate",
        policy="city",
        reason="A payment notice naming the contractor, sent to the contractor's accounting address (its "
        "domain is the contractor's; the address is new to the address book).",
        enc="jis",
        fmt="eml-plain",
    )
    s = staff("kaigo")
    clerk = person()
    add(
        Mail(
            who(s),
            [(f"jimu@{SAKURA.domain}", clerk.name)],
            "指導監査の結果通知について",
            f"{SAKURA.name}\n事務担当 {clerk.last}様\n\n{opening(s)}\n先日の指導監査の結果通知を添付いたします。\n"
            "改善報告書は2月末までにご提出ください。\n\n" + closing(),
            sig=city_sig(s, 2),
            attachments=[
                att_pdf(
                    "監査結果通知_さくら会.pdf",
                    ["指導監査結果通知書", f"{SAKURA.name} 理事長 様", "えがお市長", "指摘事項：2件"],
                )
            ],
        ),
        "partner-own-audit-result",
        kind="legitimate",
        policy="city",
        reason="The audit result of the social-welfare corporation, to that corporation's office address "
        "(new to the address book; the corporation is in it).",
        enc="utf8",
        fmt="eml-alt",
    )
    # A committee that writes to itself, every member named in the salutation (no configuration).
    s = new_staff("town")
    doctor, council, member = person(), person(), person()
    add(
        Mail(
            who(s),
            [
                (f"{doctor.last_roma.lower()}@hikari-clinic-example.or.jp", f"{doctor.name} 先生"),
                ("jimukyoku@sample-shakyo-example.or.jp", council.name),
                (free_address(member), member.name),
            ],
            "第5回 地域福祉計画策定委員会 資料の送付",
            f"地域福祉計画策定委員会 委員各位\n{doctor.last}先生、{council.last}様、{member.last}様\n\n"
            f"{s.section.org} {s.section.short}の{s.p.last}です。\n次回の委員会資料をお送りします。\n"
            "ご意見は1月15日までにお寄せください。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "committee-each-named",
        kind="legitimate",
        allowed=["pass", "confirm"],
        reason="A town's committee (a clinic's doctor, the social-welfare council, a resident member at her "
        "own address) written to together, each member named in the salutation: they know each other's "
        "addresses by design. A confirm is acceptable, a block is not.",
        enc="utf8",
    )


def risky_wave_partners() -> None:
    """The look-alikes of the third wave's legitimate mail, where the same shapes go wrong."""
    s = staff("joho")
    add(
        Mail(
            who(s),
            [org_addr(CARE, 1), org_addr(CARE, 2)],
            "庁内ネットワーク更改 定例会の議事メモ",
            f"{TOWA.name}\n{TOWA.people[2][1]} {TOWA.people[2][0].last}様\n同 {TOWA.people[1][0].last}様\n\n{opening(s)}\n"
            "本日の定例会の議事メモをお送りします。\n\n・切替日は2月14日（土）で確定\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "ditto-block-wrong-company",
        kind="risky",
        rules=["MG201"],
        incidents=[2, 8],
        policy="city",
        reason="Addressed to two people of the network vendor (the second on a '同' line) but sent to two "
        "people of the care contractor (#2, #8).",
        enc="jis",
    )
    s = staff("koho")
    add(
        Mail(
            who(s),
            [org_addr(CARE, 1)],
            "印刷代のお支払いについて",
            f"{MIRAI.name}\n経理ご担当 {MIRAI.people[0][0].last}様\n\n{opening(s)}\n"
            "印刷代は1月20日にお振込みいたします。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "role-word-wrong-company",
        kind="risky",
        rules=["MG201"],
        incidents=[2, 8],
        policy="city",
        reason="A role word before the printer's contact's surname, sent to the care contractor (#2, #8).",
        enc="sjis",
    )
    s = staff("doro")
    clerk = person()
    add(
        Mail(
            who(s),
            [(f"keiri@{CARE.domain}", clerk.name)],
            "支払通知書の送付",
            f"{CARE.name}\n{clerk.last}様\n\n{opening(s)}\n支払通知書を添付にてお送りします。\n\n" + closing(),
            sig=city_sig(s, 3),
            attachments=[
                att_pdf(
                    "支払通知書_ブリッジワークス.pdf",
                    ["支払通知書", f"{BRIDGE.name} 御中", "件名：市道12号線 補修工事", "支払予定日：令和9年1月25日"],
                )
            ],
        ),
        "other-partner-document",
        kind="risky",
        rules=["MG202"],
        incidents=[6, 21],
        policy="city",
        reason="The road contractor's payment notice attached to mail for the care contractor's accounting "
        "address (#6, #21).",
        enc="utf8",
        fmt="eml-plain",
    )
    s = new_staff("town")
    a, b, c = person(), person(), person()
    add(
        Mail(
            who(s),
            [(free_address(a), a.name), (free_address(b), b.name), (free_address(c), c.name)],
            "子育て相談会 ご参加のお礼",
            f"{a.last}様、{b.last}様、{c.last}様\n\n{s.section.org} {s.section.short}の{s.p.last}です。\n"
            "先日は子育て相談会にご参加いただき、ありがとうございました。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "residents-named-all-in-to",
        kind="risky",
        rules=["MG101"],
        incidents=[1, 5],
        reason="Three residents, each named, all in To at their own addresses: each sees the others' "
        "addresses (#1, #5). Naming them does not make them a group that shares addresses.",
        enc="utf8",
    )


def _org_person(domain: str) -> tuple[Person, str]:
    """Someone at ``domain`` (not in the address book), with an address as companies make them."""
    q = person()
    return q, f"{q.first_roma[0].lower()}.{q.last_roma.lower()}@{domain}"


def legit_wave_forms() -> None:
    """The fourth wave (after a second held-out set asked about these forms): a representative's
    title (代表理事, 常務理事, 代表社員) before the name, a company written without its legal form
    on the salutation line, a person named with 様 and a bracket inside the first sentence, a
    circular to every facility's manager, a contractor's invoice to the city with the
    contractor's own bank account, an attachment promised for later, and working groups
    addressed as one. Written before mailguard was run on them."""
    s = new_staff("town")
    rep, address = _org_person("mirai-net-example.or.jp")
    add(
        Mail(
            who(s),
            [(address, rep.name)],
            "地域見守り事業の委託について",
            f"一般社団法人 みらいネット\n常務理事 {rep.name} 様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "来年度の地域見守り事業の委託について、仕様書の案がまとまりましたのでご相談させてください。\n\n"
            + closing(),
            sig=city_sig(s, 1),
        ),
        "title-executive-director",
        kind="legitimate",
        reason="'常務理事 〇〇 〇〇 様': an association's executive director, the one recipient, named with the "
        "title before the name.",
        enc="jis",
    )
    s = new_staff("town")
    rep, address = _org_person("kobo-aozora-example.jp")
    add(
        Mail(
            who(s),
            [(address, rep.name)],
            "ふるさと納税返礼品の出品について",
            f"合同会社 工房あおぞら\n代表社員 {rep.last}様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "返礼品の出品申込書を受け付けました。掲載は1月中旬の予定です。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "title-representative-partner",
        kind="legitimate",
        reason="'代表社員 〇〇様': the representative partner of a godo kaisha, the one recipient.",
        enc="utf8",
    )
    s = new_staff("town")
    rep, address = _org_person("harukaze-kikaku-example.co.jp")
    add(
        Mail(
            who(s),
            [(address, rep.name)],
            "成人式の会場設営について",
            f"はるかぜ企画 {rep.last}様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "成人式の会場設営の見積書、確かに受け取りました。内容を確認のうえ、改めてご連絡します。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "company-without-legal-form",
        kind="legitimate",
        reason="'はるかぜ企画 〇〇様' on one line: the company (written without 株式会社) and the recipient's surname.",
        enc="sjis",
    )
    s = staff("koho")
    q = MIRAI.people[1][0]
    add(
        Mail(
            who(s),
            [org_addr(MIRAI, 1)],
            "広報えがお1月号 色校正のお願い",
            f"みらい印刷 {q.last}様\n\n{opening(s)}\n1月号の色校正を、12月18日（金）までにお送りいただけますでしょうか。\n\n"
            + closing(),
            sig=city_sig(s, 3),
        ),
        "known-company-without-legal-form",
        kind="legitimate",
        policy="city",
        reason="'みらい印刷 〇〇様' (株式会社 left out) to that contact of the printer, who is in the address book.",
        enc="jis",
    )
    s = staff("kaigo")
    boss = new_staff("kaigo", "課長")
    resident_ = person()
    add(
        Mail(
            who(s),
            [(boss.email, boss.p.name)],
            "訪問記録の共有",
            f"{boss.p.last}課長\n\nお疲れさまです。{s.p.last}です。\n昨日訪問した{resident_.name}様（本町二丁目）の記録を共有フォルダに保存しました。\n"
            "ご確認をお願いします。",
            sig=city_sig(s, 1),
        ),
        "internal-resident-named-in-sentence",
        kind="legitimate",
        policy="city",
        reason="Internal mail to the section head; the resident named with 様 and a bracket in the first sentence is "
        "who the record is about, not an addressee.",
        enc="utf8",
    )
    s = staff("kaigo")
    bcc = [
        org_addr(CARE, 0),
        (f"info@{SAKURA.domain}", SAKURA.name),
        (f"info@{MIDORI.domain}", MIDORI.name),
        (f"info@{HIKARI_NPO.domain}", HIKARI_NPO.name),
    ]
    add(
        Mail(
            sec_from(s),
            [sec_from(s)[::-1]],
            "【通知】介護保険事業所向け集団指導の開催について",
            f"市内介護サービス事業所 管理者 様\n\n{s.section.org} {s.section.short}です。\n"
            "令和8年度の集団指導を、2月5日（木）に開催します。詳細は市ホームページをご覧ください。\n\n" + closing(),
            bcc=bcc,
            sig=city_sig(s, 2),
        ),
        "circular-to-every-manager",
        kind="legitimate",
        policy="city",
        reason="A circular to every care facility's manager, the facilities in Bcc and the section's own address in "
        "To: '事業所 管理者 様' is a post at each recipient, not one organisation.",
        enc="jis",
    )
    o = CARE
    p_, _dept, local = o.people[1]
    s = staff("kaigo")
    account = f"えがお銀行 本店 普通 {R.randint(1000000, 9999999)} 口座名義 カ）ケアサポート"
    add(
        Mail(
            (p_.name, f"{local}@{o.domain}"),
            [(s.email, s.p.name)],
            "11月分 請求書の送付",
            f"えがお市 高齢福祉課\n{s.p.last}様\n\nいつもお世話になっております。\n{o.name}の{p_.last}です。\n"
            "11月分の認定調査委託料の請求書をお送りします。\n\n" + closing(),
            sig=org_sig(o, 1),
            attachments=[
                att_pdf(
                    "請求書_えがお市様_11月分.pdf",
                    ["請求書", "えがお市長 様", "認定調査委託料（11月分） 1,386,000円", f"お振込先：{account}"],
                )
            ],
        ),
        "contractor-invoice-to-city",
        kind="legitimate",
        reason="A contractor's invoice to the city: addressed 'えがお市長 様' (an invoice to a municipality is addressed to "
        "its head), with the contractor's own company account to be paid into.",
        enc="sjis",
        fmt="eml-plain",
    )
    s = staff("doro")
    q, _dept, local = BRIDGE.people[1]
    add(
        Mail(
            who(s),
            [org_addr(BRIDGE, 1)],
            "前払金の振込について",
            f"{BRIDGE.name}\n{q.last}様\n\n{opening(s)}\n前払金は、12月25日に下記の口座へお振込みします。\n"
            f"振込先：えがお銀行 錦糸町支店 当座 {R.randint(1000000, 9999999)} 口座名義 カ）ブリッジワークス\n\n"
            + closing(),
            sig=city_sig(s, 1),
        ),
        "company-account-in-payment-notice",
        kind="legitimate",
        policy="city",
        reason="The city tells its contractor which of the contractor's own company accounts it pays into.",
        enc="utf8",
    )
    s = staff("shogai")
    o = PRESS
    q, _dept, local = o.people[0]
    add(
        Mail(
            who(s),
            [(f"{local}@{o.domain}", q.name)],
            "市民文化祭の記事について",
            f"{o.name}\n{q.last}様\n\n{opening(s)}\n市民文化祭の写真は容量が大きいため、添付ファイルは後ほど別のメールでお送りします。\n"
            "記事の原稿は明日中にお送りする予定です。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "attachment-promised-later",
        kind="legitimate",
        policy="city",
        reason="The photos are promised in a later mail: nothing is attached now, and nothing was forgotten.",
        enc="jis",
    )
    s = new_staff("town")
    bodies = [
        ("info@kosodate-net-example.org", "NPO法人 こそだてネット"),
        ("hoiku@hinata-hoiku-example.jp", "ひなた保育園"),
        ("chiiki@sample-shakyo-example.or.jp", "見本町社会福祉協議会"),
    ]
    add(
        Mail(
            who(s),
            bodies,
            "子育て支援ネットワーク会議の日程について",
            f"見本町子育て支援ネットワーク 構成団体の皆様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "次回の会議は1月22日（木）14時からを予定しています。ご都合をお知らせください。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "network-members-first-mail",
        kind="legitimate",
        allowed=["pass", "confirm"],
        reason="The first mail of a standing network of three bodies that meet and know each other, written to its "
        "members as one group: a confirm is acceptable, a block is not.",
        enc="utf8",
    )
    s = staff("shido")
    members = [org_addr(SAKURA, 0), org_addr(MIDORI, 0), org_addr(HIKARI_NPO, 0)]
    add(
        Mail(
            who(s),
            members,
            "第3回 地域福祉推進協議会の開催について",
            f"地域福祉推進協議会 委員各位\n\n{opening(s)}\n第3回協議会を1月29日（木）に開催します。出欠を1月15日までにお知らせください。\n\n"
            + closing(),
            sig=city_sig(s, 0),
        ),
        "council-members-in-to",
        kind="legitimate",
        policy="city",
        allowed=["pass", "confirm"],
        reason="The city's welfare council, three member bodies written to as one group ('委員各位'): a confirm is "
        "acceptable, a block is not.",
        enc="sjis",
    )


def risky_wave_forms() -> None:
    """Where the fourth wave's forms go wrong."""
    s = new_staff("town")
    rep = person()
    other, address = _org_person("mirai-net-example.or.jp")
    add(
        Mail(
            who(s),
            [(address, other.name)],
            "理事会資料（個人評価を含む）",
            f"一般社団法人 みらいネット\n常務理事 {rep.name} 様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "ご依頼の資料をお送りします。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "title-wrong-person",
        kind="risky",
        rules=["MG201"],
        incidents=[2, 8],
        reason="Written to the association's executive director by name but sent to another person there (#2, #8).",
        enc="utf8",
    )
    s = staff("zeimu")
    p_ = person()
    add(
        Mail(
            who(s),
            [org_addr(TOWA, 1)],
            "還付金の振込処理について",
            f"{TOWA.name}\n{TOWA.people[1][0].last}様\n\n{opening(s)}\n下記の方の還付金の振込処理をお願いします。\n"
            f"{p_.name}　振込先：えがお銀行 本店 普通 {R.randint(1000000, 9999999)} 口座名義 {p_.kana}\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "resident-account-to-vendor",
        kind="risky",
        rules=["MG405"],
        incidents=[10, 15],
        policy="city",
        reason="A resident's own bank account (held in her name) sent to the system vendor (#10, #15).",
        enc="jis",
    )
    s = new_staff("town")
    people_ = [person() for _ in range(4)]
    add(
        Mail(
            who(s),
            [(free_address(q), q.name) for q in people_],
            "体操教室 会員の皆様へ",
            f"体操教室 会員の皆様\n\n{s.section.org}役所 {s.section.short}の{s.p.last}です。\n"
            "1月の教室は第2・第4火曜日に開催します。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "class-members-in-to",
        kind="risky",
        rules=["MG101"],
        incidents=[1, 4],
        reason="Four residents of a gym class, written to as members, all in To at their own addresses: members of a "
        "class have not agreed to share addresses (#1, #4).",
        enc="utf8",
    )
    s = staff("shogai")
    o = PRESS
    q, _dept, local = o.people[0]
    add(
        Mail(
            who(s),
            [(f"{local}@{o.domain}", q.name)],
            "市民文化祭の記事原稿",
            f"{o.name}\n{q.last}様\n\n{opening(s)}\n市民文化祭の記事原稿を添付いたしますので、ご確認ください。\n\n"
            + closing(),
            sig=city_sig(s, 3),
        ),
        "attachment-said-not-attached",
        kind="risky",
        rules=["MG203"],
        incidents=[11, 12],
        policy="city",
        reason="Says the manuscript is attached now, and nothing is attached (#11, #12: the countermeasure reads what the mail says it holds).",
        enc="utf8",
    )


def legit_wave_lists() -> None:
    """A list's own mail with few subscribers (a small list, a test send to the list's first
    readers): the list manager's headers say the addresses come from the list, not a hand.
    Written before mailguard was run on them."""
    own = ("えがお市 生涯学習課", "shogai-news@example-city.lg.jp")
    readers = [(resident()[1], "") for _ in range(4)]
    add(
        Mail(
            own,
            [(own[1], own[0])],
            "【生涯学習だより】1月の講座",
            "生涯学習だより 1月号\n\n■ はじめての書道（1月17日）\n■ 親子で楽しむ科学工作（1月24日）\n\n"
            "配信停止は https://news.example-city.lg.jp/shogai/unsubscribe から",
            bcc=readers,
            headers=[
                ("List-Id", "<shogai.news.example-city.lg.jp>"),
                ("List-Unsubscribe", "<https://news.example-city.lg.jp/shogai/unsubscribe>"),
            ],
        ),
        "small-list-issue",
        kind="legitimate",
        policy="city",
        reason="A small mailing list's issue (List-Id, List-Unsubscribe) to its four subscribers in Bcc: the "
        "addresses come from the list, nobody typed them.",
        fmt="eml-html",
        enc="utf8",
    )


def risky_wave_lists() -> None:
    """A list's issue with a mistyped subscriber: a look-alike of a provider is still caught."""
    own = ("えがお市 生涯学習課", "shogai-news@example-city.lg.jp")
    _p, address = resident("gmail.com")
    readers = [(resident()[1], "") for _ in range(3)] + [(address.replace("@gmail.com", "@gmial.com"), "")]
    add(
        Mail(
            own,
            [(own[1], own[0])],
            "【生涯学習だより】2月の講座",
            "生涯学習だより 2月号\n\n■ 春の寄せ植え教室（2月14日）\n\n配信停止は https://news.example-city.lg.jp/shogai/unsubscribe から",
            bcc=readers,
            headers=[("List-Unsubscribe", "<https://news.example-city.lg.jp/shogai/unsubscribe>")],
        ),
        "list-issue-mistyped-subscriber",
        kind="risky",
        rules=["MG301"],
        incidents=[13],
        policy="city",
        reason="A list's issue where one subscriber's provider is mistyped (gmial.com): the list's addresses are not "
        "first contacts, but a look-alike of a provider is still a wrong destination (#13).",
        fmt="eml-html",
        enc="utf8",
    )


def legit_wave_case_subjects() -> None:
    """Mail among colleagues whose subject names the resident whose case it is (the sixth
    wave). Written before mailguard was run on them."""
    s = staff("kaigo")
    boss = new_staff("kaigo", "係長")
    r = person()
    add(
        Mail(
            who(s),
            [(boss.email, boss.p.name)],
            f"【訪問記録】{r.name}様",
            f"{boss.p.last}係長\n\nお疲れさまです。{s.p.last}です。\n本日の訪問記録を共有フォルダに保存しました。\n"
            "次回の訪問は来週水曜日の予定です。",
            sig=city_sig(s, 1),
        ),
        "internal-case-subject",
        kind="legitimate",
        policy="city",
        reason="Among colleagues: the subject names the resident whose visit record it is, the salutation the "
        "colleague it goes to. Nothing leaves the office.",
        enc="jis",
    )
    s = new_staff("town")
    colleague = new_staff("town_somu")
    r = person()
    add(
        Mail(
            who(s),
            [(colleague.email, colleague.p.name)],
            f"{r.name}様 転入届の件",
            f"{colleague.p.last}さん\n\nお疲れさまです。{s.p.last}です。\n転入届の添付書類に不足がありましたので、ご本人に連絡済みです。",
            sig=city_sig(s, 1),
        ),
        "internal-case-subject-town",
        kind="legitimate",
        reason="A town's staff to a colleague in another section (one organisation, no configuration): the subject "
        "names the resident whose file it is.",
        enc="utf8",
    )


def risky_wave_case_subjects() -> None:
    """A resident's case subject on mail that goes outside to another resident."""
    s = staff("kaigo")
    a = person()
    b, b_address = resident()
    add(
        Mail(
            sec_from(s),
            [(b_address, b.name)],
            f"【{a.name}様】要介護認定結果のお知らせ",
            f"{opening(s)}\n要介護認定の結果が出ましたので、お知らせいたします。\n\n" + closing(),
            sig=city_sig(s, 2),
        ),
        "case-subject-to-other-resident",
        kind="risky",
        rules=["MG201", "MG410"],
        incidents=[2, 8, 19],
        policy="city",
        reason="The subject names one resident, the mail goes to another resident's address (#2, #8; the name in "
        "the subject is #19's).",
        enc="utf8",
    )


def legit_wave_acknowledgements() -> None:
    """Acknowledgements of a web form's application to the applicant, with her own details and
    no quote to show them hers (the seventh wave). Written before mailguard was run on them."""
    s = staff("shogai")
    p_, address = resident()
    home, phone = home_address(), phone_mobile()
    add(
        Mail(
            sec_from(s),
            [(address, p_.name)],
            "【受付完了】親子料理教室のお申し込み",
            f"{p_.name} 様\n\n{opening(s)}\nお申し込みを以下の内容で受け付けました。\n\n"
            f"申込番号：K-{R.randint(1000, 9999)}\n氏名：{p_.name}\n住所：{home}\n電話番号：{phone}\n参加人数：大人1名・子ども1名\n\n"
            "当日は受付で申込番号をお伝えください。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "form-acknowledgement-default",
        kind="legitimate",
        allowed=["pass", "confirm"],
        reason="A web form's acknowledgement to the applicant, repeating her own name, address and phone for her to "
        "check: her own details. A confirm to look at the address is acceptable, a block is not.",
        enc="utf8",
    )


def risky_wave_acknowledgements() -> None:
    """An acknowledgement whose details are another applicant's (#2, #8: the merge's slip)."""
    s = staff("shogai")
    a = person()
    b, b_address = resident()
    add(
        Mail(
            sec_from(s),
            [(b_address, b.name)],
            "【受付完了】親子料理教室のお申し込み",
            f"{b.name} 様\n\n{opening(s)}\nお申し込みを以下の内容で受け付けました。\n\n"
            f"申込番号：K-{R.randint(1000, 9999)}\n氏名：{a.name}\n住所：{home_address()}\n電話番号：{phone_mobile()}\n\n"
            + closing(),
            sig=city_sig(s, 2),
        ),
        "acknowledgement-other-applicant",
        kind="risky",
        rules=["MG402", "MG403"],
        incidents=[2, 8, 10],
        reason="The acknowledgement to one applicant carries another applicant's name, address and phone (#2, #8): "
        "another person's data to a personal address (#10).",
        enc="utf8",
    )


def legit_wave_closing_lines() -> None:
    """A signature that follows the closing sentence with no blank line (the eighth wave).
    Written before mailguard was run on it."""
    s = staff("gomi")
    o = BRIDGE
    add(
        Mail(
            who(s),
            [org_addr(o, 0)],
            "粗大ごみ収集車の点検日程",
            f"{o.name}\n{o.people[0][0].last}様\n\n{opening(s)}\n収集車の定期点検は1月13日（火）にお願いします。\n"
            f"引き続きよろしくお願いいたします。\n{s.section.org} {s.section.short} {s.p.name}\nTEL {s.section.tel}\n{s.email}",
        ),
        "signature-under-closing-line",
        kind="legitimate",
        policy="city",
        reason="The office's own name, phone and address written straight under the closing sentence, with no "
        "blank line and no rule: the sender's signature.",
        enc="jis",
    )


def risky_wave_closing_lines() -> None:
    """A resident's details as the mail's last paragraph, with no signature below them."""
    for i in range(2):
        s = staff(["kaigo", "shimin"][i])
        r = person()
        to = (free_address(person()), "") if i == 0 else org_addr(CARE, 1)
        add(
            Mail(
                who(s),
                [to],
                "先日の件",
                ("お疲れさまです。\n" if i == 0 else f"{CARE.name}\n{CARE.people[1][0].last}様\n\n")
                + "先日ご相談した件、下記の方です。\n\n"
                f"氏名：{r.name}\n住所：{home_address()}\n電話：{phone_mobile()}",
            ),
            "details-as-last-paragraph",
            kind="risky",
            rules=["MG402", "MG403"],
            incidents=[10, 15],
            policy="default" if i == 0 else "city",
            reason="A resident's name, address and phone as the last paragraph with no signature below: her data "
            + ("to a personal address (#10)." if i == 0 else "to the contractor, who may not need all of it (#15)."),
            enc="utf8",
        )


def risky_wave_room_numbers() -> None:
    """A resident's details ending the mail, her address with a room number (号室)."""
    s = staff("kosodate")
    r = person()
    add(
        Mail(
            who(s),
            [(free_address(person()), "")],
            "家庭訪問の件",
            "お疲れさまです。\n来週訪問するご家庭です。\n\n"
            f"氏名：{r.name}\n住所：〒100-0021 東京都えがお市北町2-8-14 グリーンハイツ203号室\n電話：{phone_mobile()}",
        ),
        "details-with-room-number",
        kind="risky",
        rules=["MG402", "MG403"],
        incidents=[10],
        reason="A family's name, apartment address and phone as the last paragraph, to a personal address (#10).",
        enc="utf8",
    )


def legit_wave_birth_ranges() -> None:
    """Notices for people born in a range of dates (the ninth wave). Written before mailguard
    was run on them."""
    s = staff("kosodate")
    parents = [(resident()[1], "") for _ in range(12)]
    add(
        Mail(
            sec_from(s),
            [sec_from(s)[::-1]],
            "【お知らせ】4か月児健康診査のご案内",
            "保護者の皆様\n\n子育て支援課です。\n令和8年8月1日～令和8年8月31日生まれのお子さんの4か月児健康診査を、"
            "12月17日（木）に北区保健センターで行います。\n平成20年4月2日生まれ以降の保護者の方は、母子手帳の交付番号もお持ちください。\n\n"
            + closing(),
            bcc=parents,
            sig=city_sig(s, 2),
        ),
        "checkup-notice-birth-range",
        kind="legitimate",
        policy="city",
        reason="A health check-up notice for children born in a month, to parents in Bcc: a range of dates of birth "
        "names who the notice is for, nobody's own date of birth.",
        enc="jis",
    )


def risky_wave_birth_ranges() -> None:
    """A date of birth written before its word (昭和52年4月3日生まれ), to a personal address."""
    s = staff("kaigo")
    r = person()
    era_year = R.randint(20, 45)
    add(
        Mail(
            who(s),
            [(free_address(s.p, "gmail.com"), s.p.name)],
            "明日の訪問",
            f"明日訪問する{r.name}さん（昭和{era_year}年{R.randint(1, 12)}月{R.randint(1, 28)}日生まれ）の資料です。\n"
            "自宅で確認します。",
        ),
        "date-of-birth-after-date",
        kind="risky",
        rules=["MG404"],
        incidents=[10],
        reason="Staff sending a resident's name and date of birth (the word after the date) to their own free mail "
        "(#10).",
        enc="utf8",
    )


def legit_wave_framed_signatures() -> None:
    """A signature framed by rules with only the name and the office's number (the tenth wave).
    Written before mailguard was run on it."""
    s = staff("doro")
    o = BRIDGE
    bar = "━" * 20
    add(
        Mail(
            who(s),
            [org_addr(o, 1)],
            "舗装工事の立会い",
            f"{o.name}\n{o.people[1][0].last}様\n\n{opening(s)}\n立会いは1月20日（火）10時からでお願いします。\n\n"
            f"{bar}\n{s.p.name}\nTEL {s.section.tel}\n{bar}",
        ),
        "framed-signature-name-and-phone",
        kind="legitimate",
        policy="city",
        reason="The sender's own short signature between rules: name and the office's direct line.",
        enc="utf8",
    )


def risky_wave_framed_details() -> None:
    """A resident's name, home address and mobile framed by rules like a signature."""
    s = staff("shimin")
    r = person()
    bar = "━" * 20
    add(
        Mail(
            who(s),
            [(free_address(person()), "")],
            "連絡先",
            f"お疲れさまです。\n先ほどの方の連絡先です。\n\n{bar}\n{r.name}\n{home_address()}\n{phone_mobile()}\n{bar}",
        ),
        "framed-resident-details",
        kind="risky",
        rules=["MG402", "MG403"],
        incidents=[10],
        reason="A resident's name, home address and mobile between two rules, as the mail's end, to a personal "
        "address (#10): the layout of a signature, but nobody's office.",
        enc="utf8",
    )


def legit_wave_numbers_in_sentences() -> None:
    """Business numbers written straight after Japanese words (the eleventh wave). Written
    before mailguard was run on it."""
    s = staff("shogai")
    p_, address = resident()
    add(
        Mail(
            sec_from(s),
            [(address, p_.name)],
            "Re: 講座の会場について",
            f"{p_.name} 様\n\n{opening(s)}\n会場はえがお市民会館（電話048-777-1234）です。当日の受付は会館1階です。\n"
            f"ご不明な点は生涯学習課（電話{s.section.tel}）までお問い合わせください。\n\n" + closing(),
            sig=city_sig(s, 1),
            reply=True,
        ),
        "venue-phone-in-sentence",
        kind="legitimate",
        reason="A reply to a resident naming the venue's and the office's phone numbers inside sentences: "
        "business numbers.",
        enc="jis",
    )


def risky_wave_numbers_in_sentences() -> None:
    """A resident's mobile written straight after the words, to a personal address."""
    s = staff("kaigo")
    r = person()
    add(
        Mail(
            who(s),
            [(free_address(person()), "")],
            "連絡先の件",
            f"お疲れさまです。\n{r.last}さんの携帯は{phone_mobile()}です。明日連絡してみてください。",
        ),
        "mobile-in-sentence",
        kind="risky",
        rules=["MG402"],
        incidents=[10],
        reason="A resident's mobile number inside a sentence (携帯は090-…です), to a personal address (#10).",
        enc="utf8",
    )


def risky_wave_addresses_without_postal_code() -> None:
    """A resident's home address written without a postal code (the twelfth wave): in a
    sentence, after a label, as 丁目/番/号, digits with hyphens or a kanji 丁目, with a
    building and room. Written before mailguard was run on them."""
    s = staff("kaigo")
    r = person()
    add(
        Mail(
            who(s),
            [(free_address(person()), "")],
            "明日の訪問先",
            f"お疲れさまです。\n明日訪問する{r.last}さんのお宅は東京都えがお市北町2丁目8番14号です。\n"
            "玄関は裏手にあるそうです。",
        ),
        "home-address-in-sentence",
        kind="risky",
        rules=["MG403"],
        incidents=[10],
        reason="A resident's home address without a postal code inside a sentence (お宅は…2丁目8番14号です), to a "
        "personal address (#10).",
        enc="utf8",
    )
    s = staff("kaigo")
    r = person()
    add(
        Mail(
            who(s),
            [org_addr(CARE, 1)],
            "訪問調査のお願い",
            f"{CARE.name}\n{CARE.people[1][0].last}様\n\n{opening(s)}\n下記の方の訪問調査をお願いします。\n\n"
            f"氏名：{r.name}\n住所：えがお市南町3-11-6 コーポ南101号室\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "home-address-after-label-to-contractor",
        kind="risky",
        rules=["MG403"],
        incidents=[15],
        policy="city",
        reason="A resident's name and home address (no postal code, a flat's room number) after 住所：, to the care "
        "contractor: her data to another business needs a look (#15).",
        enc="jis",
    )
    s = staff("shimin")
    r = person()
    add(
        Mail(
            who(s),
            [(free_address(s.p, "gmail.com"), s.p.name)],
            "転入届の件",
            f"自分用メモ\n{r.name}様 ご住所：埼玉県見本町本郷二丁目8-14 グリーンハイツ203\n明日、転入届の不備を電話で確認。",
        ),
        "home-address-kanji-chome-to-own-free-mail",
        kind="risky",
        rules=["MG403"],
        incidents=[10],
        reason="Staff sending a resident's name and address (二丁目8-14, a building) to their own free mail (#10).",
        enc="utf8",
    )
    s = staff("kosodate")
    r = person()
    add(
        Mail(
            who(s),
            [org_addr(SAKURA, 1)],
            "一時預かりの件",
            f"{SAKURA.name}\n{SAKURA.people[1][0].last}様\n\n{opening(s)}\n先日ご相談した{r.last}さんのご家庭は"
            "えがお市西町4丁目12番3号です。\n来週の面談の際はご自宅へ伺ってください。\n\n" + closing(),
            sig=city_sig(s, 4),
        ),
        "home-address-in-sentence-to-partner",
        kind="risky",
        rules=["MG403"],
        incidents=[15],
        policy="city",
        reason="A family's home address (4丁目12番3号, no postal code) in a sentence to a partner organisation: "
        "personal data to another body needs a look (#15).",
        enc="sjis",
    )
    s = staff("shimin")
    r = person()
    add(
        Mail(
            who(s),
            [(free_address(person()), "")],
            "連絡先",
            f"お疲れさまです。\n先ほどの方です。\n\n{r.name}\n東京都えがお市東町6-21-8\n",
        ),
        "name-and-address-lines",
        kind="risky",
        rules=["MG403"],
        incidents=[10],
        reason="A resident's name and home address on two lines (no label, no postal code), to a personal "
        "address (#10).",
        enc="utf8",
    )


def legit_wave_addresses_without_postal_code() -> None:
    """Addresses that are nobody's home, written without a postal code: a venue, the office's
    own building, a company's new office, road works by a street, a district. Written before
    mailguard was run on them."""
    s = staff("shogai")
    residents_ = [(resident()[1], "") for _ in range(8)]
    add(
        Mail(
            sec_from(s),
            [sec_from(s)[::-1]],
            "【ご案内】市民講座「はじめての家計簿」",
            "受講申込者の皆様\n\n生涯学習課です。市民講座のご案内です。\n\n日時：12月19日（土）14時～16時\n"
            "会場：えがお市民会館（えがお市中町2-5-1）3階 第1会議室\n持ち物：筆記用具\n\n" + closing(),
            bcc=residents_,
            sig=city_sig(s, 2),
        ),
        "venue-address-in-event-notice",
        kind="legitimate",
        policy="city",
        reason="An event notice to residents in Bcc naming the venue and its address (no postal code): a public "
        "building's address, nobody's home.",
        enc="jis",
    )
    s = staff("shimin")
    p_, address = resident()
    add(
        Mail(
            sec_from(s),
            [(address, p_.name)],
            "Re: 住民票の写しの請求について",
            f"{p_.name} 様\n\n{opening(s)}\n住民票の写しは、本庁舎（えがお市本町1-2-3）1階の窓口へお越しいただければ"
            "その場で交付できます。\n本人確認書類をお持ちください。\n\n" + closing(),
            sig=city_sig(s, 0),
            reply=True,
        ),
        "office-address-in-reply",
        kind="legitimate",
        reason="A reply to a resident naming the office's own building and address (the signature's address, "
        "without its postal code): the office's address, no resident's.",
        enc="jis",
    )
    s = staff("zeimu")
    p_, address = resident()
    add(
        Mail(
            sec_from(s),
            [(address, p_.name)],
            "Re: 証明書の受け取り",
            f"{p_.name} 様\n\n{opening(s)}\n証明書は、えがお市本町1-2-3の本庁舎1階でお受け取りいただけます。\n\n"
            + closing(),
            sig=city_sig(s, 1),
            reply=True,
        ),
        "office-address-short-signature",
        kind="legitimate",
        reason="A reply naming the office's own address in a sentence, under a signature that writes no address: "
        "the town hall's address, no resident's.",
        enc="utf8",
    )
    o = BRIDGE
    p0, dept0, local0 = o.people[1]
    s = staff("doro")
    new_office = "東京都墨田区錦糸2-3-4 錦糸ビル3階"
    add(
        Mail(
            (p0.name, f"{local0}@{o.domain}"),
            [who(s)[::-1]],
            "事務所移転のお知らせ",
            f"{CITY} {s.section.short}\n{s.p.last}様\n\nいつもお世話になっております。{o.name}の{p0.last}です。\n"
            f"弊社は12月14日より下記へ移転いたします。\n\n新住所：{new_office}\n電話番号・FAX番号に変更はございません。\n\n"
            "今後ともよろしくお願いいたします。",
            sig="─" * 20 + f"\n{o.name}\n{dept0}\n{p0.name}\n〒130-0013 {new_office}\nTEL：{o.tel}　FAX：{o.fax}\n"
            f"E-mail：{local0}@{o.domain}\n" + "─" * 20,
        ),
        "company-relocation-notice",
        kind="legitimate",
        reason="A contractor telling the city its new office address (the address of its own signature): a "
        "company's address, no person's.",
        enc="jis",
    )
    s = staff("doro")
    add(
        Mail(
            who(s),
            [org_addr(BRIDGE, 1)],
            "市道12号線の補修",
            f"{BRIDGE.name}\n{BRIDGE.people[1][0].last}様\n\n{opening(s)}\n市道12号線（北町2丁目付近）の補修について、"
            "1月13日（火）から着工をお願いします。\n北町二丁目の皆様へのお知らせは当課で配布します。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "road-works-street-and-district",
        kind="legitimate",
        policy="city",
        reason="Road works named by a street and a district (市道12号線, 北町2丁目付近, 北町二丁目の皆様), with no house "
        "number: nobody's address.",
        enc="sjis",
    )
    s = staff("gomi")
    residents_ = [(resident()[1], "") for _ in range(6)]
    add(
        Mail(
            sec_from(s),
            [sec_from(s)[::-1]],
            "【お知らせ】北町二丁目の資源回収日の変更",
            "北町二丁目の皆様\n\nごみ減量推進課です。\n1月から、北町二丁目の資源回収日は毎週水曜日に変わります。\n"
            "集積所（北町2丁目8番地先）の場所は変わりません。\n\n" + closing(),
            bcc=residents_,
            sig=city_sig(s, 2),
        ),
        "district-notice-collection-point",
        kind="legitimate",
        policy="city",
        reason="A notice to a district's residents in Bcc naming the district and a collection point (〇番地先, a "
        "spot on the street): no resident's home.",
        enc="jis",
    )
    o = MIRAI
    s = staff("koho")
    add(
        Mail(
            who(s),
            [org_addr(o, 0)],
            "広報紙の納品先",
            f"{o.name}\n{o.people[0][1]}\n{o.people[0][0].last}様\n\n{opening(s)}\n1月号の納品先は、"
            "えがお市北町3-4-5の北区保健センター1階（搬入口は建物の東側）でお願いします。\n\n" + closing(),
            sig=city_sig(s, 1),
        ),
        "delivery-to-health-centre",
        kind="legitimate",
        policy="city",
        reason="A delivery address for the printer: the city's own health centre, named with its address: a "
        "public building's address, no person's.",
        enc="utf8",
    )


def main() -> None:
    legit_replies()
    legit_inline_replies()
    legit_english()
    legit_internal()
    legit_meetings()
    legit_newsletters()
    legit_titles()
    legit_several_names()
    legit_generic()
    legit_org_blocks()
    legit_attachments()
    legit_right_attachment()
    legit_announcements()
    legit_contractors()
    legit_misc()
    risky_visible()
    risky_bulk()
    risky_addressee()
    risky_attachment_other()
    risky_personal_free_mail()
    risky_to_contractor()
    risky_lookalike()
    risky_invalid()
    risky_subject_name()
    risky_other()
    legit_own_documents()  # (last: earlier cases keep their random draws)
    legit_wave_threads()  # the second wave, after every earlier case (same reason)
    legit_wave_english()
    legit_wave_meetings()
    legit_wave_reports()
    legit_wave_residents()
    legit_wave_newsletters()
    legit_wave_salutations()
    legit_wave_signatures()
    legit_wave_schools()
    risky_wave()
    legit_wave_partners()  # the third wave, after every earlier case
    risky_wave_partners()
    legit_wave_forms()  # the fourth wave
    risky_wave_forms()
    legit_wave_lists()  # the fifth wave
    risky_wave_lists()
    legit_wave_case_subjects()  # the sixth wave
    risky_wave_case_subjects()
    legit_wave_acknowledgements()  # the seventh wave
    risky_wave_acknowledgements()
    legit_wave_closing_lines()  # the eighth wave
    risky_wave_closing_lines()
    risky_wave_room_numbers()
    legit_wave_birth_ranges()  # the ninth wave
    risky_wave_birth_ranges()
    legit_wave_framed_signatures()  # the tenth wave
    risky_wave_framed_details()
    legit_wave_numbers_in_sentences()  # the eleventh wave
    risky_wave_numbers_in_sentences()
    legit_wave_addresses_without_postal_code()  # the twelfth wave
    risky_wave_addresses_without_postal_code()

    if CASES_DIR.exists():
        shutil.rmtree(CASES_DIR)
    CASES_DIR.mkdir(parents=True)
    for name, data in FILES.items():
        (CASES_DIR / name).write_bytes(data)
    entries = [
        {
            "file": c.file,
            "kind": c.kind,
            "allowed": c.allowed,
            "rules": c.rules,
            "incidents": c.incidents,
            "policy": c.policy,
            "reason": c.reason,
            "format": c.format,
            "charset": c.charset,
            "lang": c.lang,
            **({"changed": c.changed} if c.changed else {}),
        }
        for c in CASES
    ]
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    (OUT / "cases.yaml").write_text(CASES_HEADER + text, encoding="utf-8")
    (OUT / "city-policy.yaml").write_text(POLICY, encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["email", "name", "aliases", "organisation"])
    writer.writerows(contacts())
    (OUT / "city-contacts.csv").write_text(buffer.getvalue(), encoding="utf-8")
    legit = sum(c.kind == "legitimate" for c in CASES)
    print(f"{len(CASES)} cases ({legit} legitimate, {len(CASES) - legit} risky) in {CASES_DIR}")


if __name__ == "__main__":
    main()
