"""The command line: a thin click shell over the library (read -> check -> format)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

import click

from mailguard import __version__
from mailguard.errors import MailguardError, ReasonedError
from mailguard.findings import Reason
from mailguard.findings import reason as because  # `approve` has a --reason
from mailguard.result import EXIT_UNREADABLE

if TYPE_CHECKING:
    from mailguard.formatters.batch_output import Manifest
    from mailguard.policy import Policy
    from mailguard.result import MessageResult
    from mailguard.shells.sources import Source

EXIT_STATUS_HELP = """\b
Exit status (with several files the worst wins):
  0  pass       nothing needs a person's attention
  1  confirm    a person must look before sending
  3  block      do not send as it is; the finding says what to change
  2  usage error (bad option or argument)
  4  an input or policy file that cannot be read, or output that cannot be written
"""

FORMAT_CHOICES = ("text", "json", "sarif")
BATCH_FORMATS = ("text", "json", "jsonl", "sarif")
TEMPLATE_FORMAT_CHOICES = ("text", "json", "sarif", "junit", "github")


def _policy(policy_path: Path | None) -> Policy:
    """The policy named, else the one found from the working directory up; with the
    fingerprint secret resolved here (the core reads no environment)."""
    from mailguard.policy import find_policy, load_policy
    from mailguard.shells.userdata import with_secret

    return with_secret(load_policy(policy_path if policy_path is not None else find_policy(Path.cwd())))


def _with_output_options(policy: Policy, show_personal_data: bool) -> Policy:
    from dataclasses import replace

    return replace(policy, show_personal_data=True) if show_personal_data else policy


def _lang(lang: str | None, policy: Policy | None) -> str:
    import os

    from mailguard.policy import default_lang

    chosen = lang or default_lang(policy, os.environ)
    _CHOSEN["lang"] = chosen
    return chosen


# The language of this invocation, for the one line that ends it: --lang as soon as click has
# read it, then what the policy chose (:func:`_lang`); before either, the locale.
_CHOSEN: dict[str, str] = {}


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        _CHOSEN["lang"] = value
    return value


def _error_lang() -> str:
    import os

    from mailguard.policy import default_lang

    return _CHOSEN.get("lang") or default_lang(None, os.environ)


def _fail(message: str | Reason, code: int = EXIT_UNREADABLE) -> None:
    """The one line that ends the command (in its language), and the exit status."""
    from mailguard.catalogue import words

    lang = _error_lang()
    text = message if isinstance(message, str) else message.get(lang)
    with contextlib.suppress(OSError):  # stderr closed too (`2>&1 | head`): the status still says it
        click.echo(f"mailguard: {words(lang, 'ui.error')}: {text}", err=True)
    sys.exit(code)


def _note(source: str, why: str | None) -> None:
    """One message's line on stderr: why it could not be checked (already in words)."""
    click.echo(f"mailguard: {source}: {why}", err=True)


# Options every command shares, declared once.
policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Policy YAML (default: mailguard.yaml here or in a parent, else the shipped default).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["en", "ja"]),
    default=None,
    callback=_remember_lang,
    help="Language of messages (default: policy, then locale).",
)
show_personal_data_option = click.option(
    "--show-personal-data",
    is_flag=True,
    default=False,
    help="Machine outputs (json, jsonl, sarif, manifest) show subjects, file names and display names unmasked"
    " (recorded in them).",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write the report here instead of standard output.",
)


class OutputClosed(ReasonedError):
    """Whoever read our output went away (``| head``): not a verdict, so not status 1."""

    def __init__(self, why: Reason | None = None) -> None:
        super().__init__(why or because("error.cli.output_closed"))


class _Commands(click.Group):
    """The commands; ``gateway`` (aiosmtpd, asyncio, the console) is imported only when it is
    asked for: every ``mailguard check`` would otherwise pay for it at start."""

    LAZY: ClassVar[dict[str, str]] = {"gateway": "mailguard.shells.gateway.cli"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY and name not in self.commands:
            import importlib

            self.add_command(getattr(importlib.import_module(self.LAZY[name]), name))
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        # Click would swallow the broken pipe and exit 1, which here means "confirm".
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise OutputClosed() from error


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUS_HELP)
@click.version_option(__version__, prog_name="mailguard")
def cli() -> None:
    """Check an email before it is sent: pass, confirm or block."""


@cli.command(epilog=EXIT_STATUS_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@policy_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_CHOICES),
    default="text",
    show_default=True,
    help="Output format.",
)
@lang_option
@output_option
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="Open the confirmation dialog (default: the policy's interactive.auto on a terminal).",
)
@click.option("--ack", "acks", multiple=True, metavar="FINDING-ID", help="Acknowledge a confirm finding by its id.")
@click.option(
    "--ack-file",
    "ack_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="File of finding ids to acknowledge (one a line, or a JSON list).",
)
@click.option(
    "--approval",
    "approval_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A second person's approval (default: DRAFT.approval.json when present).",
)
@click.option("--user", default=None, help="Who is sending (default: MAILGUARD_USER, else the login name).")
@show_personal_data_option
def check(
    files: tuple[Path, ...],
    policy_path: Path | None,
    output_format: str,
    lang: str | None,
    output: TextIO,
    interactive: bool | None,
    acks: tuple[str, ...],
    ack_files: tuple[Path, ...],
    approval_path: Path | None,
    user: str | None,
    show_personal_data: bool,
) -> None:
    """Check draft messages (.eml or Outlook .msg; - reads standard input).

    The format is decided by the file's content, not its name.
    """
    from mailguard.formatters import render
    from mailguard.result import RunResult

    policy = _with_output_options(_policy(policy_path), show_personal_data)
    results = _check_files(files, policy)
    language = _lang(lang, policy)
    results = _decide(results, policy, acks, ack_files, approval_path, user, interactive, language)
    run = RunResult(policy.source, tuple(results), show_personal_data=policy.show_personal_data)
    for message in run.messages:
        if message.error:
            _note(message.source, message.error_words(language))
    render(output_format, run, output, language)
    sys.exit(run.exit_code)


def _check_files(files: tuple[Path, ...], policy: Policy) -> list[MessageResult]:
    """The drafts checked in order by one child process, each bounded from outside (C calls
    included); standard input is read here with the same hard cap as files (an endless pipe
    costs bounded memory)."""
    from mailguard.engine import check_all_isolated, unreadable
    from mailguard.errors import InputError
    from mailguard.readers import read_capped

    inputs: list[tuple[str, bytes | None]] = []
    refused: dict[int, MessageResult] = {}
    for position, path in enumerate(files):
        if str(path) != "-":
            inputs.append((str(path), None))
            continue
        try:
            inputs.append(("-", read_capped(sys.stdin.buffer, "-", policy.limits.max_input_bytes)))
        except InputError as error:
            refused[position] = unreadable("-", error)
    checked = check_all_isolated(inputs, policy)
    return [refused[position] if position in refused else next(checked) for position in range(len(files))]


def _decide(
    results: list[MessageResult],
    policy: Policy,
    acks: tuple[str, ...],
    ack_files: tuple[Path, ...],
    approval: Path | None,
    user: str | None,
    interactive: bool | None,
    lang: str,
) -> list[MessageResult]:
    """Acknowledgements, approvals and the dialog turn a confirm into a decision."""
    if interactive is None and policy.interactive_auto:
        from mailguard.shells.interactive import full_terminal

        interactive = full_terminal()
    if not (acks or ack_files or interactive or policy.approval_required_for or approval):
        return results
    from mailguard.decisions import DecisionInputs, decide, held_public_keys, read_acknowledgements
    from mailguard.shells import interactive as dialog
    from mailguard.shells.userdata import current_user, keys_dir

    inputs = DecisionInputs(
        frozenset(read_acknowledgements(acks, ack_files)),
        approval,
        current_user(user),
        dialog.asker(lang) if interactive else None,
        held_public_keys(keys_dir()),
    )
    decided = []
    for result in results:
        notes: list[Reason] = []
        decided.append(decide(result, policy, inputs, notes))
        for note in notes:
            _note(result.source, note.get(lang))
    return decided


@cli.command(epilog=EXIT_STATUS_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--targets",
    "targets_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Approved target list (CSV: email, optionally name and id).",
)
@policy_option
@click.option("--format", "output_format", type=click.Choice(BATCH_FORMATS), default="text", show_default=True)
@lang_option
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write a manifest when the run ends: each source, recipients, verdict, both digests; tool, policy, times.",
)
@output_option
@show_personal_data_option
def batch(
    paths: tuple[str, ...],
    targets_path: Path | None,
    policy_path: Path | None,
    output_format: str,
    lang: str | None,
    jobs: int | None,
    manifest: Path | None,
    output: TextIO,
    show_personal_data: bool,
) -> None:
    """Check a merge run: files, directories, mbox files, Maildir folders, or mailmerge's
    dry-run transcript (--output-format raw); then the checks across messages."""
    from mailguard.formatters.batch_output import WRITERS
    from mailguard.result import Report
    from mailguard.shells.batch import load_targets
    from mailguard.shells.runner import run_batch
    from mailguard.shells.sources import Skip, list_sources

    policy = _with_output_options(_policy(policy_path), show_personal_data)
    language = _lang(lang, policy)
    targets = load_targets(targets_path, policy.limits.max_input_bytes) if targets_path else None
    stdin_items = _stdin_items(policy) if "-" in paths else []
    files = [p for p in paths if p != "-"]

    def sources() -> Iterator[Source | tuple[str, bytes]]:
        yield from list_sources(files, skip)
        yield from stdin_items

    skip = Skip.of(manifest)  # a run never reads its own manifest
    writer = WRITERS[output_format](output, language)
    progress = _Progress(sources)
    recorder = _manifest(manifest, policy)

    def on_message(report: Report) -> None:
        writer.message(report)
        if recorder:
            recorder.message(report)
        if report.error:
            _note(report.source, report.error_words(language))
        progress.update(1)

    try:
        result = run_batch(sources, policy, targets, jobs, language, on_message)
        progress.finish()
        writer.finish(result)
    except BaseException:
        if recorder:
            recorder.abort()
        raise
    if recorder:
        recorder.finish(result)
    sys.exit(result.exit_code)


def _stdin_items(policy: Policy) -> list[Source | tuple[str, bytes]]:
    """Standard input for ``batch -``: one message or a mailmerge transcript, read with the
    hard cap of one message (a longer transcript is given as a file, which is scanned line by
    line); an input over the cap is an error of the run, never a shorter run."""
    from mailguard.errors import InputError
    from mailguard.readers import read_capped
    from mailguard.shells.sources import Source, split_transcript

    try:
        data = read_capped(sys.stdin.buffer, "-", policy.limits.max_input_bytes)
    except InputError as error:
        return [Source("skipped", "-", why=error.reason)]
    return [*(split_transcript(data, "-") or [("-", data)])]


def _manifest(path: Path | None, policy: Policy) -> Manifest | None:
    from mailguard.formatters.batch_output import Manifest

    if path is None:
        return None
    try:
        return Manifest(path, policy)
    except OSError as error:
        _fail(because("error.sourced", source=str(path), problem=_unwritable("error.cli.manifest", error)))
        return None


class _Progress:
    """A progress bar on a terminal (stderr); silent when stderr is not a TTY."""

    def __init__(self, listing: Callable[[], Iterable[object]]) -> None:
        self.bar = None
        if not sys.stderr.isatty():
            return
        total = sum(1 for _ in listing())
        if total > 1:
            self.bar = click.progressbar(length=total, file=sys.stderr, label="checking")
            self.bar.__enter__()

    def update(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command(epilog=EXIT_STATUS_HELP)
@click.argument("templates", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data",
    "data_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Sample rows (CSV): each is rendered and checked by every rule.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Render at most this many rows.")
@policy_option
@click.option(
    "--format", "output_format", type=click.Choice(TEMPLATE_FORMAT_CHOICES), default="text", show_default=True
)
@lang_option
@output_option
def template(
    templates: tuple[Path, ...],
    data_path: Path | None,
    limit: int | None,
    policy_path: Path | None,
    output_format: str,
    lang: str | None,
    output: TextIO,
) -> None:
    """Check newsletter and mail-merge templates (mailmerge format or .eml with Jinja2).

    Static checks run on the template; with --data each row is rendered (strict undefined
    variables) and checked like a real message.
    """
    from mailguard.formatters.template_output import TEMPLATE_FORMATS
    from mailguard.shells.template_run import check_template

    policy = _policy(policy_path)
    language = _lang(lang, policy)
    results = [check_template(path, policy, data_path, limit) for path in templates]
    for result in results:
        if result.error:
            _note(result.source, result.error_words(language))
    TEMPLATE_FORMATS[output_format](results, output, language, policy.source)
    sys.exit(max((r.exit_code for r in results), default=0))


@cli.command(epilog=EXIT_STATUS_HELP)
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Your private key (`mailguard keys new NAME` wrote it); its public key must be listed in the policy.",
)
@click.option("--reason", default="", help="Why you approve (signed and recorded).")
@policy_option
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the approval (default: DRAFT.approval.json).",
)
@lang_option
def approve(
    draft: Path, key_path: Path, reason: str, policy_path: Path | None, out_path: Path | None, lang: str | None
) -> None:
    """A second person approves a draft: the same dialog, then an Ed25519 signature over the
    message identity, its finding ids, your name, the time and the reason."""
    from mailguard.decisions import (
        append_audit,
        audit_entry,
        default_approval_path,
        load_private_key,
        public_key_of,
        sender_of,
        sign_approval,
    )
    from mailguard.engine import check_path
    from mailguard.findings import Severity
    from mailguard.shells import interactive as dialog

    policy = _policy(policy_path)
    language = _lang(lang, policy)
    key = load_private_key(key_path)
    public = public_key_of(key)
    approver = next((a for a in policy.approvers if a.public_key == public), None)
    if approver is None:
        _fail(
            because(
                "error.sourced", source=str(key_path), problem=because("error.cli.key_not_listed", policy=policy.source)
            )
        )
        return
    result = check_path(draft, policy, isolated=True)
    if result.error_reason is not None:
        _fail(because("error.sourced", source=str(draft), problem=result.error_reason))
    if result.verdict.label == "block":
        _note(str(draft), because("error.cli.blocked_approval").get(language))
        sys.exit(3)
    if sender_of(result, "").addresses & set(approver.addresses):
        _fail(
            because("error.sourced", source=str(draft), problem=because("error.cli.own_message", name=approver.name)), 1
        )
    if result.verdict.label == "confirm":
        outcome = dialog.run(dialog.build(result, policy, language))
        if outcome.decision != "confirmed":
            append_audit(policy.audit_log, audit_entry(result, "approval-cancelled", approver.name, policy=policy))
            click.echo(f"mailguard: {because('error.cli.approval_cancelled').get(language)}", err=True)
            sys.exit(1)
    ids = [f.id for f in result.findings if f.severity is Severity.CONFIRM]
    approval = sign_approval(result.digest or "", ids, key, approver.name, reason=reason)
    target = out_path or default_approval_path(str(draft))
    target.write_text(approval.to_json(), encoding="utf-8")
    append_audit(policy.audit_log, audit_entry(result, "approved", approver.name, reason, policy))
    click.echo(because("ui.approval_written", name=approver.name, path=str(target)).get(language))


@cli.group()
def keys() -> None:
    """Approvers' signing keys (Ed25519)."""


@keys.command("new")
@click.argument("name")
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the private key (default: NAME.key in your mailguard config directory).",
)
@click.option("--address", "addresses", multiple=True, help="Your own mail address (repeat for several).")
def keys_new(name: str, out_path: Path | None, addresses: tuple[str, ...]) -> None:
    """Make a key pair: the private key goes to a file only you can read (mode 0600); the
    public line printed goes under approval.approvers in the policy."""
    import json

    from mailguard.decisions import new_key
    from mailguard.shells.userdata import keys_dir, write_private

    if not name.strip() or "/" in name or "\\" in name:
        _fail(because("error.sourced", source=repr(name), problem=because("error.cli.key_name")), 2)
    target = out_path or keys_dir() / f"{name}.key"
    pem, public = new_key()
    try:
        write_private(target, pem)
    except FileExistsError:
        _fail(because("error.sourced", source=str(target), problem=because("error.cli.key_exists")))
    except OSError as error:
        _fail(because("error.sourced", source=str(target), problem=_unwritable("error.cli.key_unwritable", error)))
    target.with_suffix(".pub").write_text(public + "\n", encoding="utf-8")
    click.echo(f"private key written to {target} (keep it to yourself)", err=True)
    entry = json.dumps({"key": public, "addresses": list(addresses)}, ensure_ascii=False)
    click.echo(f"{json.dumps(name, ensure_ascii=False)}: {entry}")


@cli.group()
def audit() -> None:
    """The audit log of decisions."""


@audit.command("verify")
@click.argument("log", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--head", default=None, help="A head hash printed earlier: it must still be in the chain.")
def audit_verify(log: Path, head: str | None) -> None:
    """Check the hash chain: finds an edited, inserted or deleted line (exit 3), prints the
    head hash to keep elsewhere (the newest line is protected only by that)."""
    from mailguard.decisions import verify_audit

    report = verify_audit(log)
    problems = list(report.problems)
    if head and head not in report.hashes:
        problems.append(f"the head {head[:16]}… is no longer in the log (lines were removed or changed)")
    for problem in problems:
        click.echo(f"mailguard: {log}: {problem}", err=True)
    state = "BROKEN" if problems else "intact"
    click.echo(f"{log}: {report.entries} record(s), chain {state}; head {report.head}")
    sys.exit(3 if problems else 0)


@cli.command("rules")
@lang_option
def list_rules(lang: str | None) -> None:
    """List every rule: id, name, default severity, incidents."""
    from mailguard.rules import registry

    language = _lang(lang, None)
    for rule in registry().values():
        incidents = " ".join(f"#{n}" for n in rule.incidents) or "-"
        state = "" if rule.enabled_by_default else "  (off by default)"
        click.echo(
            f"{rule.id}  {rule.name:<28} {rule.default_severity.label:<8} {incidents:<14} "
            f"{rule.summary.get(language)}{state}"
        )


@cli.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print the documentation of a rule (by id, e.g. MG101, or by name)."""
    from mailguard.rules import lookup

    rule = lookup(rule_id)
    if rule is None:
        _fail(because("error.cli.unknown_rule", rule=repr(rule_id)), 2)
        return
    click.echo(f"# {rule.id} {rule.name}\n")
    click.echo(rule.documentation())


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "-o", "--output", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True)
)
@click.option("--to", "to", type=click.Choice(["sender", "undisclosed"]), default="sender", show_default=True)
def fix(draft: Path, out_path: Path, to: str) -> None:
    """Move the visible recipients of an .eml draft to Bcc (To: the sender, Cc removed): the
    rewrite the gateway applies on "release with Bcc"."""
    from mailguard.shells.gateway.rewrite import fix_file

    fix_file(draft, out_path, to)


def main() -> None:
    """Entry point: every ending is a documented exit status and at most one line, never a
    traceback; Ctrl-C is 130 and a closed output 4 (click alone would make both status 1,
    which here means "confirm")."""
    try:
        status = cli.main(prog_name="mailguard", standalone_mode=False)
    except click.ClickException as error:  # usage errors: click's message and status 2
        error.show()
        sys.exit(error.exit_code if isinstance(error, click.UsageError) else EXIT_UNREADABLE)
    except OutputClosed as error:
        _quiet_stdout()
        _fail(error.get(_error_lang()), error.exit_code)
    except MailguardError as error:
        _fail(error.get(_error_lang()), error.exit_code)
    except (KeyboardInterrupt, click.Abort):
        _fail(because("error.cli.interrupted"), 130)
    except Exception as error:
        _fail(because("error.cli.internal", kind=type(error).__name__))
    sys.exit(status if isinstance(status, int) else 0)


def _unwritable(code: str, error: OSError) -> Reason:
    return because(code, detail=error.strerror or type(error).__name__)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
