"""Realistic replies and forwards, Japanese and English, with each line's expected segment.

Each line of a sample starts with a tag naming the segment it belongs to: ``S|`` salutation,
``N|`` the sender's new text, ``G|`` a signature, ``Q|`` quoted, ``F|`` forwarded; blank lines
carry no tag. Used by ``tests/test_segments.py`` and by ``scripts/measure_reply_parsers.py``,
which measures reply-parsing libraries on the same mail.
"""

from __future__ import annotations

from dataclasses import dataclass

TAGS = {"S": "salutation", "N": "new", "G": "signature", "Q": "quoted", "F": "forwarded"}


@dataclass(frozen=True)
class Sample:
    name: str
    language: str
    tagged: str
    author: str | None = None  # the address of the first quoted/forwarded author
    recipients: tuple[str, ...] = ()  # the first quoted/forwarded header's To/Cc

    @property
    def body(self) -> str:
        return "\n".join(line[2:] if line[1:2] == "|" else line for line in self.tagged.strip("\n").split("\n")) + "\n"

    @property
    def expected(self) -> list[tuple[str, str]]:
        """(kind, line) for every non-blank line."""
        return [
            (TAGS[line[0]], line[2:])
            for line in self.tagged.strip("\n").split("\n")
            if line[1:2] == "|" and line[2:].strip()
        ]


SIGDASH = "-- "  # RFC 3676: dash, dash, space

SIGNATURE_JA = """\
G|━━━━━━━━━━━━━━━━━━━━
G|みどり市 市民生活部 市民課 住民記録係
G|佐藤 一郎
G|〒100-0005 東京都千代田区丸の内1-1-1
G|TEL 03-5555-0123 / FAX 03-5555-0124
G|E-mail: shimin@city.midori.lg.jp
G|━━━━━━━━━━━━━━━━━━━━"""

SAMPLES = (
    Sample(
        "ja-outlook-original-message",
        "ja",
        f"""
S|山田 花子 様

N|いつもお世話になっております。みどり市市民課の佐藤です。
N|お問い合わせの住民票の写しの請求について、郵送でも受け付けております。
N|申請書を同封のうえ、下記までお送りください。
N|よろしくお願いいたします。

{SIGNATURE_JA}

Q|-----Original Message-----
Q|From: 山田 花子 <hanako.yamada@gmail.com>
Q|Sent: Monday, November 30, 2026 10:15 AM
Q|To: shimin@city.midori.lg.jp
Q|Subject: 住民票の請求について
Q|
Q|市民課 御中
Q|住民票の写しを郵送で請求できますか。
Q|山田 花子
Q|090-1234-5678
""",
        author="hanako.yamada@gmail.com",
        recipients=("shimin@city.midori.lg.jp",),
    ),
    Sample(
        "ja-outlook-japanese-header",
        "ja",
        f"""
S|株式会社サンプル 営業部
S|田中 一郎 様

N|お世話になっております。見積書を確認いたしました。
N|来週の打合せでご説明をお願いします。

{SIGNATURE_JA}

Q|________________________________
Q|差出人: 田中 一郎 <tanaka@sample-corp.co.jp>
Q|送信日時: 2026年11月30日 10:15
Q|宛先: 市民課 <shimin@city.midori.lg.jp>
Q|CC: 鈴木 <suzuki@sample-corp.co.jp>
Q|件名: お見積りの件
Q|
Q|みどり市 市民課 佐藤様
Q|お見積書を添付いたします。
G|株式会社サンプル 営業部 田中
""",
        author="tanaka@sample-corp.co.jp",
        recipients=("shimin@city.midori.lg.jp", "suzuki@sample-corp.co.jp"),
    ),
    Sample(
        "ja-gmail-attribution",
        "ja",
        """
S|森様

N|ご連絡ありがとうございます。11日の10時で承知しました。

Q|2026年11月30日(月) 10:15 森 健一 <mori@example.co.jp>:
Q|> 佐藤様
Q|>
Q|> 打合せは12月11日10時からでいかがでしょうか。
Q|> 森
""",
        author="mori@example.co.jp",
    ),
    Sample(
        "ja-apple-attribution",
        "ja",
        """
S|森様

N|資料を拝見しました。修正版をお待ちしております。

Q|2026/11/30 10:15、森 健一 <mori@example.co.jp>のメール:
Q|
Q|> 資料の案をお送りします。
Q|> ご確認ください。
""",
        author="mori@example.co.jp",
    ),
    Sample(
        "ja-thunderbird-san-wa-kakimashita",
        "ja",
        """
N|承知しました。明日までに回答します。

Q|森 健一 さんは書きました:
Q|> 回答期限は明日です。
""",
    ),
    Sample(
        "ja-zenkaku-quote-interleaved",
        "ja",
        """
S|鈴木さん

N|ご質問に回答します。

Q|＞ 会場は何階ですか。
N|3階の大会議室です。
Q|＞ 駐車場はありますか。
N|ございません。公共交通機関をご利用ください。

G|--
G|市民課 佐藤
G|内線 1234
""",
    ),
    Sample(
        "ja-gmail-forward",
        "ja",
        """
S|子育て支援課 各位

N|市民の方から以下の問い合わせがありました。ご対応をお願いします。

F|---------- Forwarded message ---------
F|From: 山田 花子 <hanako.yamada@gmail.com>
F|Date: 2026年11月30日(月) 10:15
F|Subject: 保育園の申込みについて
F|To: <shimin@city.midori.lg.jp>
F|
F|保育園の申込み期限を教えてください。
F|山田 花子
""",
        author="hanako.yamada@gmail.com",
        recipients=("shimin@city.midori.lg.jp",),
    ),
    Sample(
        "ja-thunderbird-forward",
        "ja",
        """
N|ご参考までに転送します。

F|-------- 転送メッセージ --------
F|件名: 研修のご案内
F|日付: Mon, 30 Nov 2026 10:15:00 +0900
F|差出人: 研修センター <kenshu@example.or.jp>
F|宛先: shimin@city.midori.lg.jp
F|
F|研修の日程をお知らせします。
""",
        author="kenshu@example.or.jp",
        recipients=("shimin@city.midori.lg.jp",),
    ),
    Sample(
        "ja-apple-forward",
        "ja",
        """
N|転送します。

F|転送されたメッセージ:
F|
F|差出人: 森 健一 <mori@example.co.jp>
F|件名: 日程
F|日付: 2026年11月30日 10:15:00 JST
F|宛先: 佐藤 <sato@city.midori.lg.jp>
F|
F|日程案です。
""",
        author="mori@example.co.jp",
        recipients=("sato@city.midori.lg.jp",),
    ),
    Sample(
        "ja-signature-without-rule",
        "ja",
        """
S|山田様

N|申請書を受理しました。
N|審査結果は後日お知らせいたします。

G|みどり市 福祉部 福祉課
G|佐藤 一郎
G|TEL 03-5555-0150
G|E-mail: fukushi@city.midori.lg.jp
""",
    ),
    Sample(
        "ja-signature-equals-and-asterisks",
        "ja",
        """
S|関係者各位

N|会議の議事録を共有します。

G|＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
G|みどり市 総務課 文書係
G|内線 2201 / 直通 03-5555-0201
G|＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
""",
    ),
    Sample(
        "ja-nested-outlook",
        "ja",
        f"""
S|課長
N|下記の件、ご確認をお願いします。

{SIGNATURE_JA}

Q|-----Original Message-----
Q|差出人: 森 健一 <mori@example.co.jp>
Q|送信日時: 2026年11月30日 10:15
Q|宛先: 佐藤 <sato@city.midori.lg.jp>
Q|件名: RE: 契約の件
Q|
Q|承知しました。
Q|
Q|-----Original Message-----
Q|差出人: 佐藤 <sato@city.midori.lg.jp>
Q|送信日時: 2026年11月29日 9:00
Q|宛先: 森 健一 <mori@example.co.jp>
Q|件名: 契約の件
Q|
Q|契約書案をお送りします。
""",
        author="mori@example.co.jp",
        recipients=("sato@city.midori.lg.jp",),
    ),
    Sample(
        "ja-salutation-in-first-line",
        "ja",
        """
S|中川様、
N|いつもお世話になっております。会場の件、承知しました。
""",
    ),
    Sample(
        "ja-body-rule-is-not-a-signature",
        "ja",
        f"""
S|各区保健センター所長 様

N|健康まつりの開催についてお知らせします。
N|━━━━ 開催概要 ━━━━
N|日時：12月5日（土）10時～15時
N|会場：みどり市民会館 大ホール
N|━━━━━━━━━━━━
N|当日は受付にお越しください。

{SIGNATURE_JA}
""",
    ),
    Sample(
        "en-gmail-attribution",
        "en",
        """
S|Hi John,

N|Thanks, Tuesday works for me.

G|Best regards,
G|Ichiro Sato
G|Midori City Office

Q|On Mon, Nov 30, 2026 at 10:15 AM John Smith <john.smith@example.com> wrote:
Q|> Could we meet on Tuesday?
Q|>
Q|> John
""",
        author="john.smith@example.com",
    ),
    Sample(
        "en-gmail-wrapped-attribution",
        "en",
        """
N|Sounds good.

Q|On Mon, Nov 30, 2026 at 10:15 AM John Smith <
Q|john.smith@example.com> wrote:
Q|> Shall we move the call?
""",
        author="john.smith@example.com",
    ),
    Sample(
        "en-outlook-header-block",
        "en",
        """
S|Dear Ms. Brown,

N|Please find our answer below.

G|Kind regards,
G|Ichiro Sato
G|International Relations Division, Midori City

Q|From: Alice Brown <alice.brown@example.org>
Q|Sent: Monday, November 30, 2026 10:15 AM
Q|To: Sato Ichiro <sato@city.midori.lg.jp>
Q|Cc: Bob <bob@example.org>
Q|Subject: Visit in December
Q|
Q|Dear Mr. Sato,
Q|We would like to visit in December.
""",
        author="alice.brown@example.org",
        recipients=("sato@city.midori.lg.jp", "bob@example.org"),
    ),
    Sample(
        "en-apple-forward",
        "en",
        """
N|FYI.

F|Begin forwarded message:
F|
F|From: Alice Brown <alice.brown@example.org>
F|Subject: Visit in December
F|Date: November 30, 2026 at 10:15:00 GMT+9
F|To: Ichiro Sato <sato@city.midori.lg.jp>
F|
F|We would like to visit in December.
""",
        author="alice.brown@example.org",
        recipients=("sato@city.midori.lg.jp",),
    ),
    Sample(
        "en-sigdash",
        "en",
        f"""
S|Hello team,

N|The minutes are on the shared drive.

G|{SIGDASH}
G|Ichiro Sato
G|Midori City
""",
    ),
    Sample(
        "en-original-message",
        "en",
        """
N|Approved.

Q|-----Original Message-----
Q|From: Bob <bob@example.org>
Q|Sent: Monday, November 30, 2026 10:15 AM
Q|To: Ichiro Sato
Q|Subject: Approval
Q|
Q|Please approve the attached plan.
""",
        author="bob@example.org",
    ),
    Sample(
        "en-interleaved",
        "en",
        """
N|Answers inline.

Q|On 30/11/2026 10:15, Alice Brown wrote:
Q|> Is the venue accessible?
N|Yes, there is a lift.
Q|> Is there parking?
N|No, please come by train.
""",
    ),
    Sample(
        "en-thunderbird-forward",
        "en",
        """
N|See below.

F|-------- Forwarded Message --------
F|Subject: Training
F|Date: Mon, 30 Nov 2026 10:15:00 +0900
F|From: Training Centre <training@example.or.jp>
F|To: sato@city.midori.lg.jp
F|
F|The schedule is attached.
""",
        author="training@example.or.jp",
        recipients=("sato@city.midori.lg.jp",),
    ),
    Sample(
        "ja-new-text-contact-stays-new",
        "ja",
        """
S|株式会社ケアサポート
S|ご担当者様

N|下記の方の訪問をお願いします。
N|連絡先
N|山田 太郎
N|090-1234-5678

G|みどり市 福祉課
G|TEL 03-5555-0150
""",
    ),
    Sample(
        "ja-mobile-signature-en-dash",
        "ja",
        """
S|森様

N|本日はありがとうございました。

G|──────────────
G|株式会社サンプル 技術部
G|鈴木 次郎
G|携帯 080-9876-5432
G|──────────────
""",
    ),
    Sample(
        "ja-data-just-above-a-one-line-signature",
        "ja",
        """
S|鈴木 一郎 様

N|ご依頼の件、登録内容を確認しました。
N|携帯電話：080-2345-6789
N|引落口座：普通 7654321
N|カード番号：5555 5555 5555 4444

G|Example City 市民課
""",
    ),
)
