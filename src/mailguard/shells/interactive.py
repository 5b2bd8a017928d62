"""The confirmation dialog (#5): the sender ticks each external recipient, each attachment and
each confirm finding, one by one. There is no "tick all". Findings that need it (look-alike
domain, first contact) also ask for the domain to be typed back, like re-reading a fax
number. A block offers no way to send, unless the policy allows an override with a reason.

prompt_toolkit draws it in any terminal (80x24 is enough: the list scrolls); without a full
terminal it falls back to line prompts, where each item is confirmed by typing its name (the
address, the file name, the rule id), never by "y": `yes | mailguard check --interactive`
must not tick everything. Input that is not a terminal is refused outright: a pipe or a script
cannot confirm for a person (acknowledge by finding id with ``--ack`` instead, which is
recorded as such).
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from mailguard import catalogue
from mailguard.destinations.domains import normalise_domain
from mailguard.destinations.parties import PartyKind
from mailguard.findings import Severity, Verdict
from mailguard.policy import Policy
from mailguard.result import MessageResult

# Where the dialog's words come from: its own ``ui.dialog.*`` codes, and the report's for the
# labels both show (so "From" is "差出人" in the report and in the dialog alike).
_SHARED = {
    "from": "ui.from",
    "subject": "ui.subject",
    "recipients": "ui.recipients",
    "attachments": "ui.attachments",
    "internal": "ui.party.internal",
    "hidden": "ui.hidden",
}


@dataclass(frozen=True)
class Words:
    """The dialog's words in one language, from the message catalogue (issue 12): templates,
    formatted where they are shown (``words["left"].format(n=3)``)."""

    lang: str

    def __getitem__(self, key: str) -> str:
        return catalogue.template(self.lang, _SHARED.get(key, f"ui.dialog.{key}"))


@dataclass
class Item:
    """One line of the dialog: tickable (external recipient, attachment, confirm finding)
    or shown only (internal recipient, Bcc note, block finding)."""

    text: str
    tickable: bool
    style: str = ""
    ticked: bool = False
    domain: str = ""
    address: str = ""
    # What the line prompt asks to be typed back ("what_address" / "what_file" / "what_rule").
    answer: str = ""
    asks: str = ""


@dataclass
class Outcome:
    decision: str  # confirmed | cancelled | overridden | blocked
    reason: str = ""


@dataclass
class Dialog:
    result: MessageResult
    policy: Policy
    lang: str
    header: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def words(self) -> Words:
        return Words(self.lang)

    @property
    def blocking(self) -> bool:
        return self.result.verdict is Verdict.BLOCK


def build(result: MessageResult, policy: Policy, lang: str) -> Dialog:
    """What the sender must re-read, in the order a careful clerk reads it."""
    dialog = Dialog(result, policy, lang)
    words = dialog.words
    draft = result.draft
    assert draft is not None
    dialog.header = [
        words["title_block"] if dialog.blocking else words["title_confirm"],
        f"{words['from']}: {draft.sender.display() if draft.sender else '-'}",
        f"{words['subject']}: {draft.subject or '-'}",
        f"{words['body']}: " + " / ".join(line.strip() for line in draft.body.splitlines() if line.strip())[:150],
    ]
    dialog.items.append(Item(f"-- {words['recipients']} --", False, "class:section"))
    for party in result.parties:
        for recipient in party.members:
            hidden = f"  ({words['hidden']})" if not recipient.field.visible else ""
            name = f"  {recipient.name}" if recipient.name and recipient.name != recipient.address else ""
            where = words["internal"] if party.kind is PartyKind.INTERNAL else party.label
            line = f"{recipient.field.label:<3} {recipient.address}{name}  [{where}]{hidden}"
            external = party.kind is not PartyKind.INTERNAL
            tickable = external and not dialog.blocking
            style = "class:external" if external else "class:internal"
            dialog.items.append(Item(line, tickable, style, answer=recipient.address, asks="what_address"))
    if draft.attachments:
        dialog.items.append(Item(f"-- {words['attachments']} --", False, "class:section"))
        for attachment in draft.attachments:
            size = words["size"].format(size=attachment.size)
            line = f"{attachment.filename}  {attachment.media_type}  {size}"
            dialog.items.append(Item(line, not dialog.blocking, answer=attachment.filename, asks="what_file"))
    dialog.items.append(Item(f"-- {words['findings']} --", False, "class:section"))
    for finding in result.findings:
        if finding.severity is Severity.INFO:
            continue
        mark = "X" if finding.severity is Severity.BLOCK else "!"
        text = f"{mark} {finding.rule} {finding.message.get(lang)}  -> {finding.fix.get(lang)}"
        tickable = finding.severity is Severity.CONFIRM and not dialog.blocking
        address = finding.subjects[0] if finding.rule in policy.type_domain_for and finding.subjects else ""
        domain = normalise_domain(address.rpartition("@")[2]) if "@" in address else ""
        dialog.items.append(
            Item(
                text,
                tickable,
                "class:block" if not tickable else "",
                domain=domain,
                address=address,
                answer=finding.rule,
                asks="what_rule",
            )
        )
    return dialog


def asker(lang: str) -> Callable[[MessageResult, Policy], tuple[str, str]]:
    """The dialog as :class:`~mailguard.decisions.DecisionInputs` asks for it: the core
    decides, the shell asks the person (decisions never import a shell)."""

    def ask(result: MessageResult, policy: Policy) -> tuple[str, str]:
        outcome = run(build(result, policy, lang))
        return outcome.decision, outcome.reason

    return ask


def full_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") not in ("", "dumb")


def run(
    dialog: Dialog,
    *,
    ask_line: Callable[[str], str] = input,
    out: TextIO = sys.stdout,
    terminal: bool | None = None,
) -> Outcome:
    """Show the dialog; returns what the person decided. ``terminal`` (default: is standard
    input a terminal?) is False for a pipe or a file: nothing is asked and nothing confirmed."""
    if not (sys.stdin.isatty() if terminal is None else terminal):
        out.write(dialog.words["no_terminal"] + "\n")
        return Outcome("blocked" if dialog.blocking else "cancelled")
    ticked = _checklist(dialog) if full_terminal() else _line_prompts(dialog, ask_line, out)
    if dialog.blocking:
        return _block(dialog, ask_line if not full_terminal() else _prompt, out)
    if not ticked:
        return Outcome("cancelled")
    asker = ask_line if not full_terminal() else _prompt
    for item in dialog.items:
        if item.domain:
            typed = asker(dialog.words["type"].format(address=item.address))
            if normalise_domain(typed.strip()) != item.domain:
                out.write(dialog.words["wrong"] + "\n")
                return Outcome("cancelled")
    return _countdown(dialog, out)


def _prompt(text: str) -> str:
    from prompt_toolkit import prompt

    return str(prompt(text))


def _block(dialog: Dialog, ask: Callable[[str], str], out: TextIO) -> Outcome:
    """A block is sent only with a written reason, where the policy allows it, and never when
    a finding needs a second person's approval (``approval.required_for``, or a personal-data
    or destination rule that did not finish in time)."""
    from mailguard.decisions import needs_approval

    required = dialog.policy.approval_required_for
    if any(needs_approval(f, required) for f in dialog.result.findings):
        out.write(dialog.words["needs_approval"] + "\n")
        return Outcome("blocked")
    if not dialog.policy.allow_override:
        out.write(dialog.words["title_block"] + "\n")
        return Outcome("blocked")
    reason = ask(dialog.words["override"]).strip()
    return Outcome("overridden", reason) if reason else Outcome("cancelled")


def _countdown(dialog: Dialog, out: TextIO) -> Outcome:
    """The last seconds before sending, which Ctrl-C (or Esc, q, n) cancels.

    The keys are read from the terminal itself, not left to SIGINT: a process started with
    SIGINT ignored (a background job of a script, some mail clients' hooks) keeps it ignored,
    and the person's Ctrl-C would then be echoed and the mail sent anyway."""
    try:
        with _cancel_keys() as cancelled:
            for remaining in range(dialog.policy.countdown_seconds, 0, -1):
                out.write("\r" + dialog.words["countdown"].format(n=remaining) + "   ")
                out.flush()
                if cancelled(1.0):
                    out.write("\n")
                    return Outcome("cancelled")
    except KeyboardInterrupt:
        out.write("\n")
        return Outcome("cancelled")
    if dialog.policy.countdown_seconds:
        out.write("\n")
    return Outcome("confirmed")


# Ctrl-C, Esc, q, n: what cancels the countdown when it is read as keys.
_CANCEL_KEYS = frozenset(b"\x03\x1bqQnN")


@contextmanager
def _cancel_keys() -> Iterator[Callable[[float], bool]]:
    """A function that waits up to N seconds and says whether a cancelling key was pressed.

    On a terminal, for the countdown's length, keys arrive one by one and Ctrl-C arrives as
    a key (no echo, no signal), then the terminal's settings are restored. Elsewhere (no
    terminal, no termios) it sleeps, and Ctrl-C is the KeyboardInterrupt it always was."""
    try:
        import termios

        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd) if os.isatty(fd) else None
    except (ImportError, OSError, ValueError):
        before = None
    if before is None:
        yield _slept
        return
    keys = termios.tcgetattr(fd)
    keys[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG)
    keys[6][termios.VMIN], keys[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, keys)
    try:
        yield lambda seconds: _key_pressed(fd, seconds)
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


def _slept(seconds: float) -> bool:
    """No terminal to read: wait, and let Ctrl-C be the KeyboardInterrupt it always was."""
    time.sleep(seconds)
    return False


def _key_pressed(fd: int, seconds: float) -> bool:
    """Whether a cancelling key arrives on ``fd`` within ``seconds`` (other keys are read and
    ignored: a stray Enter neither sends early nor cancels)."""
    import select

    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            return False
        typed = os.read(fd, 64)
        if not typed or _CANCEL_KEYS.intersection(typed):
            return True  # (end of input: nobody is there to wait for; cancel)
    return False


def _typed_back(typed: str, expected: str) -> bool:
    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).casefold().split())

    return bool(key(typed)) and key(typed) == key(expected)


def _line_prompts(dialog: Dialog, ask: Callable[[str], str], out: TextIO) -> bool:
    """Plain terminals: every tickable item is confirmed by typing its name back (the
    address, the file name, the rule id), so each answer needs that item read."""
    for line in dialog.header:
        out.write(line + "\n")
    for item in dialog.items:
        out.write(("    " if not item.tickable else "[ ] ") + item.text + "\n")
    if dialog.blocking:
        return False
    for item in dialog.items:
        if not item.tickable:
            continue
        out.write(item.text + "\n")
        what = dialog.words[item.asks or "what_rule"].format(rule=item.answer)
        try:
            answer = ask(dialog.words["ask"].format(what=what))
        except (EOFError, KeyboardInterrupt):
            return False
        if not _typed_back(answer, item.answer):
            if answer.strip():
                out.write(dialog.words["mismatch"] + "\n")
            return False
        item.ticked = True
    return True


def _checklist(dialog: Dialog) -> bool:
    """The full-screen checklist: arrows move, space ticks one item, Enter accepts only when
    every item is ticked, Esc or Ctrl-C cancels."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.data_structures import Point
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.styles import Style

    tickable = [i for i, item in enumerate(dialog.items) if item.tickable]
    state: dict[str, Any] = {"cursor": 0, "status": ""}

    def lines() -> StyleAndTextTuples:
        fragments: StyleAndTextTuples = []
        for index, item in enumerate(dialog.items):
            current = tickable and tickable[state["cursor"]] == index
            box = ("[x] " if item.ticked else "[ ] ") if item.tickable else "    "
            style = ("reverse " if current else "") + item.style
            fragments.append((style, box + item.text + "\n"))
        return fragments

    def cursor() -> Point:
        row = tickable[state["cursor"]] if tickable else 0
        return Point(x=0, y=row)

    keys = KeyBindings()

    @keys.add("up")
    @keys.add("k")
    def _up(event: Any) -> None:
        state["cursor"] = max(0, state["cursor"] - 1)

    @keys.add("down")
    @keys.add("j")
    def _down(event: Any) -> None:
        state["cursor"] = min(len(tickable) - 1, state["cursor"] + 1) if tickable else 0

    @keys.add("space")
    def _tick(event: Any) -> None:
        if tickable:
            item = dialog.items[tickable[state["cursor"]]]
            item.ticked = not item.ticked
            state["status"] = ""

    @keys.add("enter")
    def _accept(event: Any) -> None:
        if dialog.blocking:
            event.app.exit(result=False)
            return
        left = sum(1 for i in tickable if not dialog.items[i].ticked)
        if left:
            state["status"] = dialog.words["left"].format(n=left)
            return
        event.app.exit(result=True)

    @keys.add("escape", eager=True)
    @keys.add("c-c")
    def _cancel(event: Any) -> None:
        event.app.exit(result=False)

    def heading() -> StyleAndTextTuples:
        return [("class:title", dialog.header[0] + "\n"), *(("", h + "\n") for h in dialog.header[1:])]

    def status_line() -> StyleAndTextTuples:
        text = (state["status"] or dialog.words["blocked"]) if dialog.blocking else state["status"]
        return [("class:status", text)]

    header = FormattedTextControl(heading)
    body = FormattedTextControl(lines, get_cursor_position=cursor, focusable=True, show_cursor=False)
    status = FormattedTextControl(status_line)
    layout = Layout(
        HSplit(
            [
                Window(header, height=len(dialog.header), wrap_lines=False),
                Window(body, wrap_lines=True),
                Window(status, height=1),
            ]
        )
    )
    style = Style.from_dict(
        {
            "title": "bold",
            "section": "bold",
            "internal": "#888888",
            "external": "bold",
            "block": "#ff5555 bold",
            "status": "reverse",
        }
    )
    app: Application[bool] = Application(
        layout=layout, key_bindings=keys, full_screen=True, style=style, mouse_support=False
    )
    return bool(app.run())
