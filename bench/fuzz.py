#!/usr/bin/env python3
"""Bad-input fuzzer for capzflow: mutated workflow files against `validate` and `run`.

    python3 bench/fuzz.py --seed 1 --cases 2000 --bin .build/debug/capzflow

Every workflow in workflows/ and every file in bench/fuzz-corpus/ is a base. Each case picks a
base (half the time one that validates) and applies one to four mutations: byte flips, inserted
and deleted bytes, line deletions, duplications and swaps, indentation changes, key renames,
type swaps between list, scalar and mapping, huge numbers, unicode, YAML specials, splices from
another base, long lines, line endings, truncation, and gentler ones that keep a file valid more
often (other durations, comments, copied steps). It then runs `capzflow validate FILE`, and
`capzflow run FILE --state TMP/db.sqlite` when the mutant may run. It asserts:

- no crash: no death by a signal, no exit code outside 0, 1, 2, 3, 4, 130;
- no hang: every command ends within its time (a run still going after --run-timeout gets
  SIGINT, as Ctrl-C would, and must then exit within --grace);
- every rejection (`validate` exit 2) is a `capzflow:` message naming the file and a line
  (`FILE:LINE:`) or a field (`FILE: steps[0].id: ...`), or saying what is wrong with the whole
  file (empty, not UTF-8, too large);
- `run` refuses what `validate` refuses (a differently worded refusal is listed, not counted).

The summary line counts cases, accepted and rejected files, crashes, hangs, bad messages (then
grouped by what they say: one defect usually fails many cases), and how the runs ended.

Safety. A mutant may say anything, so no mutant's command text is ever run:

- `run` is tried only on mutants of *neutralised* bases: every `run`, `until`, `ready`,
  `check` and `generate` command replaced by `true`, `requires` removed, the names PATH,
  LD_, BASH_ENV and CAPZFLOW_ spelled differently;
- the runs get a `bash` of this fuzzer's own first on PATH, which runs nothing: it prints a
  value for `generate`, writes the declared outputs, refuses to launch services, and exits 0
  (capzflow-guard and the service launcher find bash through PATH);
- a mutant that mentions PATH, LD_, BASH_ENV or CAPZFLOW_ (it could point a step at the real
  bash) is only validated, never run;
- everything happens in a temporary folder that is removed at the end (keep it with --keep).

The same --seed gives the same cases; --case K replays case K alone. Exit status 0 when every
assertion held, 1 otherwise; failing cases are saved under the temporary folder and listed.
Python 3 standard library only.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ALLOWED_EXITS = {0, 1, 2, 3, 4, 130}
COMMAND_KEYS = ("run", "until", "ready", "check", "generate")
DANGEROUS = (b"PATH", b"LD_", b"BASH_ENV", b"CAPZFLOW_")

# Keys of the format (and near misses) for key renames.
KEYS = [
    "version", "name", "description", "params", "env", "requires", "secrets", "defaults", "steps",
    "id", "needs", "run", "wait", "service", "await", "check", "timeout", "idle_timeout", "retry",
    "outputs", "until", "interval", "fail_on", "ready", "ready_timeout", "attempts", "backoff",
    "factor", "max_backoff", "on", "except_exit_codes", "if_output", "default", "generate",
    "required", "allowed", "aliases", "commands", "tiemout", "Steps", "ID", "run ", "needs[0]",
    "<<", "?", "-", "&x", "*x", "!!str", "x" * 300,
]

SCALARS = [
    "~", "null", "true", "false", "yes", "no", "0", "-1", "1.5", "1e309", ".inf", "-.nan", "0x1F", "0o17",
    "1_000", '""', "''", '"\\u0000"', '"\\x00\\t"', "'quoted: colon'", "|", ">-", "!!binary aGk=", "!!int x",
    "!tag value", "&anchor value", "*alias", "@reserved", "`backtick", "%percent", "- item", "? key",
    "10ms", "0s", "1h30m", "2d", "500", "9223372036854775807", "18446744073709551616",
    "99999999999999999999999999d", "1.0", "v1",
]

COLLECTIONS = ["[]", "{}", "[a, b]", "[1, 2, 3]", "{a: 1}", "{run: 'true'}", "[[[]]]", "[{id: x}]",
               "{? complex : key}", "[*a, *a]", "{<<: {a: 1}}"]

HUGE_NUMBERS = [
    "0", "-1", "-0", "1", "255", "256", "65536", "2147483647", "2147483648", "4294967296",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
    "99999999999999999999999999999999999999", "1e308", "1e309", "-1e309", "0.000001", ".inf", ".nan",
    "0x7fffffffffffffff", "0o777777777777777777777777", "1_000_000", "+1", "00001", "1.", "1e3",
]

DURATION_UNITS = ["ms", "s", "m", "h", "d", "", "us", "y", " s", "S"]

UNICODE = [
    "\u200b", "\u200d", "\u202e", "\ufeff", "\u2028", "\u2029", "\u0085", "\u00a0", "\u3000", "\u0000",
    "\u0001", "\u001b[31m", "\u007f", "\t", "\r", "\r\n", "\u0301", "é", "ß", "İ", "ﬁ", "😀", "👩‍👩‍👧",
    "\U0010ffff", "\ufffd", "：", "－", "\uff1a", "\u2014", "\u05d0", "\u0627\u0644", "\u4e2d\u6587",
    "\udcff",  # a lone surrogate: written as the invalid bytes it stands for
]

YAML_SPECIALS = [
    "---", "...", "--- !!map", "%YAML 1.1", "%YAML 9.9", "%TAG ! tag:example.com,2000:", "<<: *base",
    "&a x: 1", "*a : 1", "? [a, b]\n: c", "!!omap [a: 1]", "!!set {a, b}", "#comment", "- - - x",
    "a: &a [*a]", "a: 'unterminated", 'a: "unterminated', "a: [unterminated", "a: {unterminated",
    "a: |", "a: >", "a: |-\n  x", "\"key\": \"value\"", "{a: b}: c", "[a]: b", "? |\n  block key\n: v",
]


# --- safety ---------------------------------------------------------------------------------

FAKE_BASH = r"""
# Stands in for bash while bench/fuzz.py runs mutated workflows: no script text is ever run.
# capzflow-guard runs `bash -euo pipefail -c SCRIPT`; a generator's script starts with
# `exec 2>/dev/null`; the service launcher passes `capzflow-launch`.
last=""
for arg in "$@"; do
  case "$arg" in capzflow-launch) echo "fuzz: services are not launched" >&2; exit 1 ;; esac
  last=$arg
done
case "$last" in
  "exec 2>/dev/null"*) echo fuzz-value; exit 0 ;;
esac
if [ -n "${CAPZFLOW_OUTPUT:-}" ] && [ "$CAPZFLOW_OUTPUT" != /dev/null ]; then
  for name in $FUZZ_OUTPUTS; do echo "$name=fuzz" >> "$CAPZFLOW_OUTPUT"; done
fi
echo "fuzz: a step ran nothing"
exit 0
"""


def neutralise(text):
    """The text with every command replaced by `true`, `requires` dropped, and the names that
    could steer a step to a real program spelled differently. Line-based: a key's block value
    is every following line indented deeper than the key."""
    lines = text.split("\n")
    out = []
    skip_deeper_than = None
    key_line = re.compile(r"^(\s*)(-\s+)?(" + "|".join(COMMAND_KEYS) + r")(\s*):(\s*)(.*)$")
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper_than is not None:
            if line.strip() == "" or indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if re.match(r"^requires\s*:", line):
            skip_deeper_than = 0
            continue
        match = key_line.match(line)
        if match and not match.group(6).startswith(("{", "[")):
            lead, dash, key = match.group(1), match.group(2) or "", match.group(3)
            out.append(f'{lead}{dash}{key}: "true"')
            skip_deeper_than = len(lead) + len(dash)
            continue
        out.append(line)
    result = "\n".join(out)
    # Flow mappings such as `service: { run: x, ready: y }`.
    result = re.sub(r"\b(" + "|".join(COMMAND_KEYS) + r")\s*:\s*(\"[^\"]*\"|'[^']*'|[^,}\]\n]+)",
                    lambda m: f'{m.group(1)}: "true"', result)
    for name, other in ((b"PATH", b"P_TH"), (b"LD_", b"L_D"), (b"BASH_ENV", b"BASH-ENV"), (b"CAPZFLOW_", b"CAPZFLOW-")):
        result = result.replace(name.decode(), other.decode())
    return result


def may_run(data):
    return not any(token in data for token in DANGEROUS)


# --- mutations ------------------------------------------------------------------------------

def as_text(data):
    return data.decode("utf-8", "surrogateescape")


def as_bytes(text):
    return text.encode("utf-8", "surrogateescape")


def pick_line(rng, lines):
    return rng.randrange(len(lines)) if lines else 0


def m_byte_flip(rng, data, bases):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def m_byte_insert(rng, data, bases):
    where = rng.randint(0, len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return data[:where] + junk + data[where:]


def m_byte_delete(rng, data, bases):
    if not data:
        return data
    where = rng.randrange(len(data))
    return data[:where] + data[where + rng.randint(1, 16):]


def m_line_delete(rng, data, bases):
    lines = as_text(data).split("\n")
    if len(lines) > 1:
        start = pick_line(rng, lines)
        del lines[start:start + rng.choice([1, 1, 1, 2, 3, 8])]
    return as_bytes("\n".join(lines))


def m_line_duplicate(rng, data, bases):
    lines = as_text(data).split("\n")
    index = pick_line(rng, lines)
    count = rng.choice([1, 1, 2, 3])
    block = lines[index:index + count]
    lines[index:index] = block * rng.choice([1, 1, 2, 50])
    return as_bytes("\n".join(lines))


def m_line_swap(rng, data, bases):
    lines = as_text(data).split("\n")
    if len(lines) > 1:
        a, b = pick_line(rng, lines), pick_line(rng, lines)
        lines[a], lines[b] = lines[b], lines[a]
    return as_bytes("\n".join(lines))


def m_indent(rng, data, bases):
    lines = as_text(data).split("\n")
    index = pick_line(rng, lines)
    count = rng.choice([1, 1, 1, 3, 10])
    change = rng.choice([-4, -2, -1, 1, 2, 4, "tab", "zero"])
    for i in range(index, min(index + count, len(lines))):
        line = lines[i]
        body = line.lstrip(" ")
        depth = len(line) - len(body)
        if change == "tab":
            lines[i] = "\t" + line
        elif change == "zero":
            lines[i] = body
        else:
            lines[i] = " " * max(0, depth + change) + body
    return as_bytes("\n".join(lines))


KEY_PATTERN = re.compile(r"(?m)^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(\s*:)")


def typo(rng, word):
    if not word:
        return "x"
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz_-") + word[i:]
    if kind == 2 and len(word) > 1:
        j = min(i + 1, len(word) - 1)
        chars = list(word)
        chars[i], chars[j] = chars[j], chars[i]
        return "".join(chars)
    return word.upper()


def m_key_rename(rng, data, bases):
    text = as_text(data)
    keys = list(KEY_PATTERN.finditer(text))
    if not keys:
        return data
    match = rng.choice(keys)
    choice = rng.random()
    if choice < 0.5:
        new = rng.choice(KEYS)
    elif choice < 0.8:
        new = typo(rng, match.group(2))
    else:
        new = match.group(2) + rng.choice(UNICODE[:20])
    return as_bytes(text[:match.start(2)] + new + text[match.end(2):])


VALUE_PATTERN = re.compile(r"(?m)^(\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:)([ \t]*)(.*)$")


def m_type_swap(rng, data, bases):
    text = as_text(data)
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if VALUE_PATTERN.match(line)]
    list_items = [i for i, line in enumerate(lines) if re.match(r"^\s*- ", line)]
    if not candidates:
        return data
    roll = rng.random()
    if roll < 0.15 and list_items:
        # A list item becomes a mapping entry or a bare scalar.
        i = rng.choice(list_items)
        lines[i] = re.sub(r"^(\s*)- ", lambda m: m.group(1) + rng.choice(["", "  ", "key: "]), lines[i], count=1)
        return as_bytes("\n".join(lines))
    i = rng.choice(candidates)
    match = VALUE_PATTERN.match(lines[i])
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    if roll < 0.3:
        # A block (the following deeper lines) becomes a scalar, or a scalar becomes a block.
        j = i + 1
        while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip(" ")) > indent):
            j += 1
        if j > i + 1:
            lines[i:j] = [match.group(1) + " " + rng.choice(SCALARS + COLLECTIONS)]
        else:
            child = " " * (indent + 2)
            lines[i:i + 1] = [match.group(1)] + rng.choice([
                [child + "- " + match.group(3)], [child + "value: " + match.group(3)], [child + "- a", child + "- b"],
                [child + match.group(3)],
            ])
    else:
        lines[i] = match.group(1) + " " + rng.choice(SCALARS + COLLECTIONS)
    return as_bytes("\n".join(lines))


def m_huge_number(rng, data, bases):
    text = as_text(data)
    numbers = list(re.finditer(r"\d+", text))
    if not numbers:
        return data
    match = rng.choice(numbers)
    new = rng.choice(HUGE_NUMBERS)
    after = text[match.end():match.end() + 2]
    if after[:1].isalpha() or rng.random() < 0.2:
        new = new + rng.choice(DURATION_UNITS)
    return as_bytes(text[:match.start()] + new + text[match.end():])


def m_unicode(rng, data, bases):
    text = as_text(data)
    where = rng.randint(0, len(text))
    piece = rng.choice(UNICODE) * rng.choice([1, 1, 1, 3, 100])
    return as_bytes(text[:where] + piece + text[where:])


def m_yaml_special(rng, data, bases):
    lines = as_text(data).split("\n")
    index = rng.randint(0, len(lines))
    special = rng.choice(YAML_SPECIALS)
    if rng.random() < 0.5 and index < len(lines):
        indent = len(lines[index]) - len(lines[index].lstrip(" "))
        special = " " * indent + special
    lines[index:index] = special.split("\n")
    return as_bytes("\n".join(lines))


def m_splice(rng, data, bases):
    other = as_text(rng.choice(bases)).split("\n")
    lines = as_text(data).split("\n")
    start = rng.randrange(len(other))
    block = other[start:start + rng.randint(1, 12)]
    where = rng.randint(0, len(lines))
    lines[where:where] = block
    return as_bytes("\n".join(lines))


def m_long_line(rng, data, bases):
    lines = as_text(data).split("\n")
    where = rng.randint(0, len(lines))
    size = rng.choice([4096, 65536, 300_000, 900_000])
    filler = rng.choice(["x", "a b ", "[", "{", "é", "- ", ": "])
    line = rng.choice(["description: ", "  - id: ", "name: ", "    run: ", ""]) + (filler * size)[:size]
    lines[where:where] = [line]
    return as_bytes("\n".join(lines))


def m_truncate(rng, data, bases):
    return data[:rng.randint(0, len(data))] if data else data


def m_line_endings(rng, data, bases):
    return rng.choice([data.replace(b"\n", b"\r\n"), data.replace(b"\n", b"\r"), data.replace(b"\n", b"\n\n"),
                       b"\xef\xbb\xbf" + data, data + b"\x00", data.rstrip(b"\n")])


def m_duration(rng, data, bases):
    """A duration replaced by another valid one: mostly short, so runs get to their end."""
    text = as_text(data)
    found = list(re.finditer(r"\b\d+(ms|s|m|h|d)\b", text))
    if not found:
        return data
    match = rng.choice(found)
    new = rng.choice(["1ms", "10ms", "100ms", "1s", "2s", "1m", "1h", "99999d", "0ms", "1h1m1s1ms"])
    return as_bytes(text[:match.start()] + new + text[match.end():])


def m_comment(rng, data, bases):
    """Text YAML ignores: a comment, a blank line, trailing spaces."""
    lines = as_text(data).split("\n")
    index = rng.randint(0, len(lines))
    lines[index:index] = [rng.choice(["# a comment", "", "   ", "#", "# --- not a document", "  # indented: comment"])]
    if lines and rng.random() < 0.3:
        i = pick_line(rng, lines)
        lines[i] = lines[i] + rng.choice(["  ", "\t", " # trailing"])
    return as_bytes("\n".join(lines))


def m_step_copy(rng, data, bases):
    """A step copied, with a new id (or the same one), somewhere in the list."""
    lines = as_text(data).split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*- id:", line)]
    if not starts:
        return data
    start = rng.choice(starts)
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    end = start + 1
    while end < len(lines) and (lines[end].strip() == "" or len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
        end += 1
    block = lines[start:end]
    if rng.random() < 0.8:
        block = [re.sub(r"- id:\s*(\S+)", lambda m: f"- id: {m.group(1)}-copy{rng.randrange(100)}", block[0], count=1)] + block[1:]
    where = rng.choice(starts + [end])
    lines[where:where] = block
    return as_bytes("\n".join(lines))


MUTATIONS = [
    (m_byte_flip, 3), (m_byte_insert, 2), (m_byte_delete, 2), (m_line_delete, 4), (m_line_duplicate, 3),
    (m_line_swap, 2), (m_indent, 4), (m_key_rename, 5), (m_type_swap, 5), (m_huge_number, 4), (m_unicode, 3),
    (m_yaml_special, 2), (m_splice, 2), (m_long_line, 1), (m_truncate, 2), (m_line_endings, 1),
    (m_duration, 4), (m_comment, 3), (m_step_copy, 3),
]


def mutate(rng, data, bases):
    names = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        function = rng.choices([m for m, _ in MUTATIONS], weights=[w for _, w in MUTATIONS])[0]
        data = function(rng, data, bases)
        names.append(function.__name__[2:])
    return data, names


# --- bases ----------------------------------------------------------------------------------

@dataclass
class Base:
    name: str
    data: bytes
    runnable: bool  # neutralised: its mutants may run


def load_bases():
    bases = []
    sources = sorted((REPO / "workflows").glob("*.yaml")) + sorted((REPO / "bench" / "fuzz-corpus").iterdir())
    for path in sources:
        if not path.is_file():
            continue
        data = path.read_bytes()
        label = str(path.relative_to(REPO))
        bases.append(Base(label, data, False))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        neutral = as_bytes(neutralise(text))
        if may_run(neutral):
            bases.append(Base(label + " (neutralised)", neutral, True))
    return bases


def output_names(bases):
    names = set()
    for base in bases:
        for match in re.finditer(rb"outputs\s*:\s*\[([^\]]*)\]", base.data):
            names.update(n.strip().decode("utf-8", "replace") for n in match.group(1).split(b","))
    return " ".join(sorted(n for n in names if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n)))


# --- running --------------------------------------------------------------------------------

@dataclass
class Outcome:
    code: int | None  # None: hung
    stdout: str
    stderr: str
    interrupted: bool = False


def run_command(argv, cwd, env, limit, grace=None):
    """Runs argv in its own session. With `grace`, a command still running after `limit` gets
    SIGINT (Ctrl-C) and must end within `grace`; without it, or after it, it is a hang: the
    session this fuzzer created is killed."""
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    interrupted = False
    try:
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        out = err = b""
        if grace is not None:
            interrupted = True
            process.send_signal(signal.SIGINT)
            try:
                out, err = process.communicate(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            return Outcome(None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), interrupted)
    return Outcome(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), interrupted)


FIELD = r"[A-Za-z_][\w-]*(?:\[\d+\]|\.[^\s:\[]+)*"
WHOLE_FILE = ("the file is empty", "it is not UTF-8", "a workflow file may be at most", "it is a folder")


def message_problem(stderr, shown, line_count):
    """Why a rejection's message falls short, or None when it names the file and a line, a
    field, or what is wrong with the whole file."""
    text = stderr.strip()
    if not text.startswith("capzflow: "):
        return "does not start with 'capzflow: '"
    first = text.split("\n")[0]
    if shown not in first:
        return "does not name the file"
    rest = first[first.index(shown) + len(shown):]
    located = re.match(r":(\d+): ", rest)
    if located:
        line = int(located.group(1))
        return None if 1 <= line <= line_count + 1 else f"names line {line} of a {line_count}-line file"
    if re.match(r": " + FIELD + r": ", rest) and not rest.startswith(": not valid YAML"):
        return None
    if any(reason in first for reason in WHOLE_FILE):
        return None
    return "names neither a line nor a field"


@dataclass
class Result:
    index: int
    base: str
    mutations: list
    verdict: str  # accepted or rejected
    failures: list = field(default_factory=list)
    ran: str | None = None  # how the run ended
    mismatch: str | None = None
    leftovers: int = 0
    saved: str | None = None


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.binary = str(Path(args.bin).resolve())
        self.bases = load_bases()
        self.runnable = [b for b in self.bases if b.runnable]
        self.root = Path(tempfile.mkdtemp(prefix="capzflow-fuzz-"))
        self.fake_bin = self.root / "bin"
        self.fake_bin.mkdir()
        shell = shutil.which("sh")
        (self.fake_bin / "bash").write_text(f"#!{shell}\n" + FAKE_BASH.lstrip("\n"))
        (self.fake_bin / "bash").chmod(0o755)
        self.outputs = output_names(self.bases)
        # Mutants of valid files get further into the parser and into the engine; half the
        # cases start from one.
        self.valid = [b for b in self.bases if self.validates(b)]

    def validates(self, base):
        folder = self.root / "bases"
        folder.mkdir(exist_ok=True)
        path = folder / "base.yaml"
        path.write_bytes(base.data)
        return run_command([self.binary, "validate", str(path)], folder, self.environment(folder, "bases"),
                           self.args.timeout).code == 0

    def environment(self, folder, case):
        return {
            "PATH": f"{self.fake_bin}:{os.environ.get('PATH', '')}",
            "HOME": str(folder), "WORK": str(folder), "LANG": "C.UTF-8", "NO_COLOR": "1",
            "FUZZ_OUTPUTS": self.outputs, "FUZZ_CASE": f"{self.root}/{case}",
        }

    def make_case(self, index):
        rng = random.Random(f"capzflow-fuzz/{self.args.seed}/{index}")
        roll = rng.random()
        if roll < 0.5:
            base = rng.choice([b for b in self.valid if b.runnable] if roll < 0.35 else self.valid)
        else:
            base = rng.choice(self.runnable) if roll < 0.8 else rng.choice(self.bases)
        pool = [b.data for b in (self.runnable if base.runnable else self.bases)]
        data, names = mutate(rng, base.data, pool)
        # Some file names need quoting, so the messages must show them as given.
        name = rng.choice(["w.yaml"] * 8 + ["with space.yaml", "ünï-cödé.yaml", "-dash.yaml", "x.yml"])
        return base, data, names, name

    def run_case(self, index):
        base, data, names, name = self.make_case(index)
        folder = self.root / f"case-{index}"
        folder.mkdir()
        (folder / name).write_bytes(data)
        shown = name if not name.startswith("-") else "./" + name
        env = self.environment(folder, index)
        result = Result(index, base.name, names, "rejected")
        # YAML breaks lines at CR LF, CR, LF, NEL, LS and PS alike; so do the lines it reports.
        line_count = len(re.findall(rb"\r\n|\r|\n|\xc2\x85|\xe2\x80[\xa8\xa9]", data)) + 1

        validate = run_command([self.binary, "validate", shown], folder, env, self.args.timeout)
        self.check_exit("validate", validate, {0, 2}, result)
        if validate.code == 0:
            result.verdict = "accepted"
        elif validate.code == 2:
            problem = message_problem(validate.stderr, shown, line_count)
            if problem:
                result.failures.append(("bad message", f"validate: {problem}: {validate.stderr.strip()[:300]}"))

        if base.runnable and may_run(data):
            state = folder / "state" / "db.sqlite"
            run = run_command([self.binary, "run", shown, "--state", str(state)], folder, env,
                              self.args.run_timeout, grace=self.args.grace)
            self.check_exit("run", run, ALLOWED_EXITS, result)
            result.ran = {0: "succeeded", 1: "failed", 2: "refused", 130: "interrupted"}.get(run.code, str(run.code))
            if validate.code == 2 and run.code != 2:
                result.failures.append(("mismatch", f"validate refused but run exited {run.code}: {validate.stderr.strip()[:200]}"))
            elif validate.code == 2 and run.stderr.strip().split("\n")[0] != validate.stderr.strip().split("\n")[0]:
                result.mismatch = f"run said {run.stderr.strip()[:150]!r}, validate {validate.stderr.strip()[:150]!r}"
            elif validate.code == 0 and run.code == 2 and not run.stderr.startswith("capzflow: "):
                result.failures.append(("bad message", f"run: {run.stderr.strip()[:300]}"))
            if state.exists():
                history = run_command([self.binary, "history", "--json", "--state", str(state)], folder, env, self.args.timeout)
                self.check_exit("history", history, {0}, result)
            result.leftovers = self.end_leftovers(index)

        if result.failures:
            result.saved = str(folder / name)
        else:
            shutil.rmtree(folder, ignore_errors=True)
        return result

    def check_exit(self, what, outcome, allowed, result):
        if outcome.code is None:
            result.failures.append(("hang", f"{what} did not end{' after SIGINT' if outcome.interrupted else ''}"))
        elif outcome.code < 0:
            result.failures.append(("crash", f"{what} killed by signal {-outcome.code}: {outcome.stderr.strip()[-300:]}"))
        elif outcome.code not in allowed or re.search(r"Fatal error|Stack dump|Illegal instruction|Segmentation", outcome.stderr):
            kind = "crash" if outcome.code not in ALLOWED_EXITS or "Fatal error" in outcome.stderr else "bad exit"
            result.failures.append((kind, f"{what} exited {outcome.code}: {outcome.stderr.strip()[-300:]}"))

    def end_leftovers(self, index):
        """Kills processes this case started that outlived its runner (none should), found by
        the FUZZ_CASE marker only this fuzzer sets, and counts them."""
        marker = f"FUZZ_CASE={self.root}/{index}".encode()
        found = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    if marker in handle.read().split(b"\0"):
                        os.kill(int(entry), signal.SIGKILL)
                        found += 1
            except (OSError, ProcessLookupError):
                continue
        return found

    def cleanup(self):
        if self.args.keep:
            print(f"fuzz: kept {self.root}")
        else:
            failures = [p for p in self.root.iterdir() if p.name.startswith("case-")]
            if failures:
                print(f"fuzz: failing cases kept under {self.root}")
                shutil.rmtree(self.fake_bin, ignore_errors=True)
            else:
                shutil.rmtree(self.root, ignore_errors=True)


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--bin", required=True, help="the capzflow executable (capzflow-guard beside it)")
    parser.add_argument("--case", type=int, help="replay this one case")
    parser.add_argument("--jobs", type=int, default=2, help="cases at once (default 2)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds a validate may take")
    parser.add_argument("--run-timeout", type=float, default=8, help="seconds before a run gets SIGINT")
    parser.add_argument("--grace", type=float, default=20, help="seconds a run may take to stop after SIGINT")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        parser.error(f"{args.bin} is not an executable; build capzflow first (swift build)")

    # SIGTERM ends the fuzzer like Ctrl-C: the cases under way finish (each is bounded by its
    # time limits) and the temporary folder is cleaned up.
    signal.signal(signal.SIGTERM, interrupt)
    fuzzer = Fuzzer(args)
    indices = [args.case] if args.case is not None else list(range(args.cases))
    started = time.monotonic()
    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for result in pool.map(fuzzer.run_case, indices):
                results.append(result)
                if args.verbose or result.failures:
                    ran = f" run={result.ran}" if result.ran else ""
                    print(f"case {result.index}: {result.base} + {','.join(result.mutations)}: {result.verdict}{ran}")
                for kind, detail in result.failures:
                    print(f"  {kind.upper()}: {detail}\n  file: {result.saved}\n"
                          f"  replay: python3 bench/fuzz.py --seed {args.seed} --bin {args.bin} --case {result.index} --keep")
    finally:
        fuzzer.cleanup()
    elapsed = time.monotonic() - started

    def count(kind):
        return sum(1 for r in results for k, _ in r.failures if k == kind)

    runs = [r.ran for r in results if r.ran]
    mismatches = [r for r in results if r.mismatch]
    for r in mismatches[:10]:
        print(f"case {r.index}: run and validate said it differently: {r.mismatch}")
    # The same defect usually fails many cases: group the bad messages by what they say.
    reasons = {}
    for r in results:
        for kind, detail in r.failures:
            if kind == "bad message":
                said = re.sub(r"^.*?capzflow: .*?\.ya?ml(:\d+)?: ", "", detail)
                reasons[said[:100]] = reasons.get(said[:100], 0) + 1
    for said, times in sorted(reasons.items(), key=lambda item: -item[1]):
        print(f"bad messages: {times} x {said!r}")
    by_outcome = ", ".join(f"{runs.count(o)} {o}" for o in sorted(set(runs)))
    print(f"fuzz: seed={args.seed} cases={len(results)} accepted={sum(r.verdict == 'accepted' for r in results)} "
          f"rejected={sum(r.verdict == 'rejected' for r in results)} crashes={count('crash')} hangs={count('hang')} "
          f"bad-messages={count('bad message')} bad-exits={count('bad exit')} run/validate-disagreements={count('mismatch')} "
          f"runs={len(runs)} ({by_outcome}) other-run-messages={len(mismatches)} "
          f"leftover-processes={sum(r.leftovers for r in results)} time={elapsed:.0f}s")
    failed = any(r.failures for r in results) or any(r.leftovers for r in results)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
