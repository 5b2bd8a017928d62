"""Write the held-out set: tests/holdout/cases/*.eml and tests/holdout/cases.yaml.

    python scripts/make_holdout.py            # (re)write the set
    python scripts/make_holdout.py --check    # exit 1 if the committed set differs from a fresh run

The set is written independently of the evaluation set (tests/eval/) and of the rule code:
mail as a Japanese city office, its residents and its contractors really write it, with the
expectation for each draft written here, next to the draft, from what the draft says. It is
measured and reported (benchmarks/accuracy.py --set tests/holdout), never asserted or tuned to.

Everything is fixed: Faker seed, dates, Message-IDs, MIME boundaries, PDF (reportlab invariant
mode) and XLSX (zip entry times) so that two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr
from pathlib import Path

import yaml
from faker import Faker

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "holdout"

CITY = "example-city.lg.jp"  # えがお市 (city policy: internal)
TOWN = "example-town.lg.jp"  # あおば町 (default policy: nothing configured)

# What Outlook does when it writes ISO-2022-JP: characters outside JIS X 0208 become their
# nearest JIS forms.
JIS = str.maketrans({"～": "〜", "①": "(1)", "②": "(2)", "③": "(3)", "－": "−"})


def fit(text: str, charset: str) -> str:
    return text.translate(JIS) if charset == "ISO-2022-JP" else text


CODECS = {"ISO-2022-JP": "iso2022_jp", "Shift_JIS": "cp932", "UTF-8": "utf-8"}

fake = Faker("ja_JP")
Faker.seed(20261201)


# ----------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    last: str
    first: str
    ro_last: str  # romaji, lower case (mailboxes, English signatures)
    ro_first: str
    yomi: str  # katakana reading

    @property
    def full(self) -> str:
        return f"{self.last} {self.first}"


def person() -> Person:
    """One Japanese person from Faker (the name and its reading agree)."""
    last = fake.last_name_pair()
    first = fake.first_name_pair()
    return Person(last[0], first[0], last[2].lower(), first[2].lower(), f"{last[1]} {first[1]}")


def unique_people(n: int) -> list[Person]:
    """Distinct full names; the first ones also with distinct surnames (Faker has about 50)."""
    seen_last: set[str] = set()
    seen: set[str] = set()
    people: list[Person] = []
    tries = 0
    while len(people) < n:
        p = person()
        tries += 1
        if p.full in seen or (p.last in seen_last and tries < 2000):
            continue
        seen.add(p.full)
        seen_last.add(p.last)
        people.append(p)
    return people


# ----------------------------------------------------------------------------- MIME by hand


def hdr(name: str, value: str, charset: str) -> str:
    if value.isascii():
        return f"{name}: {value}"
    enc = "iso-2022-jp" if charset == "ISO-2022-JP" else ("shift_jis" if charset == "Shift_JIS" else "utf-8")
    return f"{name}: " + Header(fit(value, charset), enc, header_name=name).encode()


def addr(name: str, address: str, charset: str) -> str:
    if not name:
        return address
    enc = "iso-2022-jp" if charset == "ISO-2022-JP" else ("shift_jis" if charset == "Shift_JIS" else "utf-8")
    return formataddr((fit(name, charset), address), charset=enc)


def addr_list(people: Sequence[tuple[str, str]], charset: str) -> str:
    return ",\r\n\t".join(addr(n, a, charset) for n, a in people)


def text_part(text: str, charset: str, subtype: str = "plain") -> tuple[list[str], bytes]:
    raw = fit(text, charset).replace("\n", "\r\n").encode(CODECS[charset])
    if charset == "ISO-2022-JP":
        return [f'Content-Type: text/{subtype}; charset="ISO-2022-JP"', "Content-Transfer-Encoding: 7bit"], raw
    b64 = base64.encodebytes(raw).replace(b"\n", b"\r\n")
    return [f'Content-Type: text/{subtype}; charset="{charset}"', "Content-Transfer-Encoding: base64"], b64


def attachment_part(filename: str, data: bytes, ctype: str, charset: str) -> tuple[list[str], bytes]:
    if filename.isascii():
        disp = f'attachment; filename="{filename}"'
        name = f'name="{filename}"'
    elif charset == "ISO-2022-JP":  # Outlook / Becky style: RFC 2047 inside the parameter
        enc = Header(fit(filename, charset), "iso-2022-jp").encode()
        disp, name = f'attachment; filename="{enc}"', f'name="{enc}"'
    else:  # Thunderbird / Gmail style: RFC 2231
        from urllib.parse import quote

        disp = f"attachment; filename*=UTF-8''{quote(filename)}"
        name = f"name*=UTF-8''{quote(filename)}"
    b64 = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return [f"Content-Type: {ctype}; {name}", f"Content-Disposition: {disp}", "Content-Transfer-Encoding: base64"], b64


def multipart(subtype: str, boundary: str, parts: Sequence[tuple[list[str], bytes]]) -> tuple[list[str], bytes]:
    out = bytearray(b"This is a multi-part message in MIME format.\r\n")
    for headers, body in parts:
        out += f"\r\n--{boundary}\r\n".encode() + "\r\n".join(headers).encode() + b"\r\n\r\n" + body
    out += f"\r\n--{boundary}--\r\n".encode()
    return [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], bytes(out)


# ----------------------------------------------------------------------------- attachments


def make_pdf(lines: Sequence[str]) -> bytes:
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("HeiseiKakuGo-W5", 11)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 18
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
    fixed = datetime.datetime(2026, 11, 30, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "egao"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps each zip entry with the current time: rewrite with a fixed one.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl sets <dcterms:modified> to the time of saving, whatever was asked
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-30T09:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 11, 30, 9, 0, 0)), data)
    return out.getvalue()


def make_csv(rows: Sequence[Sequence[object]], encoding: str = "cp932") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


# ----------------------------------------------------------------------------- drafts


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
    charset: str = "ISO-2022-JP"
    lang: str = "ja"
    cc: list[tuple[str, str]] = field(default_factory=list)
    bcc: list[tuple[str, str]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    incidents: list[int] = field(default_factory=list)
    html: str | None = None  # with body: multipart/alternative; body == "": HTML only
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    reply: bool = False
    changed: str = ""  # why the draft was corrected after scoring (a generator bug), if it was

    @property
    def fmt(self) -> str:
        if self.attachments:
            return "eml-attachment"
        if self.html is not None:
            return "eml-html" if not self.body else "eml-alternative"
        return "eml-plain"


DRAFTS: list[Draft] = []


def add(d: Draft) -> None:
    DRAFTS.append(d)


def render(d: Draft, n: int) -> bytes:
    cs = d.charset
    heads = [
        "From: " + addr(*d.frm, cs),
        "To: " + addr_list(d.to, cs),
    ]
    if d.cc:
        heads.append("Cc: " + addr_list(d.cc, cs))
    if d.bcc:
        heads.append("Bcc: " + addr_list(d.bcc, cs))
    heads.append(hdr("Subject", d.subject, cs))
    day = 1 + n % 28
    heads.append(f"Date: Mon, {day:02d} Dec 2026 {9 + n % 8:02d}:{(n * 7) % 60:02d}:00 +0900")
    heads.append(f"Message-ID: <holdout-{n:03d}.{d.slug}@{d.frm[1].split('@')[1]}>")
    if d.reply:
        heads.append(f"In-Reply-To: <prev-{n:03d}@{d.to[0][1].split('@')[1]}>")
        heads.append(f"References: <prev-{n:03d}@{d.to[0][1].split('@')[1]}>")
    for k, v in d.extra:
        heads.append(f"{k}: {v}")
    heads.append("MIME-Version: 1.0")
    if d.html is not None and not d.body:
        content = text_part(d.html, cs, "html")
    elif d.html is not None:
        content = multipart(
            "alternative", f"=_alt_{n:03d}_holdout", [text_part(d.body, cs), text_part(d.html, cs, "html")]
        )
    else:
        content = text_part(d.body, cs)
    if d.attachments:
        parts = [content] + [attachment_part(f, data, t, cs) for f, data, t in d.attachments]
        content = multipart("mixed", f"=_mix_{n:03d}_holdout", parts)
    ch, body = content
    return ("\r\n".join(heads + ch) + "\r\n\r\n").encode("ascii") + body


# ----------------------------------------------------------------------------- styles


def sig(style: str, org: str, dept: str, name: str, email: str, tel: str, romaji: str = "") -> str:
    if style == "bar":
        return f"━━━━━━━━━━━━━━━━━━━━\n{org} {dept}\n{name}\nTEL {tel}（直通）\nMail {email}\n━━━━━━━━━━━━━━━━━━━━"
    if style == "dash":
        return f"--\n{org}\n{dept}　{name}\n電話：{tel}\n{email}"
    if style == "eq":
        return f"＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝\n　{org}　{dept}\n　担当：{name}\n　内線 {tel[-4:]}\n＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝"
    if style == "en":
        return f"--\n{romaji}\n{dept}, {org}\nTel: +81-{tel[1:]}\n{email}"
    return name


def q_gt(text: str, mark: str = "> ") -> str:
    return "\n".join((mark + line).rstrip() for line in text.splitlines())


def quote(style: str, who: str, email: str, when: str, subject: str, text: str, to: str = "") -> str:
    if style == "outlook_ja":
        return f"-----Original Message-----\n差出人: {who} <{email}>\n送信日時: {when}\n宛先: {to}\n件名: {subject}\n\n{text}"
    if style == "outlook_en":
        return f"________________________________\nFrom: {who} <{email}>\nSent: {when}\nTo: {to}\nSubject: {subject}\n\n{text}"
    if style == "gmail_ja":
        return f"{when} {who} <{email}>:\n\n{q_gt(text)}"
    if style == "gmail_en":
        return f"On {when}, {who} <{email}> wrote:\n{q_gt(text)}"
    if style == "iphone_ja":
        return f"{when}、{who} <{email}>のメッセージ:\n\n{q_gt(text)}"
    if style == "tb_ja":
        return f"{who} さんは書きました:\n{q_gt(text, '>')}"
    if style == "zen":
        return f"{who}様（{when}）：\n{q_gt(text, '＞')}"
    raise ValueError(style)


# Office staff (one a line: name, address, department, phone).
P = unique_people(300)
_pi = iter(P)


def nxt() -> Person:
    return next(_pi)


def pair() -> tuple[Person, Person]:
    """Two people with different surnames (the recipient and the one wrongly named)."""
    a, b = nxt(), nxt()
    while b.last == a.last:
        b = nxt()
    return a, b


STAFF_CITY = [
    (nxt(), "kourei", "高齢福祉課", "03-5555-0211"),
    (nxt(), "shimin", "市民課", "03-5555-0132"),
    (nxt(), "kosodate", "こども家庭課", "03-5555-0341"),
    (nxt(), "kyouiku", "教育委員会 学務課", "03-5555-0420"),
    (nxt(), "kikaku", "企画政策課", "03-5555-0155"),
    (nxt(), "kenkou", "健康推進課", "03-5555-0275"),
    (nxt(), "zeimu", "税務課", "03-5555-0188"),
    (nxt(), "bunka", "文化振興課", "03-5555-0362"),
]
STAFF_TOWN = [
    (nxt(), "jumin", "住民課", "0467-55-1021"),
    (nxt(), "fukushi", "福祉課", "0467-55-1043"),
    (nxt(), "somu", "総務課", "0467-55-1002"),
    (nxt(), "kyoiku", "教育課", "0467-55-1080"),
    (nxt(), "kanko", "観光商工課", "0467-55-1066"),
]


def romaji(p: Person) -> str:
    return f"{p.ro_first} {p.ro_last}"


def staff(i: int, town: bool = False) -> tuple[Person, str, str, str, str]:
    p, box, dept, tel = (STAFF_TOWN if town else STAFF_CITY)[i % (5 if town else 8)]
    dom = TOWN if town else CITY
    org = "あおば町役場" if town else "えがお市役所"
    return p, f"{box}-{p.ro_last}@{dom}".lower().replace(" ", ""), dept, tel, org


def ascii_box(p: Person, n: int) -> str:
    """A plausible ASCII mailbox for a resident (kana readings are not ASCII)."""
    return f"{['haru', 'sora', 'momo', 'kaze', 'yuki', 'hana', 'riku', 'mizu', 'taka', 'nana'][n % 10]}{1960 + (n * 7) % 45}.{['k', 's', 't', 'm', 'y', 'a'][n % 6]}{n:02d}"


FREE = ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com", "softbank.ne.jp", "outlook.jp"]
CHARSETS = ["ISO-2022-JP", "Shift_JIS", "UTF-8"]
SIGS = ["bar", "dash", "eq", "none"]
QUOTES_JA = ["outlook_ja", "gmail_ja", "iphone_ja", "tb_ja", "zen", "outlook_en", "gmail_en"]


# ----------------------------------------------------------------------------- legitimate


RESIDENT_TOPICS = [
    (
        "介護保険の認定申請について",
        "母の介護保険の認定申請をしたいのですが、必要な書類を教えていただけますか。\n平日は仕事があり、土曜日に窓口へ行けるかも知りたいです。",
        "お問い合わせいただいた認定申請ですが、申請書と介護保険被保険者証をお持ちください。\n申請書は市のホームページからも印刷できます。\n恐れ入りますが土曜日の窓口は開いておりませんので、ご家族の方の代理申請もご検討ください。",
    ),
    (
        "児童手当の手続き",
        "先月引っ越してきました。児童手当の手続きはいつまでにすればよいでしょうか。",
        "転入日の翌日から15日以内にお手続きをお願いしております。\n来庁の際は、請求者名義の口座がわかるものと本人確認書類をお持ちください。\nご不明な点があれば、このメールにご返信いただいても構いません。",
    ),
    (
        "粗大ごみの出し方",
        "ソファを捨てたいのですが、どうすればいいですか？",
        "粗大ごみは事前申込制です。受付センターにお電話いただくか、インターネットでお申し込みください。\n処理券はコンビニエンスストアでお求めいただけます。",
    ),
    (
        "図書館の利用登録",
        "市外在住ですが、市内の会社に勤めています。図書館カードは作れますか。",
        "市内に通勤・通学されている方も利用登録ができます。\n在勤を確認できるもの（社員証など）と、住所がわかるものをお持ちのうえ、カウンターでお申し出ください。",
    ),
    (
        "住民票の郵送請求",
        "遠方に住んでいるため、住民票を郵送で取り寄せたいです。",
        "郵送請求の場合、請求書・本人確認書類の写し・定額小為替・返信用封筒を同封して市民課あてにお送りください。\n請求書の様式はホームページに掲載しています。",
    ),
    (
        "健康診断の予約について",
        "特定健診の予約をキャンセルしたいです。12月10日の午前の枠です。",
        "12月10日午前のご予約は取り消しました。\nまたご都合のよい日が決まりましたら、改めてご予約ください。",
    ),
    (
        "保育園の見学",
        "来年4月の入園を考えています。見学はできますか？",
        "各園で見学を受け付けております。直接、園にお電話でお申し込みください。\n申込みの受付期間は12月1日から12月20日までです。",
    ),
    (
        "公園の遊具が壊れています",
        "中央公園のすべり台の手すりがぐらついていて危ないです。",
        "ご連絡ありがとうございます。本日、担当職員が現地を確認し、使用禁止の表示をいたしました。\n修繕は今月中に行う予定です。",
    ),
    (
        "犬の登録の変更",
        "飼っている犬が亡くなりました。手続きが必要でしょうか。",
        "お悔やみ申し上げます。死亡届の提出が必要です。\n窓口のほか、郵送やオンラインでも受け付けております。鑑札と注射済票はお手元で処分いただいて構いません。",
    ),
    (
        "高齢者のバス乗車証",
        "75歳になる父のバス乗車証の申請方法を教えてください。",
        "乗車証の申請は、お誕生日の月の1日から受け付けています。\nご本人の写真（縦3cm×横2.4cm）と、年齢を確認できるものをお持ちください。ご家族による代理申請もできます。",
    ),
    (
        "放課後児童クラブの空き状況",
        "1月から学童に入れたいのですが、空きはありますか。",
        "1月からの入所については、現在、第一・第三クラブに若干の空きがございます。\n申込書は各クラブとこども家庭課の窓口で配布しております。",
    ),
    (
        "雪の日の窓口",
        "大雪の日は市役所はあいていますか？",
        "大雪の日も、原則として通常どおり開庁しております。\n臨時の休業がある場合は、市のホームページと防災メールでお知らせします。",
    ),
    (
        "証明書のコンビニ交付",
        "マイナンバーカードでコンビニで住民票を取れますか。",
        "はい、マイナンバーカードをお持ちの方は、全国のコンビニエンスストアで住民票の写しを取得できます。\n利用時間は6時30分から23時までです。暗証番号（4桁）が必要です。",
    ),
    (
        "ワクチン接種の予約",
        "予約の確認メールが届きません。",
        "確認したところ、ご予約は12月8日（火）15時で承っております。\n迷惑メールフォルダに振り分けられている場合がありますので、ご確認ください。",
    ),
]


def legit_resident_replies() -> None:
    for i, (topic, question, answer) in enumerate(RESIDENT_TOPICS):
        town = i % 2 == 1
        p, email, dept, tel, org = staff(i, town)
        r = nxt()
        dom = FREE[i % len(FREE)]
        raddr = f"{ascii_box(r, i)}@{dom}"
        cs = CHARSETS[i % 3]
        qs = QUOTES_JA[i % len(QUOTES_JA)]
        s = SIGS[i % 4]
        hello = [f"{r.full} 様", f"{r.last}様", f"{r.full}さま", f"{r.last} 様\n\nいつもお世話になっております。"][
            i % 4
        ]
        closing = [
            "よろしくお願いいたします。",
            "以上、よろしくお願いします。",
            "ご不便をおかけしますが、よろしくお願いいたします。",
        ][i % 3]
        qtext = f"{question}\n\n{r.full}"
        new = f"{hello}\n\n{org} {dept}の{p.last}です。\n\n{answer}\n\n{closing}\n\n{sig(s, org, dept, p.full, email, tel)}"
        if i % 3 == 2:  # top-posting vs. quote at the bottom; one inline
            body = f"{new}\n\n{quote(qs, r.full, raddr, '2026年11月28日 21:14', topic, qtext, email)}"
        elif i % 3 == 1:
            body = f"{new}\n\n{quote(qs, r.full, raddr, '2026/11/28 21:14', topic, qtext, email)}\n"
        else:
            body = f"{hello}\n\n{org}の{p.last}です。\n\n{q_gt(question)}\n\n{answer}\n\n{closing}\n\n{sig(s, org, dept, p.full, email, tel)}"
        add(
            Draft(
                f"reply-resident-{i + 1}",
                "legitimate",
                "default" if town else "city",
                ["pass"],
                f"Reply to the resident who wrote in ({dom}), addressed by her/his own name, quoting the question ({qs}); office signature only.",
                (f"{org} {dept} {p.full}", email),
                [(r.full, raddr)],
                f"Re: {topic}",
                body,
                charset=cs,
                reply=True,
            )
        )


def legit_resident_own_data() -> None:
    # The resident gave her own phone and address; the reply quotes them back to her only.
    p, email, dept, tel, org = staff(1)
    r = nxt()
    raddr = f"{ascii_box(r, 31)}@yahoo.co.jp"
    qtext = f"転居届の件でお電話がほしいです。\n日中は携帯 090-4812-7730 にお願いします。\n住所はえがお市みどり町2丁目14番3号です。\n{r.full}"
    body = (
        f"{r.full} 様\n\nえがお市役所 市民課の{p.last}です。\nお問い合わせありがとうございます。\n\n"
        f"明日12月2日（水）の午前中に、いただいた携帯電話の番号へおかけします。\n\nよろしくお願いいたします。\n\n"
        f"{sig('bar', org, dept, p.full, email, tel)}\n\n{quote('gmail_ja', r.full, raddr, '2026年11月30日(月) 18:40', '転居届', qtext)}"
    )
    add(
        Draft(
            "reply-own-phone",
            "legitimate",
            "city",
            ["pass"],
            "The resident's own phone and address appear only in her quoted message, back to her own address: nothing new goes out.",
            (f"{dept} {p.full}", email),
            [(r.full, raddr)],
            "Re: 転居届",
            body,
            charset="UTF-8",
            reply=True,
        )
    )


def legit_english_resident() -> None:
    p, email, _dept, tel, _org = staff(2)
    add(
        Draft(
            "reply-resident-en",
            "legitimate",
            "city",
            ["pass"],
            "English reply to a foreign resident at icloud.com who asked about nursery admission; Gmail-style quote.",
            (f"{romaji(p).title()}", email),
            [("Emily Carter", "emily.carter88@icloud.com")],
            "Re: Nursery school application",
            "Dear Ms. Carter,\n\nThank you for your email. Applications for April admission are accepted from December 1 to December 20.\n"
            "You can download the form in English from the city website, or pick it up at the Child and Family Division, 2nd floor of City Hall.\n\n"
            "Best regards,\n\n"
            + sig("en", "Egao City Hall", "Child and Family Division", p.full, email, tel, romaji(p).title())
            + "\n\n"
            + quote(
                "gmail_en",
                "Emily Carter",
                "emily.carter88@icloud.com",
                "Sat, Nov 28, 2026 at 10:02 PM",
                "",
                "Hello,\nWe moved to Egao City in October. When can we apply for a nursery school for our son?\nThanks,\nEmily",
            ),
            charset="UTF-8",
            lang="en",
            reply=True,
        )
    )


CONTRACTORS = [
    ("株式会社みらい印刷", "mirai-print-example.co.jp", "営業部"),
    ("東和システム株式会社", "towa-sys-example.co.jp", "公共ソリューション部"),
    ("社会福祉法人さくら会", "sakura-kai-example.or.jp", "地域包括支援センター"),
    ("株式会社ブリッジワークス", "bridgeworks-example.co.jp", "第二営業部"),
]
PARTNERS_DEFAULT = [
    ("株式会社あおば設備", "aoba-setsubi.example.co.jp", "工事部"),
    ("一般社団法人あおば観光協会", "aoba-kanko.example.or.jp", "事務局"),
    ("株式会社サンプル測量", "sample-sokuryo.example.co.jp", "技術部"),
]


def legit_contractors() -> None:
    jobs = [
        (
            "広報誌12月号の校正について",
            "広報誌12月号の初校を確認しました。修正箇所は3点です。\n・2ページ目の見出しの誤字\n・6ページ目の写真の差し替え\n・裏表紙の開館時間（9時→8時30分）\n再校は12月4日（金）までにいただけますと幸いです。",
        ),
        (
            "システム保守の作業日程",
            "来週予定のサーバ保守作業について、作業日を12月9日（水）18時からに変更させてください。\n庁内への周知はこちらで行います。作業完了のご連絡は担当の携帯ではなく、課の代表アドレスあてにお願いします。",
        ),
        (
            "地域ケア会議の開催について",
            "次回の地域ケア会議を12月16日（水）14時から、市役所本庁舎4階の会議室Bで開催します。\n資料は当日配布いたします。ご出席の可否を12月10日までにお知らせください。",
        ),
        (
            "見積書送付のお願い",
            "先日ご説明いただいた窓口案内表示の更新について、正式なお見積書をお送りいただけますでしょうか。\n年度内の執行を予定しておりますので、12月中旬までにいただけると助かります。",
        ),
    ]
    for i, ((co, dom, dept), (subj, text)) in enumerate(zip(CONTRACTORS, jobs, strict=True)):
        p, email, mydept, tel, org = staff(i + 3)
        c = nxt()
        box = ["tanaka", "sales", "support", "k-ito"][i]
        salute = [
            f"{co}\n{dept}　{c.last}様",
            f"{co} 御中\n{dept} {c.full} 様",
            f"{co}\n{c.last} 様",
            f"{co} {dept}\n{c.full}様",
        ][i]
        body = f"{salute}\n\nいつもお世話になっております。\n{org} {mydept}の{p.last}です。\n\n{text}\n\nよろしくお願いいたします。\n\n{sig(SIGS[i], org, mydept, p.full, email, tel)}"
        add(
            Draft(
                f"contractor-{i + 1}",
                "legitimate",
                "city",
                ["pass"],
                f"Everyday business mail to the contracted {co} (known domain), addressed to the recipient by name and company; no personal data.",
                (f"{p.full}", email),
                [(f"{c.full}（{co}）" if i % 2 else c.full, f"{box}@{dom}")],
                subj,
                body,
                charset=CHARSETS[i % 3],
            )
        )
    # The same in the town, default policy, a partner writes back to the town (top-posting, Outlook EN header).
    for i, (co, dom, dept) in enumerate(PARTNERS_DEFAULT):
        p, email, mydept, tel, org = staff(i, True)
        c = nxt()
        text = [
            "町道3号線の側溝改修工事につきまして、工程表を添付にてお送りいたします。\nご確認のほどよろしくお願いいたします。",
            "冬のイベント「あおば灯りの夕べ」のチラシ原稿を拝見しました。\n協会のウェブサイトでも12月5日から告知いたします。",
            "測量業務の成果品は12月18日に納品の予定です。\n納品の際に立会いをお願いできますでしょうか。",
        ][i]
        mine = f"あおば町役場 {mydept}\n{p.last} 様\n\n平素より大変お世話になっております。\n{co}の{c.last}でございます。\n\n{text}\n\n引き続きよろしくお願い申し上げます。\n\n{sig(['dash', 'bar', 'eq'][i], co, dept, c.full, f'{c.ro_last}@{dom}', '045-330-21' + str(10 + i))}"
        prev = f"{co}\n{c.last}様\n\nお世話になっております。あおば町の{p.last}です。\n先日の件、資料をお送りいただけますか。\n\n{p.full}"
        atts = []
        if i == 0:
            atts = [
                (
                    "工程表_町道3号線側溝改修.pdf",
                    make_pdf(
                        ["町道3号線 側溝改修工事 工程表", "12月7日 準備工", "12月14日 既設側溝撤去", "1月8日 完了検査"]
                    ),
                    PDF,
                )
            ]
        add(
            Draft(
                f"partner-reply-{i + 1}",
                "legitimate",
                "default",
                ["pass"],
                f"{co} replies to the town official who asked; top-posted over an Outlook quote; "
                + ("the schedule PDF names only the works." if atts else "no attachment and none mentioned."),
                (c.full, f"{c.ro_last}@{dom}".lower()),
                [(f"{p.full}", email)],
                ["Re: 側溝改修工事の工程表", "Re: チラシ原稿", "Re: 成果品の納品"][i],
                mine
                + "\n\n"
                + quote(
                    "outlook_ja" if i != 1 else "outlook_en",
                    p.full,
                    email,
                    "2026年11月27日 10:31",
                    "資料",
                    prev,
                    c.full,
                ),
                charset=["ISO-2022-JP", "Shift_JIS", "UTF-8"][i],
                attachments=atts,
                reply=True,
            )
        )


def legit_internal() -> None:
    a, ea, da, _ta, org = staff(0)
    b, eb, db, _tb, _ = staff(1)
    c, ec, dc, _, _ = staff(5)
    d, ed, dd, _, _ = staff(6)
    r = nxt()
    # 1 inter-departmental with a resident's data (internal only)
    add(
        Draft(
            "internal-handover",
            "legitimate",
            "city",
            ["pass"],
            "Hand-over between two divisions of the city (both internal): a resident's case is discussed by name and address inside the office, where it belongs.",
            (a.full, ea),
            [(b.full, eb)],
            "転入者の介護認定の引継ぎ",
            f"{db} {b.last}さん\n\nお疲れさまです。{da}の{a.last}です。\n\n先週転入された{r.full}さん（みどり町3丁目）の介護認定の件、前住所地からの資料が届きました。\n"
            f"明日の午後、窓口でお渡しします。\n\n{a.last}",
            charset="ISO-2022-JP",
        )
    )
    # 2 meeting room booking
    add(
        Draft(
            "room-booking",
            "legitimate",
            "city",
            ["pass"],
            "Meeting-room booking request to the general-affairs mailbox (internal).",
            (c.full, ec),
            [("庁舎管理担当", f"chosha@{CITY}")],
            "【会議室予約】12/8（火）第3会議室",
            f"庁舎管理担当 御中\n\n{dc}の{c.last}です。\n下記のとおり会議室の予約をお願いします。\n\n日時：12月8日（火）13:30～15:00\n場所：第3会議室\n人数：12名\n用途：健康づくり推進協議会の事前打合せ\nプロジェクター：使用します\n\n{sig('eq', org, dc, c.full, ec, '03-5555-0275')}",
            charset="Shift_JIS",
        )
    )
    # 3 schedule coordination with titles, several named addressees
    e, ee, _de, _, _ = staff(4)
    f, ef, _dfn, _, _ = staff(7)
    add(
        Draft(
            "schedule-titles",
            "legitimate",
            "city",
            ["pass"],
            "Schedule coordination among four staff, each named with title in the salutation and each a recipient.",
            (d.full, ed),
            [(f"{a.full}", ea), (f"{e.full}", ee)],
            "予算ヒアリングの日程調整",
            f"{a.last}課長、{e.last}係長\n（cc：{f.last}主査）\n\nお疲れさまです。{dd}の{d.last}です。\n来年度予算のヒアリング日程について、以下の候補からご都合のよい枠をお知らせください。\n\n"
            f"① 12月14日（月）10:00-11:00\n② 12月15日（火）15:00-16:00\n③ 12月17日（木）9:30-10:30\n\n12月9日（水）までにご返信いただけますと助かります。\n\n{d.full}\n{dd}　内線2188",
            charset="UTF-8",
            cc=[(f.full, ef)],
        )
    )
    # 4 forwarded inquiry inside the office
    r2 = nxt()
    radd = f"{ascii_box(r2, 44)}@docomo.ne.jp"
    add(
        Draft(
            "forward-internal",
            "legitimate",
            "city",
            ["pass"],
            "A resident's inquiry forwarded to the division in charge, inside the city (internal): the right way to pass it on.",
            (b.full, eb),
            [(c.full, ec)],
            "FW: 予防接種の予約について",
            f"{c.last}さん\n\n市民課の{b.last}です。\n健康推進課あての問い合わせが市民課に届いていましたので転送します。\nご対応をお願いできますでしょうか。\n\n"
            f"-----Original Message-----\nFrom: {r2.full} <{radd}>\nSent: Monday, November 30, 2026 8:12 AM\nTo: shimin@{CITY}\nSubject: 予防接種の予約について\n\n"
            f"子どもの予防接種の予約方法を教えてください。\n電話番号は 080-2214-6673 です。\n{r2.full}",
            charset="ISO-2022-JP",
        )
    )
    # 5 town internal (default policy), short, no signature
    t1, et1, _, _, _ = staff(2, True)
    t2, et2, _, _, _ = staff(3, True)
    add(
        Draft(
            "town-internal-short",
            "legitimate",
            "default",
            ["pass"],
            "Two-line internal note between town staff, no signature.",
            (t1.full, et1),
            [(t2.full, et2)],
            "議会資料の件",
            f"{t2.last}さん\n議会資料の差し替え版、共有フォルダに置きました。確認お願いします。\n{t1.last}",
            charset="ISO-2022-JP",
        )
    )
    # 6 town internal with a resident's name in the subject (internal: fine)
    t3, et3, _, _, _ = staff(0, True)
    rr = nxt()
    add(
        Draft(
            "town-internal-subject-name",
            "legitimate",
            "default",
            ["pass"],
            "A resident's name in the subject of mail that stays inside the town office (both addresses the town's): not the external mail #19 is about.",
            (t3.full, et3),
            [(t1.full, et1)],
            f"{rr.full}様の窓口相談記録",
            f"{t1.last}さん\n\n住民課の{t3.last}です。\n本日の{rr.last}様の窓口相談の記録を、相談記録システムに登録しました。\n次回の面談は12月11日の予定です。\n\n{t3.full}",
            charset="Shift_JIS",
        )
    )


def legit_bcc_notices() -> None:
    p, email, dept, tel, org = staff(7)
    rs = [nxt() for _ in range(6)]
    bcc = [(r.full, f"{ascii_box(r, 50 + k)}@{FREE[k % 5]}") for k, r in enumerate(rs)]
    add(
        Draft(
            "event-bcc",
            "legitimate",
            "city",
            ["pass"],
            "Event notice to past participants: To is the division's own address, everyone else in Bcc (#1 done right).",
            (f"えがお市 {dept}", email),
            [(f"えがお市 {dept}", email)],
            "【ご案内】市民文化祭 ボランティア説明会",
            f"市民文化祭ボランティアにご登録の皆さま\n\n（このメールはBCCでお送りしています）\n\nいつもご協力いただきありがとうございます。\n来年2月の市民文化祭に向けて、ボランティア説明会を開催します。\n\n"
            f"日時：2026年12月19日（土）10:00～11:30\n会場：えがお市民会館 2階 小ホール\n持ち物：筆記用具\n\n参加できない方は、説明資料を後日お送りします。\n\n{sig('bar', org, dept, p.full, email, tel)}",
            charset="ISO-2022-JP",
            bcc=bcc,
        )
    )
    # Newsletter done right (HTML only, list headers, one visible recipient)
    add(
        Draft(
            "newsletter-ok",
            "legitimate",
            "city",
            ["pass"],
            "Monthly newsletter, HTML only, List-Unsubscribe, one visible recipient (the list address) and subscribers in Bcc (#7 done right).",
            ("えがおのまち通信", f"news@{CITY}"),
            [("えがおのまち通信 配信", f"news@{CITY}")],
            "えがおのまち通信 12月号",
            "",
            html="<html><body><h1>えがおのまち通信 12月号</h1><p>年末年始の窓口業務のお知らせ、冬の健康づくり講座、市民文化祭の出演者募集などをお届けします。</p>"
            "<ul><li>12月29日から1月3日まで窓口はお休みです</li><li>健康づくり講座は12月12日（土）開催</li></ul>"
            f'<p>配信停止は<a href="https://www.{CITY}/news/stop">こちら</a></p></body></html>',
            charset="UTF-8",
            bcc=[(r.full, a) for r, (_, a) in zip(rs, bcc, strict=True)],
            extra=[
                ("List-Unsubscribe", f"<https://www.{CITY}/news/stop>"),
                ("List-Id", f"egao-news.{CITY}"),
                ("Precedence", "bulk"),
            ],
        )
    )
    # Town notice with Bcc, multipart alternative, default policy
    t, et, dt, tt, torg = staff(4, True)
    rs2 = [nxt() for _ in range(5)]
    add(
        Draft(
            "town-notice-bcc",
            "legitimate",
            "default",
            ["pass"],
            "Town tourism association members notified with Bcc, plain+HTML alternative.",
            (f"あおば町 {dt}", et),
            [(f"あおば町 {dt}", et)],
            "「あおば灯りの夕べ」出店者説明会のご案内",
            f"出店者の皆さま\n\n※本メールはBCCにて一斉送信しております。\n\n12月13日（日）15時より、町民ホールにて出店者説明会を行います。\n出店場所の抽選も行いますので、代表者の方のご出席をお願いします。\n\n{sig('dash', torg, dt, t.full, et, tt)}",
            html=f"<p>出店者の皆さま</p><p>※本メールはBCCにて一斉送信しております。</p><p>12月13日（日）15時より、町民ホールにて出店者説明会を行います。</p><p>{t.full}</p>",
            charset="UTF-8",
            bcc=[
                (
                    r.full,
                    f"{ascii_box(r, 60 + k)}@{['gmail.com', 'yahoo.co.jp', 'example.com', 'example.co.jp', 'ezweb.ne.jp'][k]}",
                )
                for k, r in enumerate(rs2)
            ],
        )
    )


def legit_committee() -> None:
    p, email, dept, tel, org = staff(3)
    heads = [nxt() for _ in range(4)]
    schools = ["daiichi-es", "daini-es", "minami-jhs", "kita-es"]
    names = ["第一小学校", "第二小学校", "南中学校", "北小学校"]
    add(
        Draft(
            "committee-schools",
            "legitimate",
            "city",
            ["pass"],
            "Committee mail among four school principals of the city's own schools (trusted domains), all in To on purpose: they work together and know each other's addresses.",
            (p.full, email),
            [
                (f"{h.full}（{n}）", f"kocho@{s}.example-city.ed.jp")
                for h, s, n in zip(heads, schools, names, strict=True)
            ],
            "学校安全委員会（12月）の議題",
            "学校安全委員会 委員各位\n\nお世話になっております。教育委員会学務課の"
            + p.last
            + "です。\n12月の委員会の議題案をお送りします。\n\n"
            "1. 冬季の通学路点検の結果\n2. 不審者対応訓練の日程\n3. その他\n\nほかに議題があれば12月7日までにお知らせください。\n\n"
            + sig("bar", org, dept, p.full, email, tel),
            charset="ISO-2022-JP",
        )
    )
    # Default: three external committee members who meet monthly (small trusted group)
    t, et, dt, tt, torg = staff(1, True)
    ms = [nxt() for _ in range(3)]
    add(
        Draft(
            "committee-external",
            "legitimate",
            "default",
            ["pass", "confirm"],
            "Three members of the town's welfare committee (a doctor, the social-welfare council, a commissioner) who meet monthly and exchange mail; visible to each other by design. A confirm is acceptable, a block is not.",
            (t.full, et),
            [
                (f"{ms[0].full} 先生", f"{ms[0].ro_last}@aoba-clinic-example.or.jp".lower()),
                (ms[1].full, "info@aoba-shakyo-example.or.jp"),
                (ms[2].full, f"{ascii_box(ms[2], 71)}@yahoo.co.jp"),
            ],
            "第8回 福祉推進委員会の議事録（案）",
            f"福祉推進委員会　委員の皆さま\n\n{ms[0].last}先生、{ms[1].last}様、{ms[2].last}様\n\n先日はご出席いただきありがとうございました。\n議事録の案を下記に記します。修正がございましたら12月10日までにお知らせください。\n\n"
            "・地域見守り活動の報告（社会福祉協議会）\n・冬季の高齢者向け講座について\n・次回は1月14日（木）18時から\n\n"
            + sig("dash", torg, dt, t.full, et, tt),
            charset="Shift_JIS",
            changed="changed: draft only (generator bug): the clinic and the council shared one registrable domain (example.or.jp); now their own domains, as three bodies have.",
        )
    )


def legit_invoice_password_link() -> None:
    p, email, dept, tel, org = staff(4)
    co, dom, _cdept = CONTRACTORS[0]
    c = nxt()
    inv = make_pdf(
        [
            f"{co} 御中",
            "請求書 No. 2026-118",
            "広報誌11月号 印刷代として",
            "金額 418,000円（税込）",
            "えがお市 企画政策課",
        ]
    )
    add(
        Draft(
            "invoice-to-partner",
            "legitimate",
            "city",
            ["pass"],
            f"Purchase order / invoice PDF for {co}, addressed to {co}, sent to {co}'s address: the file belongs to its recipient.",
            (p.full, email),
            [(c.full, f"keiri@{dom}")],
            "支払通知書の送付（広報誌11月号）",
            f"{co}\n経理ご担当　{c.last}様\n\nお世話になっております。えがお市企画政策課の{p.last}です。\n広報誌11月号の印刷代について、支払通知書を添付にてお送りします。\n12月25日にお振込みの予定です。\n\n{sig('bar', org, dept, p.full, email, tel)}",
            charset="ISO-2022-JP",
            attachments=[("支払通知書_みらい印刷_2026-118.pdf", inv, PDF)],
        )
    )
    c2 = nxt()
    co2, dom2, _ = CONTRACTORS[1]
    add(
        Draft(
            "password-notice",
            "legitimate",
            "city",
            ["pass"],
            "The usual second mail with the password of the zip sent just before: mentions the attachment of the earlier mail, has none, and should have none.",
            (p.full, email),
            [(c2.full, f"{c2.ro_last}@{dom2}".lower())],
            "【パスワード送付】仕様書（案）",
            f"{co2}\n{c2.last}様\n\n先ほどお送りしたメールの添付ファイル「仕様書（案）.zip」のパスワードをお知らせします。\n\nパスワード：Hk7#qa2M\n\n別メールにてお送りしております。\n\n{p.full}",
            charset="Shift_JIS",
        )
    )
    c3 = nxt()
    co3, dom3, _ = CONTRACTORS[3]
    add(
        Draft(
            "sent-by-link",
            "legitimate",
            "city",
            ["pass"],
            "Large file shared by the office's file-transfer service link instead of attached: says 'ダウンロード', attaches nothing, and that is right.",
            (p.full, email),
            [(c3.full, f"{c3.ro_last}@{dom3}".lower())],
            "ウェブサイト改修用の画像データ",
            f"{co3}\n{c3.full} 様\n\nお世話になっております。えがお市の{p.last}です。\nウェブサイト改修で使用する写真データ（約800MB）は、容量が大きいため下記のリンクからダウンロードしてください。\n\n"
            f"https://filetransfer.{CITY}/d/8Kq2vX\nダウンロード期限：12月8日（火）17時\n\nよろしくお願いいたします。\n\n{sig('eq', org, dept, p.full, email, tel)}",
            charset="UTF-8",
        )
    )
    # school's own file to its school
    q, eq, dq, tq, _ = staff(3)
    h = nxt()
    rows = [["学年", "学級数", "配布数"], [1, 3, 92], [2, 3, 88], [3, 2, 71], [4, 3, 90], [5, 3, 94], [6, 2, 70]]
    add(
        Draft(
            "school-own-file",
            "legitimate",
            "city",
            ["pass"],
            "Distribution plan for 第二小学校 sent to 第二小学校: the file name and sheet name the recipient school (#6 done right).",
            (q.full, eq),
            [(f"{h.full}（第二小学校 教頭）", "kyoto@daini-es.example-city.ed.jp")],
            "防災ノート配布計画（第二小学校分）",
            f"第二小学校\n{h.last} 教頭先生\n\nいつもお世話になっております。学務課の{q.last}です。\n防災ノートの配布計画（第二小学校分）を添付します。\n冊数に過不足がありましたらご連絡ください。\n\n{sig('dash', 'えがお市教育委員会', dq, q.full, eq, tq)}",
            charset="ISO-2022-JP",
            attachments=[("第二小学校_防災ノート配布計画.xlsx", make_xlsx(rows, "第二小学校"), XLSX)],
        )
    )
    # town: CSV schedule to partner
    t, et, dt, tt, torg = staff(4, True)
    cc = nxt()
    rows2 = [
        ["日付", "内容", "会場"],
        ["12/13", "出店者説明会", "町民ホール"],
        ["12/20", "設営", "中央広場"],
        ["12/21", "本番", "中央広場"],
    ]
    add(
        Draft(
            "town-csv-schedule",
            "legitimate",
            "default",
            ["pass"],
            "Event schedule CSV (dates, tasks, venues; nobody's data) to the tourism association.",
            (t.full, et),
            [(cc.full, "jimukyoku@aoba-kanko.example.or.jp")],
            "灯りの夕べ 日程表",
            f"あおば観光協会\n{cc.last}様\n\nお世話になっております。観光商工課の{t.last}です。\n当日までの日程表をCSVでお送りします。\n\n{sig('none', torg, dt, t.full, et, tt)}",
            charset="Shift_JIS",
            attachments=[("schedule_akari2026.csv", make_csv(rows2), CSV)],
        )
    )


def legit_english_partner() -> None:
    p, email, _dept, _tel, _org = staff(4)
    add(
        Draft(
            "sister-city-en",
            "legitimate",
            "city",
            ["pass"],
            "English mail to the sister-city coordinator (known domain), Outlook EN quote below; the coordinator's own signature is in the quote.",
            (romaji(p).title(), email),
            [("Sarah Miller", "s.miller@sistercity-example.org")],
            "RE: Student exchange visit in March",
            "Hi Sarah,\n\nThanks for the draft itinerary. March 16-20 works for us; the host families will be confirmed by the end of January.\n"
            "Could you send the list of accompanying teachers by email once it is final?\n\nKind regards,\n"
            + romaji(p).title()
            + "\n\n"
            + quote(
                "outlook_en",
                "Sarah Miller",
                "s.miller@sistercity-example.org",
                "Friday, November 27, 2026 6:45 PM",
                "Student exchange visit in March",
                "Dear all,\nPlease find our draft itinerary below. Would March 16-20 suit Egao City?\n\nSarah Miller\nExchange Coordinator\nTel: +1 503 555 0147",
                email,
            ),
            charset="UTF-8",
            lang="en",
            reply=True,
        )
    )
    t, et, _dt, _tt, _torg = staff(4, True)
    add(
        Draft(
            "town-en-hi",
            "legitimate",
            "default",
            ["pass"],
            "Short English note to an overseas tour operator, 'Hi Tom,' to tom@...; no signature block.",
            (romaji(t).title(), et),
            [("Tom Baker", "tom@example.com")],
            "Lantern festival photos",
            f"Hi Tom,\n\nThe photos from last year's lantern festival are now on our website: https://www.{TOWN}/akari/photos\nFeel free to use them in your brochure with the credit 'Aoba Town'.\n\nCheers,\n{t.ro_first.title()}",
            charset="UTF-8",
            lang="en",
        )
    )


def legit_misc() -> None:
    # Office numbers and a venue address in a notice to a resident (not personal data)
    p, email, _dept, _tel, _org = staff(5)
    r = nxt()
    add(
        Draft(
            "venue-and-office-phone",
            "legitimate",
            "city",
            ["pass"],
            "Reply to a resident with the venue's address and the division's direct line in the new text: public facility and office contacts, not personal data.",
            (p.full, email),
            [(r.full, f"{ascii_box(r, 80)}@ezweb.ne.jp")],
            "Re: 健康づくり講座の会場",
            f"{r.last} 様\n\n健康推進課の{p.last}です。\n講座の会場は、えがお市保健センター（〒100-0012 えがお市さくら町1丁目2番1号）の2階です。\n"
            f"当日の連絡先は健康推進課の直通 03-5555-0275 です。\n駐車場は台数が限られますので、公共交通機関をご利用ください。\n\n{p.full}",
            charset="ISO-2022-JP",
            reply=True,
        )
    )
    # Event date that looks like a date, subject with the recipient's own name
    t, et, dt, tt, torg = staff(0, True)
    r2 = nxt()
    add(
        Draft(
            "own-name-subject",
            "legitimate",
            "default",
            ["pass"],
            "The subject names the recipient himself (a booking confirmation to him), not a third person.",
            (t.full, et),
            [(r2.full, f"{ascii_box(r2, 81)}@gmail.com")],
            f"{r2.full}様 窓口予約の確認",
            f"{r2.full} 様\n\nあおば町役場 住民課です。\n下記のとおり窓口のご予約を承りました。\n\n日時：2026年12月10日（木）14時00分\n内容：マイナンバーカードの受け取り\n持ち物：交付通知書、本人確認書類\n\n{sig('bar', torg, dt, t.full, et, tt)}",
            charset="UTF-8",
        )
    )
    # Several named addressees at one contractor (title and department each)
    p2, e2, d2, t2, _ = staff(1)
    co, dom, _ = CONTRACTORS[1]
    x, y = nxt(), nxt()
    add(
        Draft(
            "two-at-contractor",
            "legitimate",
            "city",
            ["pass"],
            f"Two people at the same contractor ({co}), both named with department and title, both in To: one organisation, no exposure.",
            (p2.full, e2),
            [(x.full, f"{x.ro_last}@{dom}".lower()), (y.full, f"{y.ro_last}@{dom}".lower())],
            "窓口予約システム 打合せの議事メモ",
            f"{co}\n公共ソリューション部 {x.last}部長\n同 システム課 {y.last}様\n\nお世話になっております。市民課の{p2.last}です。\n本日の打合せの議事メモです。\n\n"
            "・予約枠の上限を1日40件から60件に変更\n・12月中に検証環境で確認\n・本番反映は1月12日の予定\n\n認識違いがあればご指摘ください。\n\n"
            + sig("bar", "えがお市役所", d2, p2.full, e2, t2),
            charset="Shift_JIS",
        )
    )
    # Initials instead of names (#19 done right) to the care contractor
    q, eq, _dq, _tq, _ = staff(0)
    co3, dom3, _ = CONTRACTORS[2]
    z = nxt()
    add(
        Draft(
            "initials-to-contractor",
            "legitimate",
            "city",
            ["pass"],
            "Case discussed with the care contractor using initials and case numbers only (#19/#20 done right).",
            (q.full, eq),
            [(z.full, f"houkatsu@{dom3}")],
            "ケース会議の件（No.2026-0412）",
            f"{co3}\n地域包括支援センター　{z.last}様\n\nお世話になっております。高齢福祉課の{q.last}です。\nケース番号2026-0412（K.T.様）の件、12月9日のケース会議で検討することになりました。\n資料は当日お持ちします。\n\n{q.full}",
            charset="ISO-2022-JP",
        )
    )
    # Thunderbird inline reply from a contractor to the city
    co4, dom4, _ = CONTRACTORS[3]
    w = nxt()
    s, es, _ds, _ts, _ = staff(4)
    add(
        Draft(
            "contractor-inline",
            "legitimate",
            "city",
            ["pass"],
            "The contractor answers the city inline, between the quoted questions (Thunderbird style).",
            (w.full, f"{w.ro_last}@{dom4}".lower()),
            [(s.full, es)],
            "Re: バナー差し替えと検査結果",
            f"えがお市 企画政策課\n{s.last}様\n\nお世話になっております。{w.last}です。\n\n{s.full} さんは書きました:\n> トップページのバナーの差し替えはいつ頃になりますか。\n\n12月7日の朝に差し替えます。\n\n> また、アクセシビリティの検査結果はいつ頃いただけますか。\n\n"
            f"12月11日までにお送りします。\n\n{sig('dash', co4, '第二営業部', w.full, f'{w.ro_last}@{dom4}'.lower(), '03-6820-5511')}",
            charset="UTF-8",
            reply=True,
        )
    )
    # A resident writes to the city (contractor / resident side also uses mail): thanks, no sig
    r5 = nxt()
    s2, es2, _, _, _ = staff(7)
    add(
        Draft(
            "resident-thanks",
            "legitimate",
            "city",
            ["pass"],
            "Short thank-you from the office to a resident after an event, written on a phone-like style, no signature.",
            (s2.full, es2),
            [(r5.full, f"{ascii_box(r5, 90)}@softbank.ne.jp")],
            "昨日はありがとうございました",
            f"{r5.last}さま\n\n昨日の文化祭では、受付のお手伝いをありがとうございました。\n来場者アンケートも好評でした。\nまたよろしくお願いします。\n\n文化振興課　{s2.last}",
            charset="UTF-8",
        )
    )


def legit_more_replies() -> None:
    """More replies in other shapes: very short, long, forwarded-with-note, HTML-only Outlook."""
    t, et, _dt, _tt, _torg = staff(1, True)
    r = nxt()
    ra = f"{ascii_box(r, 91)}@icloud.com"
    add(
        Draft(
            "town-reply-short",
            "legitimate",
            "default",
            ["pass"],
            "One-line confirmation back to the resident, quoting her mail with '＞'.",
            (t.full, et),
            [(r.full, ra)],
            "Re: 日程変更",
            f"承知しました。12月15日10時でお待ちしております。\n福祉課 {t.last}\n\n{quote('zen', r.full, ra, '11/30 20:02', '', '面談の日を15日の10時に変えてもらえますか。')}",
            charset="ISO-2022-JP",
            reply=True,
        )
    )
    t2, et2, dt2, tt2, torg2 = staff(3, True)
    r2 = nxt()
    ra2 = f"{ascii_box(r2, 92)}@gmail.com"
    add(
        Draft(
            "town-reply-html-outlook",
            "legitimate",
            "default",
            ["pass"],
            "Outlook HTML-only reply to a parent about school enrolment; the quote is the parent's own message.",
            (t2.full, et2),
            [(r2.full, ra2)],
            "RE: 就学時健康診断の日程",
            "",
            html=f"<html><body><p>{r2.full} 様</p><p>あおば町教育課の{t2.last}です。<br>就学時健康診断は12月3日（木）13時30分から、あおば小学校体育館で行います。<br>"
            "当日は母子健康手帳をお持ちください。</p><p>よろしくお願いいたします。</p>"
            f"<p>{t2.full}<br>{torg2} {dt2}<br>TEL {tt2}</p>"
            f'<div style="border-top:solid #E1E1E1 1pt"><p><b>From:</b> {r2.full} &lt;{ra2}&gt;<br><b>Sent:</b> Sunday, November 29, 2026 9:12 PM<br><b>To:</b> {et2}<br><b>Subject:</b> 就学時健康診断の日程</p></div>'
            "<p>来年小学校に入学する娘がいます。健康診断の日程を教えてください。</p></body></html>",
            charset="UTF-8",
            reply=True,
        )
    )
    p, email, dept, tel, org = staff(6)
    r3 = nxt()
    ra3 = f"{ascii_box(r3, 93)}@yahoo.co.jp"
    add(
        Draft(
            "tax-reply-long",
            "legitimate",
            "city",
            ["pass"],
            "Long, careful reply about a tax payment schedule to the taxpayer who asked, with amounts but no identifiers; office signature.",
            (p.full, email),
            [(r3.full, ra3)],
            "Re: 市県民税の分割納付のご相談",
            f"{r3.full} 様\n\nえがお市役所 税務課の{p.last}でございます。\nこのたびはご相談のメールをいただきありがとうございました。\n\n"
            "お問い合わせの件につきまして、以下のとおりご案内いたします。\n\n"
            "1．分割納付について\n　納期限までの一括納付が難しい場合は、分割納付の計画を立てることができます。\n　一度窓口にお越しいただき、収入の状況をお聞かせください。\n\n"
            "2．延滞金について\n　分割納付の場合でも、納期限を過ぎた分には延滞金がかかります。\n　早めのご相談をおすすめしております。\n\n"
            "3．窓口の受付時間\n　平日8時30分から17時15分まで（毎月第2・第4木曜日は19時まで）\n\n"
            "ご来庁の際は、このメールを印刷したものか、画面をお見せいただくとスムーズです。\n\n何卒よろしくお願い申し上げます。\n\n"
            + sig("bar", org, dept, p.full, email, tel)
            + "\n\n"
            + quote(
                "iphone_ja",
                r3.full,
                ra3,
                "2026/11/29 22:47",
                "",
                "市県民税の支払いが厳しく、分割にできないか相談したいです。",
            ),
            charset="Shift_JIS",
            reply=True,
        )
    )
    # A forwarded newsletter to a colleague (internal)
    a, ea, _, _, _ = staff(2)
    b, eb, _, _, _ = staff(3)
    add(
        Draft(
            "forward-seminar",
            "legitimate",
            "city",
            ["pass"],
            "An outside seminar announcement forwarded to a colleague inside the office with one line of note.",
            (a.full, ea),
            [(b.full, eb)],
            "Fw: 【ご案内】自治体DXセミナー（1/20開催）",
            f"{b.last}さん\n参考までに。興味あれば一緒に申し込みましょう。\n{a.last}\n\n---------- Forwarded message ---------\nFrom: 自治体DX推進協議会 <seminar@example.or.jp>\nDate: 2026年11月30日(月) 10:00\nSubject: 【ご案内】自治体DXセミナー（1/20開催）\nTo: <{ea}>\n\n"
            "自治体職員の皆さま\n来年1月20日にオンラインセミナーを開催します。\n申込み：https://example.or.jp/seminar/2027",
            charset="UTF-8",
        )
    )


# ----------------------------------------------------------------------------- risky


def risky_visible() -> None:
    p, email, dept, tel, org = staff(7)
    rs = [nxt() for _ in range(5)]
    to = [(r.full, f"{ascii_box(r, 100 + k)}@{FREE[k]}") for k, r in enumerate(rs)]
    add(
        Draft(
            "event-to-all",
            "risky",
            "city",
            ["confirm", "block"],
            "Event notice to five residents at their own free-mail addresses, all in To: each sees the others' addresses (#1).",
            (f"えがお市 {dept}", email),
            to,
            "市民文化祭 出演者打合せのご案内",
            f"出演者の皆さま\n\n文化振興課の{p.last}です。\n出演者打合せを12月12日（土）14時から市民会館リハーサル室で行います。\n出欠を12月9日までにご返信ください。\n\n{sig('bar', org, dept, p.full, email, tel)}",
            charset="ISO-2022-JP",
            rules=["MG101"],
            incidents=[1],
        )
    )
    t, et, dt, tt, torg = staff(2, True)
    orgs = [
        ("aoba-hoikuen-example.or.jp", "あおば保育園"),
        ("midori-gakuen-example.or.jp", "みどり学園"),
        ("aoba-shakyo-example.or.jp", "あおば町社会福祉協議会"),
        ("hikari-kai-example.or.jp", "ひかり会"),
    ]
    add(
        Draft(
            "cc-supervised-orgs",
            "risky",
            "default",
            ["confirm", "block"],
            "Notice to four supervised organisations, one in To and three in Cc instead of Bcc (#5).",
            (t.full, et),
            [(f"{orgs[0][1]} 園長", f"info@{orgs[0][0]}")],
            "指導監査の実施日程について（通知）",
            "関係法人 各位\n\nあおば町総務課です。\n令和8年度の指導監査の日程を下記のとおり通知します。\n各法人の日程は次のとおりです。\n\n"
            "あおば保育園　1月12日\nみどり学園　1月14日\nあおば町社会福祉協議会　1月19日\nひかり会　1月21日\n\n"
            + sig("dash", torg, dt, t.full, et, tt),
            charset="Shift_JIS",
            cc=[(n, f"jimu@{d}") for d, n in orgs[1:]],
            rules=["MG101"],
            incidents=[5],
            changed="changed: draft only (generator bug): the four organisations were subdomains of one registrable domain (example.or.jp), i.e. one organisation; now four domains.",
        )
    )
    rs2 = [nxt() for _ in range(6)]
    t2, et2, _, _, _ = staff(1, True)
    add(
        Draft(
            "survey-to-en",
            "risky",
            "default",
            ["confirm", "block"],
            "English survey request to six residents of an exchange programme, everyone in To (#9).",
            (romaji(t2).title(), et2),
            [
                (
                    f"Participant {k + 1}",
                    f"{ascii_box(r, 110 + k)}@{['gmail.com', 'yahoo.co.jp', 'icloud.com', 'outlook.jp', 'gmail.com', 'yahoo.co.jp'][k]}",
                )
                for k, r in enumerate(rs2)
            ],
            "Aoba Town homestay survey",
            "Dear participants,\n\nThank you for joining the Aoba Town homestay programme this autumn.\nPlease take five minutes to answer our short survey by December 14: https://www.example-town.lg.jp/survey/homestay\n\nBest wishes,\nAoba Town Welfare Division",
            charset="UTF-8",
            lang="en",
            rules=["MG101"],
            incidents=[9],
        )
    )
    # newsletters with everyone in To
    news_to = [(r.full, f"{ascii_box(r, 120 + k)}@{FREE[k % 5]}") for k, r in enumerate([nxt() for _ in range(8)])]
    add(
        Draft(
            "newsletter-to-all",
            "risky",
            "city",
            ["confirm", "block"],
            "The mail-magazine went out with all eight subscribers in To (List-Unsubscribe, 【メルマガ】): #7.",
            ("えがお市 子育て情報メルマガ", f"kosodate-news@{CITY}"),
            news_to,
            "【メルマガ】子育て情報 12月号",
            "子育て情報メルマガ 12月号\n\n■ 冬のおはなし会（12月19日、中央図書館）\n■ 乳幼児健診の日程\n■ インフルエンザ予防接種の助成について\n\n配信停止：https://www.example-city.lg.jp/mm/stop",
            charset="UTF-8",
            extra=[("List-Unsubscribe", f"<https://www.{CITY}/mm/stop>")],
            rules=["MG102", "MG101"],
            incidents=[7],
        )
    )
    news_to2 = [
        (
            r.full,
            f"{ascii_box(r, 130 + k)}@{['gmail.com', 'yahoo.co.jp', 'example.com', 'example.co.jp', 'icloud.com', 'ezweb.ne.jp', 'docomo.ne.jp'][k]}",
        )
        for k, r in enumerate([nxt() for _ in range(7)])
    ]
    add(
        Draft(
            "town-newsletter-to",
            "risky",
            "default",
            ["confirm", "block"],
            "Town tourism newsletter (Precedence: bulk, List-Id) with seven subscribers visible in To (#7).",
            ("あおば町観光ニュース", f"kanko-news@{TOWN}"),
            news_to2,
            "あおば町観光ニュース Vol.42",
            "",
            html="<html><body><h2>あおば町観光ニュース Vol.42</h2><p>灯りの夕べは12月21日開催！</p><p>配信停止はこちら</p></body></html>",
            charset="UTF-8",
            extra=[("Precedence", "bulk"), ("List-Id", f"<kanko-news.{TOWN}>")],
            rules=["MG102", "MG101"],
            incidents=[7],
        )
    )


def risky_addressee() -> None:
    p, email, dept, tel, org = staff(1)
    r, other = pair()
    add(
        Draft(
            "wrong-salutation-resident",
            "risky",
            "city",
            ["confirm", "block"],
            f"To {r.full} at her own gmail.com address, but the salutation and the body greet {other.full} (another applicant's reply pasted; #2/#18).",
            (p.full, email),
            [(r.full, f"{ascii_box(r, 140)}@gmail.com")],
            "住民票の写しの交付について",
            f"{other.full} 様\n\nえがお市役所 市民課の{p.last}です。\nご請求いただいた住民票の写しを本日郵送いたしました。\n2、3日でお手元に届く見込みです。\n\n{sig('bar', org, dept, p.full, email, tel)}",
            charset="ISO-2022-JP",
            rules=["MG201"],
            incidents=[2, 18],
        )
    )
    co_a, dom_a, _ = CONTRACTORS[0]
    co_b, _, _ = CONTRACTORS[1]
    c = nxt()
    q, eq, dq, tq, _ = staff(4)
    add(
        Draft(
            "wrong-company-salutation",
            "risky",
            "city",
            ["confirm", "block"],
            f"Sent to {co_a}'s address but addressed '{co_b} 御中' (the mail meant for the other contractor; #18).",
            (q.full, eq),
            [(c.full, f"eigyo@{dom_a}")],
            "契約変更の協議について",
            f"{co_b} 御中\n\nお世話になっております。企画政策課の{q.last}です。\n保守契約の変更について、12月10日に協議の場を設けたく存じます。\nご都合をお知らせください。\n\n{sig('dash', org, dq, q.full, eq, tq)}",
            charset="Shift_JIS",
            rules=["MG201"],
            incidents=[18],
        )
    )
    t, et, _dt, _tt, _torg = staff(2, True)
    add(
        Draft(
            "wrong-name-en",
            "risky",
            "default",
            ["confirm", "block"],
            "To John Smith at his own address, but 'Dear Ms. Brown' and her booking (#18).",
            (romaji(t).title(), et),
            [("John Smith", "john.smith@example.com")],
            "Your booking at Aoba Community Hall",
            "Dear Ms. Brown,\n\nYour booking of the Aoba Community Hall tatami room on December 19, 1-4 pm, is confirmed.\nPlease bring this email to the reception desk.\n\nRegards,\nAoba Town General Affairs",
            charset="UTF-8",
            lang="en",
            rules=["MG201"],
            incidents=[18],
        )
    )
    t2, et2, dt2, tt2, torg2 = staff(1, True)
    r2, o2 = pair()
    add(
        Draft(
            "wrong-salutation-town",
            "risky",
            "default",
            ["confirm", "block"],
            f"Reply to {r2.full} (yahoo.co.jp) that begins '{o2.last} 様' and answers {o2.last}'s question (#2).",
            (t2.full, et2),
            [(r2.full, f"{ascii_box(r2, 141)}@yahoo.co.jp")],
            "Re: 配食サービスの申込み",
            f"{o2.full} 様\n\nあおば町福祉課の{t2.last}です。\n配食サービスのお申込みを受け付けました。12月7日（月）から昼食のお届けを始めます。\n\n{sig('dash', torg2, dt2, t2.full, et2, tt2)}",
            charset="ISO-2022-JP",
            rules=["MG201"],
            incidents=[2],
            reply=True,
        )
    )


def risky_attachments() -> None:
    q, eq, _dq, _tq, _ = staff(3)
    h = nxt()
    kids = [nxt() for _ in range(6)]
    rows = [["学校名", "氏名", "ふりがな", "学年"]] + [
        ["第三小学校", k.full, k.yomi, (j % 6) + 1] for j, k in enumerate(kids)
    ]
    add(
        Draft(
            "other-school-xlsx",
            "risky",
            "city",
            ["confirm", "block"],
            "Mail to 第二小学校 says 'your school's list' but the attached workbook is 第三小学校's, by file name, sheet and rows (#6).",
            (q.full, eq),
            [(f"{h.full}（第二小学校）", "kyoto@daini-es.example-city.ed.jp")],
            "放課後教室 参加者名簿（第二小学校分）",
            f"第二小学校\n{h.last} 教頭先生\n\n学務課の{q.last}です。\n放課後教室の参加者名簿（貴校分）を添付します。ご確認ください。\n\n{q.full}",
            charset="ISO-2022-JP",
            attachments=[("第三小学校_放課後教室参加者名簿.xlsx", make_xlsx(rows, "第三小学校"), XLSX)],
            rules=["MG202"],
            incidents=[6],
        )
    )
    t, et, _dt, _tt, _torg = staff(1, True)
    r, o = pair()
    pdf = make_pdf([f"{o.full} 様", "特定健康診査 結果通知", "血圧 148/92 mmHg", "HbA1c 6.8%", "要精密検査"])
    add(
        Draft(
            "other-patient-pdf",
            "risky",
            "default",
            ["confirm", "block"],
            f"Health-check result sent to {r.full}, but the PDF (file name and first line) is {o.full}'s (#11/#12).",
            (t.full, et),
            [(r.full, f"{ascii_box(r, 150)}@gmail.com")],
            "特定健診の結果送付",
            f"{r.full} 様\n\nあおば町福祉課の{t.last}です。\nご依頼のあった特定健診の結果を添付いたします。\n\n{t.full}",
            charset="UTF-8",
            attachments=[(f"健診結果_{o.last}{o.first}様.pdf", pdf, PDF)],
            rules=["MG202"],
            incidents=[11, 12],
        )
    )
    p, email, dept, tel, org = staff(0)
    z = nxt()
    users = [nxt() for _ in range(5)]
    rows2 = [["事業所", "利用者", "要介護度", "利用日"]] + [
        ["みどり園", u.full, f"要介護{j % 5 + 1}", "月・木"] for j, u in enumerate(users)
    ]
    add(
        Draft(
            "other-org-csv",
            "risky",
            "city",
            ["confirm", "block"],
            "To さくら会, the CSV is みどり園's list of users (named in the file name and every row): another organisation's data (#6/#21).",
            (p.full, email),
            [(z.full, "houkatsu@sakura-kai-example.or.jp")],
            "12月分 利用実績の確認",
            f"社会福祉法人さくら会\n{z.last}様\n\n高齢福祉課の{p.last}です。\n12月分の利用実績（さくら会様分）をお送りします。内容をご確認ください。\n\n{sig('bar', org, dept, p.full, email, tel)}",
            charset="Shift_JIS",
            attachments=[("みどり園_利用実績_202612.csv", make_csv(rows2), CSV)],
            rules=["MG202"],
            incidents=[6, 21],
        )
    )


def risky_personal() -> None:
    p, email, dept, tel, org = staff(6)
    r = nxt()
    add(
        Draft(
            "mynumber-to-gmail",
            "risky",
            "city",
            ["block"],
            "The staff member types a resident's My Number into the new text to a gmail.com address (city policy: personal data to free mail is blocked; #10).",
            (p.full, email),
            [(r.full, f"{ascii_box(r, 160)}@gmail.com")],
            "Re: 申告書の記載について",
            f"{r.full} 様\n\n税務課の{p.last}です。\n申告書に記載いただく個人番号は、お控えの通知カードのとおり 4729 1846 3053 です。\n記入のうえ、ご提出ください。\n\n{sig('dash', org, dept, p.full, email, tel)}",
            charset="ISO-2022-JP",
            rules=["MG401"],
            incidents=[10],
            reply=True,
            changed="changed: draft only (generator bug): the My Number had a wrong check digit, which no real My Number has; now valid.",
        )
    )
    t, et, _dt, _tt, _torg = staff(0, True)
    r2 = nxt()
    add(
        Draft(
            "mynumber-to-yahoo",
            "risky",
            "default",
            ["confirm", "block"],
            "My Number (with the word 個人番号) sent to a yahoo.co.jp address in the new text (#10).",
            (t.full, et),
            [(r2.full, f"{ascii_box(r2, 161)}@yahoo.co.jp")],
            "マイナンバーの確認",
            f"{r2.last}様\n\n住民課の{t.last}です。\nお電話でお問い合わせのあった世帯主の方のマイナンバー（個人番号）は、5821-3370-9168です。\n\n{t.full}",
            charset="Shift_JIS",
            rules=["MG401"],
            incidents=[10],
            changed="changed: draft only (generator bug): the My Number had a wrong check digit, which no real My Number has; now valid.",
        )
    )
    q, eq, _dq, _tq, _ = staff(0)
    r3 = nxt()
    add(
        Draft(
            "resident-data-to-own-mobile",
            "risky",
            "city",
            ["block"],
            f"A staff member mails a resident's ({r3.full}) address and mobile number to his own private docomo.ne.jp address 'to work from home' (#10).",
            (q.full, eq),
            [(q.full, f"{ascii_box(q, 162)}@docomo.ne.jp")],
            "明日の訪問先",
            f"自分用メモ\n\n明日の訪問：{r3.full}さん\n住所：えがお市ひばりが丘4丁目8番12号 コーポひばり203\n携帯：090-6632-1185\n14時訪問。家族同席。\n",
            charset="UTF-8",
            rules=["MG403", "MG402"],
            incidents=[10],
        )
    )
    t2, et2, _, _, _ = staff(1, True)
    r4, r5 = nxt(), nxt()
    add(
        Draft(
            "dob-to-icloud",
            "risky",
            "default",
            ["confirm", "block"],
            f"To a relative ({r5.full}, icloud.com) the staff writes another person's ({r4.full}) date of birth and address in the new text (#10/#15).",
            (t2.full, et2),
            [(r5.full, f"{ascii_box(r5, 163)}@icloud.com")],
            "お問い合わせの件",
            f"{r5.last}様\n\n福祉課の{t2.last}です。\nお尋ねの{r4.full}さんの登録内容は、生年月日 昭和22年5月14日、住所 あおば町東町1丁目5番地の8 です。\n\n{t2.full}",
            charset="ISO-2022-JP",
            rules=["MG404", "MG403"],
            incidents=[10, 15],
        )
    )
    # Forward a resident's inquiry to an outside contractor, restating her data in the new text
    p2, e2, _d2, _t2n, _org2 = staff(0)
    r6 = nxt()
    co, dom, _ = CONTRACTORS[2]
    z = nxt()
    r6a = f"{ascii_box(r6, 164)}@ezweb.ne.jp"
    add(
        Draft(
            "forward-inquiry-contractor",
            "risky",
            "city",
            ["confirm", "block"],
            "A resident's inquiry forwarded to the outside care contractor, with her address and phone restated in the new text (#15): personal data to an external party needs a confirm.",
            (p2.full, e2),
            [(z.full, f"{z.ro_last}@{dom}".lower())],
            "FW: 母の介護について相談したい",
            f"{co}\n{z.last}様\n\n高齢福祉課の{p2.last}です。\n下記の相談、そちらで訪問をお願いできますでしょうか。\n相談者：{r6.full}さん\n住所：えがお市さくら町5丁目2番7号\n電話：090-3318-2049\n\n"
            f"-----Original Message-----\nFrom: {r6.full} <{r6a}>\nSent: Monday, November 30, 2026 7:40 PM\nTo: kourei@{CITY}\nSubject: 母の介護について相談したい\n\n母が最近歩けなくなってきて、介護のことを相談したいです。",
            charset="ISO-2022-JP",
            rules=["MG402", "MG403"],
            incidents=[15],
        )
    )
    # Health record to an external contractor
    p3, e3, _d3, _t3, _org3 = staff(5)
    co4, dom4, _ = CONTRACTORS[3]
    z4, r7 = nxt(), nxt()
    add(
        Draft(
            "health-to-it-vendor",
            "risky",
            "city",
            ["confirm", "block"],
            f"To the web contractor, as a 'test data' example, the staff pastes a real resident's ({r7.full}) diagnosis and medication (#15/#11).",
            (p3.full, e3),
            [(z4.full, f"{z4.ro_last}@{dom4}".lower())],
            "予約フォームのテストデータ",
            f"{co4}\n{z4.last}様\n\n健康推進課の{p3.last}です。\nフォームの入力例として、実際の相談記録を1件お送りします。\n\n氏名：{r7.full}\n病名：2型糖尿病、高血圧症\n処方：メトホルミン500mg 1日2回\n既往歴：脳梗塞（2021年）\n\n{p3.full}",
            charset="UTF-8",
            rules=["MG408"],
            incidents=[15, 11],
        )
    )


def risky_destinations() -> None:
    a, ea, _da, _ta, _org = staff(2)
    b, eb, db, _tb, _ = staff(5)
    add(
        Draft(
            "own-domain-typo",
            "risky",
            "city",
            ["confirm", "block"],
            "Internal mail with the city's own domain mistyped (example-ctiy.lg.jp): it leaves the office for a stranger's domain (#13).",
            (a.full, ea),
            [(b.full, eb.replace(CITY, "example-ctiy.lg.jp"))],
            "乳幼児健診の従事者名簿",
            f"{db} {b.last}さん\n\nこども家庭課の{a.last}です。\n1月の乳幼児健診の従事者について、確認をお願いします。\n\n{a.full}",
            charset="ISO-2022-JP",
            rules=["MG301"],
            incidents=[13],
        )
    )
    p, email, _dept, _tel, _ = staff(1)
    c = nxt()
    add(
        Draft(
            "partner-domain-typo",
            "risky",
            "city",
            ["confirm", "block"],
            "Mail to 東和システム at towa-sys-exmaple.co.jp, a transposition of the known towa-sys-example.co.jp (#13/#15).",
            (p.full, email),
            [(c.full, f"{c.ro_last}@towa-sys-exmaple.co.jp".lower())],
            "窓口予約システムの設定値",
            f"東和システム株式会社\n{c.last}様\n\n市民課の{p.last}です。\n本番環境の設定値の一覧を別途お送りしますので、受け取りのご連絡をお願いします。\n\n{p.full}",
            charset="Shift_JIS",
            rules=["MG301"],
            incidents=[13, 15],
        )
    )
    t, et, _dt, _tt, _torg = staff(1, True)
    r = nxt()
    add(
        Draft(
            "gmial-typo",
            "risky",
            "default",
            ["confirm", "block"],
            "Reply to a resident at 'gmial.com' (gmail.com mistyped): the mail goes to a stranger (#13).",
            (t.full, et),
            [(r.full, f"{ascii_box(r, 170)}@gmial.com")],
            "Re: 介護用品の支給",
            f"{r.full} 様\n\nあおば町福祉課の{t.last}です。\n介護用品の支給申請を受け付けました。1月分からお届けします。\n\n{t.full}",
            charset="ISO-2022-JP",
            rules=["MG301"],
            incidents=[13],
            reply=True,
        )
    )
    t2, et2, _, _, _ = staff(4, True)
    c2 = nxt()
    add(
        Draft(
            "town-partner-typo",
            "risky",
            "default",
            ["confirm", "block"],
            "The town's own domain mistyped as example-tonw.lg.jp in a colleague's address (#13).",
            (t2.full, et2),
            [(c2.full, f"somu-{c2.ro_last}@example-tonw.lg.jp".lower())],
            "出張旅費の精算",
            f"{c2.last}さん\n\n観光商工課の{t2.last}です。\n先週の出張旅費の精算書を回しますので、決裁をお願いします。\n\n{t2.full}",
            charset="UTF-8",
            rules=["MG301"],
            incidents=[13],
        )
    )
    s, es, _ds, _ts, _ = staff(7)
    add(
        Draft(
            "old-vendor",
            "risky",
            "city",
            ["block"],
            "Mail to the former maintenance vendor whose contract ended (policy blocked_recipients), picked from address autocomplete (#15).",
            (s.full, es),
            [("保守窓口", "support@old-vendor-example.co.jp")],
            "市民会館 音響設備の不具合",
            f"保守ご担当者様\n\n文化振興課の{s.last}です。\n市民会館大ホールの音響卓の不具合について、点検をお願いできますでしょうか。\n\n{s.full}",
            charset="ISO-2022-JP",
            rules=["MG104"],
            incidents=[15],
        )
    )


def risky_subject_and_attach() -> None:
    p, email, _dept, _tel, _ = staff(0)
    co, dom, _ = CONTRACTORS[2]
    z, r = nxt(), nxt()
    add(
        Draft(
            "third-name-subject",
            "risky",
            "city",
            ["confirm", "block"],
            f"Subject to the outside care contractor carries a resident's full name ({r.full}) where a case number or initials would do (#19).",
            (p.full, email),
            [(z.full, f"houkatsu@{dom}")],
            f"{r.full}様の訪問日程について",
            f"{co}\n{z.last}様\n\n高齢福祉課の{p.last}です。\n訪問日程について、12月14日（月）午前でお願いできますか。\n\n{p.full}",
            charset="ISO-2022-JP",
            rules=["MG410"],
            incidents=[19],
        )
    )
    t, et, _, _, _ = staff(1, True)
    r2 = nxt()
    add(
        Draft(
            "third-name-subject-town",
            "risky",
            "default",
            ["confirm", "block"],
            f"Subject of mail to an outside clinic names a resident ({r2.full}) (#19).",
            (t.full, et),
            [("あおばクリニック 受付", "uketsuke@aoba-clinic.example.or.jp")],
            f"【照会】{r2.full}さんの受診状況",
            "あおばクリニック\nご担当者様\n\nあおば町福祉課です。\n標記の件、先日お電話でお願いした照会の書面を明日郵送いたします。\n\nあおば町福祉課",
            charset="Shift_JIS",
            rules=["MG410"],
            incidents=[19],
        )
    )
    t3, et3, _, _, _ = staff(3, True)
    c = nxt()
    add(
        Draft(
            "forgotten-attachment",
            "risky",
            "default",
            ["confirm"],
            "Says '添付の見積依頼書をご確認ください' and attaches nothing (#11/#12: what should have been packed is missing).",
            (t3.full, et3),
            [(c.full, "info@sample-sokuryo.example.co.jp")],
            "見積依頼（校庭測量業務）",
            f"株式会社サンプル測量\n{c.last}様\n\nあおば町教育課の{t3.last}です。\n校庭の測量業務について、添付の見積依頼書をご確認のうえ、12月18日までにお見積りをお願いいたします。\n\n{t3.full}",
            charset="ISO-2022-JP",
            rules=["MG203"],
            incidents=[11, 12],
        )
    )


def legit_extra() -> None:
    """Shapes not covered above: a contractor's own invoice, reply-all threads, group syntax."""
    co, dom, cdept = CONTRACTORS[0]
    c = nxt()
    p, email, _dept, _tel, _org = staff(4)
    inv = make_pdf(
        [
            "請求書",
            "えがお市役所 企画政策課 御中",
            "請求番号 MP-2026-1187",
            "広報誌12月号 印刷製本一式",
            "合計 452,100円（税込）",
            co,
        ]
    )
    add(
        Draft(
            "contractor-invoice",
            "legitimate",
            "city",
            ["pass"],
            f"{co} sends its own invoice, addressed to the city division, to the city official in charge.",
            (f"{c.full}（{co}）", f"{c.ro_last}@{dom}"),
            [(p.full, email)],
            "【請求書送付】広報誌12月号 印刷製本",
            f"えがお市役所 企画政策課\n{p.last}様\n\nいつも大変お世話になっております。\n{co}の{c.last}でございます。\n\n広報誌12月号の請求書をお送りいたします。\nご査収のほど、よろしくお願い申し上げます。\n\n"
            + sig("eq", co, cdept, c.full, f"{c.ro_last}@{dom}", "03-6712-3300"),
            charset="ISO-2022-JP",
            attachments=[("請求書_MP-2026-1187.pdf", inv, PDF)],
        )
    )
    # reply-all: one contractor, two internal (one in Cc)
    a, ea, _da, _ta, _ = staff(1)
    b, eb, _, _, _ = staff(4)
    _co2, dom2, _ = CONTRACTORS[1]
    x = nxt()
    add(
        Draft(
            "reply-all-thread",
            "legitimate",
            "city",
            ["pass"],
            "Reply-all in a thread with one contractor in To and a colleague in Cc (one outside party: nobody exposed).",
            (a.full, ea),
            [(x.full, f"{x.ro_last}@{dom2}")],
            "Re: 窓口予約システム 本番切替の手順",
            f"{x.last}様\n（cc：企画政策課 {b.last}）\n\n市民課の{a.last}です。\n手順書の確認が終わりました。3ページ目の切戻し手順のみ、前日の18時までに実施可否を判断する形に修正をお願いします。\n\n{a.full}\n\n"
            + quote(
                "outlook_ja",
                x.full,
                f"{x.ro_last}@{dom2}",
                "2026年11月30日 16:05",
                "窓口予約システム 本番切替の手順",
                f"えがお市役所 市民課\n{a.last}様\n\n本番切替の手順書をお送りします。\n\n{x.full}",
                ea,
            ),
            charset="Shift_JIS",
            cc=[(b.full, eb)],
            reply=True,
        )
    )
    # undisclosed-recipients group syntax, town
    t, et, dt, tt, torg = staff(2, True)
    rs = [nxt() for _ in range(4)]
    add(
        Draft(
            "undisclosed-recipients",
            "legitimate",
            "default",
            ["pass"],
            "Disaster-drill notice to four neighbourhood associations, To 'undisclosed-recipients:;' and everyone in Bcc.",
            (t.full, et),
            [("", "undisclosed-recipients:;")],
            "地区防災訓練の実施について",
            "各自治会長 様\n\nあおば町総務課です。\n地区防災訓練を1月17日（日）9時から実施します。\n各自治会から2名の参加をお願いします。\n\n"
            + sig("bar", torg, dt, t.full, et, tt),
            charset="ISO-2022-JP",
            bcc=[
                (
                    f"{r.full}",
                    f"{ascii_box(r, 200 + k)}@{['yahoo.co.jp', 'gmail.com', 'docomo.ne.jp', 'example.com'][k]}",
                )
                for k, r in enumerate(rs)
            ],
        )
    )
    # English mail inside the office to the ALT
    q, eq, dq, tq, _ = staff(3)
    add(
        Draft(
            "internal-en-alt",
            "legitimate",
            "city",
            ["pass"],
            "English note to the city's assistant language teacher (internal address), 'Hi Mark,'.",
            (romaji(q).title(), eq),
            [("Mark Lewis", f"m-lewis@{CITY}")],
            "English speech contest judges",
            f"Hi Mark,\n\nThanks for agreeing to judge the junior high speech contest on January 23.\nWe will meet at 8:30 at Minami Junior High. Lunch is provided.\n\nBest,\n{q.ro_first.title()}",
            charset="UTF-8",
            lang="en",
        )
    )
    # Agenda PDF to school principals (trusted), Cc internal
    heads = [nxt() for _ in range(3)]
    agenda = make_pdf(["校長会 次第", "1 開会", "2 教育長あいさつ", "3 協議 冬季休業中の生活指導", "4 閉会"])
    add(
        Draft(
            "principals-agenda",
            "legitimate",
            "city",
            ["pass"],
            "Principals' meeting agenda PDF to three of the city's school principals (trusted), all in To on purpose.",
            (q.full, eq),
            [
                (f"{h.full} 校長", f"kocho@{s}.example-city.ed.jp")
                for h, s in zip(heads, ["higashi-es", "nishi-es", "chuo-jhs"], strict=True)
            ],
            "12月校長会の次第",
            "校長各位\n\n学務課です。12月校長会の次第を添付します。\n当日は教育センター2階にお集まりください。\n\n"
            + sig("dash", "えがお市教育委員会", dq, q.full, eq, tq),
            charset="ISO-2022-JP",
            attachments=[("12月校長会_次第.pdf", agenda, PDF)],
        )
    )
    # Resident asks, staff answers with a general phone number of a public consultation line
    t2, et2, dt2, tt2, torg2 = staff(1, True)
    r = nxt()
    ra = f"{ascii_box(r, 210)}@outlook.jp"
    add(
        Draft(
            "town-reply-hotline",
            "legitimate",
            "default",
            ["pass"],
            "Reply pointing a resident to the public consultation hotline and the town's welfare centre address (public contacts, not personal data).",
            (t2.full, et2),
            [(r.full, ra)],
            "Re: 夜間の相談窓口",
            f"{r.last}様\n\n福祉課の{t2.last}です。\n夜間や休日のご相談は「こころの相談ダイヤル」0120-555-210（24時間）をご利用ください。\n"
            "平日の日中は、あおば町福祉センター（あおば町中央1丁目1番地）でも面談を受け付けています。\n\n"
            + sig("dash", torg2, dt2, t2.full, et2, tt2)
            + "\n\n"
            + quote("gmail_ja", r.full, ra, "2026年11月29日(日) 23:10", "", "夜に相談できるところはありますか。"),
            charset="UTF-8",
            reply=True,
        )
    )


def build() -> None:
    legit_resident_replies()
    legit_resident_own_data()
    legit_english_resident()
    legit_contractors()
    legit_internal()
    legit_bcc_notices()
    legit_committee()
    legit_invoice_password_link()
    legit_english_partner()
    legit_misc()
    legit_more_replies()
    legit_extra()
    risky_visible()
    risky_addressee()
    risky_attachments()
    risky_personal()
    risky_destinations()
    risky_subject_and_attach()


CITY_POLICY_NOTE = "city cases use tests/holdout/city-policy.yaml (a copy of tests/eval/city-policy.yaml)"


def outputs() -> dict[str, bytes]:
    build()
    files: dict[str, bytes] = {}
    entries = []
    for n, d in enumerate(DRAFTS, 1):
        name = f"{'l' if d.kind == 'legitimate' else 'r'}{n:03d}-{d.slug}.eml"
        files[f"cases/{name}"] = render(d, n)
        entries.append(
            {
                "file": name,
                "kind": d.kind,
                "allowed": d.allowed,
                "rules": d.rules,
                "incidents": d.incidents,
                "policy": d.policy,
                "reason": d.reason,
                "format": d.fmt,
                "charset": d.charset,
                "lang": d.lang,
            }
        )
        if d.changed:
            entries[-1]["changed"] = d.changed
    head = (
        "# The held-out set: one entry per draft in cases/ (generated by scripts/make_holdout.py).\n"
        "# Written independently of tests/eval and of the rule code, before mailguard was run on it;\n"
        "# same schema as tests/eval/cases.yaml. Measured and reported, never asserted or tuned to.\n"
        f"# {CITY_POLICY_NOTE}.\n"
        "# An expectation may change only with a `changed:` note saying why the first one was wrong\n"
        "# (never to match the tool).\n"
    )
    files["cases.yaml"] = (head + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)).encode(
        "utf-8"
    )
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
