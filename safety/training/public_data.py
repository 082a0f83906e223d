"""Convert the public labelled sets named in ``safety/DATA.md`` into one JSONL shape for
training (``train_classifier --public DIR``): ``{text, label, category, language, source,
orig_label}``.

    python -m safety.training.public_data MIRROR_DIR OUT_DIR

``MIRROR_DIR`` holds the repositories' snapshots (``owner+name/``, as the search tool's ``fetch``
lays them), at the commits ``safety/DATA.md`` records. Fixed seed: the same input gives the same
rows. Nothing from these sets is copied into the repository; only the model trained on them.
"""

import ast
import collections
import csv
import gzip
import io
import json
import random
import re
import subprocess
import sys
import zipfile

csv.field_size_limit(10**8)
M = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"
OUT = sys.argv[2] if len(sys.argv) > 2 else "/work/data"
SEED = 13
STATS = {}  # name -> dict


def git(repo, path):
    gd = f"{M}/{repo.replace('/', '+')}/repo"
    import os

    if os.path.isdir(gd + "/.git"):
        gd += "/.git"
    return subprocess.run(
        ["git", "--git-dir=" + gd, "show", "HEAD:" + path], capture_output=True, check=True
    ).stdout


def head(repo):
    gd = f"{M}/{repo.replace('/', '+')}/repo"
    import os

    if os.path.isdir(gd + "/.git"):
        gd += "/.git"
    return subprocess.run(
        ["git", "--git-dir=" + gd, "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()


URL = re.compile(r"(https?://\S*|www\.\S+)")
MENT = re.compile(r"@\w+")


def clean(t):
    t = t.replace("|LBR|", " ").replace("\ufeff", "")
    t = URL.sub("", t)
    t = MENT.sub("", t)
    t = re.sub(r"^\s*(rt|RT)\b[\s:]*", "", t)
    t = re.sub(r"\s+", " ", t).strip().strip('"').strip()
    if len(t) >= 600:
        cut = t[:600]
        m = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        if m < 50:
            return None
        t = cut[: m + 1]
    if len(re.sub(r"\W", "", t)) < 3:
        return None
    return t


def emit(name, rows, sub="public", cap=3000, unsafe_cap=None):
    """rows: list of dicts with text,label,category,language,source,orig_label (text raw). cap per language."""
    rng = random.Random(SEED)
    bylang = collections.defaultdict(list)
    seen = set()
    for r in rows:
        t = clean(r["text"])
        if not t:
            continue
        k = (r["language"], t.lower())
        if k in seen:
            continue
        seen.add(k)
        r = dict(r)
        r["text"] = t
        bylang[r["language"]].append(r)
    out = []
    for lang, rs in sorted(bylang.items()):
        uns = [r for r in rs if r["label"] == "unsafe"]
        saf = [r for r in rs if r["label"] == "safe"]
        rng.shuffle(uns)
        rng.shuffle(saf)
        if len(uns) + len(saf) > cap:
            ucap = unsafe_cap or cap // 2
            nu = min(len(uns), max(ucap, cap - len(saf)))
            ns = min(len(saf), cap - nu)
            uns = uns[:nu]
            saf = saf[:ns]
        sel = uns + saf
        rng.shuffle(sel)
        out += sel
    with open(f"{OUT}/{sub}/{name}.jsonl", "w") as f:
        for r in out:
            f.write(
                json.dumps(
                    {
                        k: r[k]
                        for k in ["text", "label", "category", "language", "source", "orig_label"]
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    c = collections.Counter((r["language"], r["label"]) for r in out)
    cat = collections.Counter((r["language"], r["label"], r["category"]) for r in out)
    STATS[f"{sub}/{name}"] = {
        "counts": {f"{l}/{lab}": n for (l, lab), n in sorted(c.items())},
        "cats": {f"{a}/{b}/{cc}": n for (a, b, cc), n in sorted(cat.items())},
    }
    print(sub, name, dict(c))


# ---------- GermEval 2018
R = "uds-lsv/GermEval-2018-Data"
rows = []
FINE = {"ABUSE": "hate", "INSULT": "harassment", "PROFANITY": "profanity"}
for p in ["germeval2018.training.txt", "germeval2018.test.txt"]:
    for line in git(R, p).decode("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        t, c1, c2 = parts[0], parts[1].strip(), parts[2].strip()
        if c1 == "OFFENSE":
            rows.append(
                dict(
                    text=t,
                    label="unsafe",
                    category=FINE.get(c2, "harassment"),
                    language="de",
                    source=f"{R}:{p}",
                    orig_label=f"{c1}/{c2}",
                )
            )
        elif c1 == "OTHER":
            rows.append(
                dict(
                    text=t,
                    label="safe",
                    category="safe_general",
                    language="de",
                    source=f"{R}:{p}",
                    orig_label=f"{c1}/{c2}",
                )
            )
emit("germeval2018", rows)

# ---------- XSafety
R = "Jarviswang94/Multilingual_safety_benchmark"
rows = []
XMAP = {
    "Insult": "harassment",
    "Unfairness_And_Discrimination": "hate",
    "Crimes_And_Illegal_Activities": "crime",
    "Unsafe_Instruction_Topic": "crime",
    "Inquiry_With_Unsafe_Opinion": "dangerous_activities",
    "Privacy_And_Property": "pii",
}
LANGS = {"en": "en", "de": "de", "fr": "fr", "sp": "es"}
files = subprocess.run(
    [
        "git",
        "--git-dir=" + M + "/" + R.replace("/", "+") + "/repo",
        "ls-tree",
        "-r",
        "--name-only",
        "HEAD",
    ],
    capture_output=True,
    text=True,
).stdout.split()
for f in files:
    d = f.split("/")[0]
    if d not in LANGS or not f.endswith(".csv"):
        continue
    base = f.split("/")[1].replace(".csv", "").replace("_n", "").replace("_en", "")
    if base not in XMAP:
        continue
    txt = git(R, f).decode("utf-8-sig", errors="replace")
    for rec in csv.reader(io.StringIO(txt)):
        if not rec:
            continue
        t = ",".join(rec) if len(rec) > 1 and rec[1].strip() != "" else rec[0]
        rows.append(
            dict(
                text=t,
                label="unsafe",
                category=XMAP[base],
                language=LANGS[d],
                source=f"{R}:{f}",
                orig_label=base,
            )
        )
WEAKX = {"Inquiry_With_Unsafe_Opinion", "Privacy_And_Property"}
emit("xsafety", [r for r in rows if r["orig_label"] not in WEAKX])
emit("xsafety_weak", [r for r in rows if r["orig_label"] in WEAKX], sub="public_weak")

# ---------- MLMA (fr, en)
R = "HKUST-KnowComp/MLMA_hate_speech"
rows = []
LEX = {}
for lg in ["en", "fr"]:
    LEX[lg] = [
        w.strip().lower()
        for w in git("LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words", lg)
        .decode("utf-8")
        .splitlines()
        if w.strip()
    ]


def haslex(t, lg):
    tl = " " + re.sub(r"[^\w\s]", " ", t.lower()) + " "
    return any((" " + w + " ") in tl or (" " + w + "s ") in tl for w in LEX[lg])


MLMA_DROPPED = collections.Counter()
z = zipfile.ZipFile(io.BytesIO(git(R, "hate_speech_mlma.zip")))
for lang in ["fr", "en"]:
    p = f"hate_speech_mlma/{lang}_dataset.csv"
    for r in csv.DictReader(io.StringIO(z.read(p).decode("utf-8"))):
        s = r["sentiment"].strip()
        parts = set(s.split("_"))
        src = f"{R}:hate_speech_mlma.zip/{p}"
        if s == "normal" and haslex(r["tweet"], lang):
            MLMA_DROPPED[lang] += 1
            continue
        if s == "normal":
            rows.append(
                dict(
                    text=r["tweet"],
                    label="safe",
                    category="safe_general",
                    language=lang,
                    source=src,
                    orig_label=s,
                )
            )
        elif "normal" not in parts and parts:
            cat = "hate" if parts & {"hateful", "fearful"} else "harassment"
            rows.append(
                dict(
                    text=r["tweet"],
                    label="unsafe",
                    category=cat,
                    language=lang,
                    source=src,
                    orig_label=s,
                )
            )
emit("mlma_hate_speech", rows)
print("MLMA normal dropped (lexicon hit):", dict(MLMA_DROPPED))
STATS["mlma_dropped"] = dict(MLMA_DROPPED)

# ---------- ToLD-Br (pt)
R = "JAugusto97/ToLD-Br"
rows = []
p = "ToLD-BR.csv"
CATS = {
    "homophobia": "hate",
    "racism": "hate",
    "xenophobia": "hate",
    "misogyny": "hate",
    "insult": "harassment",
    "obscene": "profanity",
}
for r in csv.DictReader(io.StringIO(git(R, p).decode("utf-8"))):
    v = {k: float(r[k] or 0) for k in CATS}
    mx = max(v.values())
    ol = ";".join(f"{k}={int(x)}" for k, x in v.items() if x > 0) or "all=0"
    if mx == 0:
        rows.append(
            dict(
                text=r["text"],
                label="safe",
                category="safe_general",
                language="pt",
                source=f"{R}:{p}",
                orig_label=ol,
            )
        )
    elif mx >= 2:
        # category: hate labels first if majority, else insult, else obscene
        top = [k for k, x in v.items() if x >= 2]
        cat = (
            "hate"
            if any(CATS[k] == "hate" for k in top)
            else ("harassment" if "insult" in top else "profanity")
        )
        rows.append(
            dict(
                text=r["text"],
                label="unsafe",
                category=cat,
                language="pt",
                source=f"{R}:{p}",
                orig_label=ol,
            )
        )
emit("told_br", rows)

# ---------- MultiJail (it, en)
R = "DAMO-NLP-SG/multilingual-safety-for-LLMs"
rows = []
p = "data/MultiJail.csv"
ORDER = [
    ("child abuse", "sexual_minors"),
    ("sexual", "sexual"),
    ("adult content", "sexual"),
    ("self-harm", "self_harm"),
    ("weapons", "weapons"),
    ("terrorism", "violence"),
    ("violence", "violence"),
    ("animal abuse", "violence"),
    ("substance", "drugs_alcohol"),
    ("hate speech", "hate"),
    ("discrimination", "hate"),
    ("bullying", "harassment"),
    ("personally identifiable", "pii"),
    ("theft", "crime"),
    ("property crime", "crime"),
    ("fraud", "crime"),
    ("unethical", "crime"),
    ("misinformation", "dangerous_activities"),
    ("conspiracy", "dangerous_activities"),
]
for r in csv.DictReader(io.StringIO(git(R, p).decode("utf-8-sig"))):
    tags = r["tags"]
    try:
        tl = ast.literal_eval(tags) if tags.startswith("[") else [tags]
    except Exception:
        tl = [tags]
    low = " ".join(tl).lower()
    cat = "dangerous_activities"
    for k, c in ORDER:
        if k in low:
            cat = c
            break
    for lang in ["it", "en"]:
        rows.append(
            dict(
                text=r[lang],
                label="unsafe",
                category=cat,
                language=lang,
                source=f"{R}:{p}",
                orig_label="; ".join(tl),
            )
        )
emit("multijail", rows)


# ---------- UD treebanks (safe_general)
def ud(repo, paths, lang, name, sub="public", cap=3000):
    rows = []
    for p in paths:
        for line in git(repo, p).decode("utf-8").splitlines():
            if line.startswith("# text = "):
                t = line[9:].strip()
                if len(t) < 15:
                    continue
                rows.append(
                    dict(
                        text=t,
                        label="safe",
                        category="safe_general",
                        language=lang,
                        source=f"{repo}:{p}",
                        orig_label="UD sentence (no safety label)",
                    )
                )
    emit(name, rows, sub=sub, cap=cap)


ud(
    "UniversalDependencies/UD_Spanish-GSD",
    ["es_gsd-ud-dev.conllu", "es_gsd-ud-test.conllu"],
    "es",
    "ud_spanish_gsd",
)
ud(
    "UniversalDependencies/UD_German-GSD",
    ["de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"],
    "de",
    "ud_german_gsd",
)
ud(
    "UniversalDependencies/UD_French-GSD",
    ["fr_gsd-ud-dev.conllu", "fr_gsd-ud-test.conllu"],
    "fr",
    "ud_french_gsd",
)
ud(
    "UniversalDependencies/UD_Portuguese-Bosque",
    ["pt_bosque-ud-dev.conllu", "pt_bosque-ud-test.conllu"],
    "pt",
    "ud_portuguese_bosque",
)
ud(
    "UniversalDependencies/UD_Dutch-Alpino",
    ["nl_alpino-ud-dev.conllu", "nl_alpino-ud-test.conllu"],
    "nl",
    "ud_dutch_alpino",
)
ud("UniversalDependencies/UD_Italian-PUD", ["it_pud-ud-test.conllu"], "it", "ud_italian_pud")
ud(
    "UniversalDependencies/UD_English-EWT",
    ["en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"],
    "en",
    "ud_english_ewt",
)
ud(
    "UniversalDependencies/UD_Italian-ISDT",
    ["it_isdt-ud-dev.conllu", "it_isdt-ud-test.conllu"],
    "it",
    "ud_italian_isdt",
    sub="public_restricted",
)

# ---------- Fortuna Portuguese hate speech (no licence -> restricted)
R = "paulafortuna/Portuguese-Hate-Speech-Dataset"
rows = []
p = "2019-05-28_portuguese_hate_speech_binary_classification.csv"
for r in csv.DictReader(io.StringIO(git(R, p).decode("utf-8"))):
    h = r["hatespeech_comb"].strip()
    if h == "1":
        rows.append(
            dict(
                text=r["text"],
                label="unsafe",
                category="hate",
                language="pt",
                source=f"{R}:{p}",
                orig_label="hatespeech_comb=1",
            )
        )
    elif h == "0":
        rows.append(
            dict(
                text=r["text"],
                label="safe",
                category="safe_general",
                language="pt",
                source=f"{R}:{p}",
                orig_label="hatespeech_comb=0",
            )
        )
emit("portuguese_hate_speech_fortuna", rows, sub="public_restricted")

R = "anthropics/hh-rlhf"
rows = []
p = "harmless-base/test.jsonl.gz"
KW = [
    ("sexual_minors", r"\b(child porn|kids? (sex|naked)|minor[s]? .*sex|underage)"),
    ("sexual", r"\b(sex|porn|naked|nude|penis|vagina|boobs|fuck|horny|masturbat|prostitut)"),
    ("self_harm", r"\b(suicide|kill myself|cut myself|self[- ]harm|end my life)"),
    ("weapons", r"\b(gun|rifle|bomb|explosive|knife|weapon|grenade)"),
    (
        "drugs_alcohol",
        r"\b(drug|cocaine|heroin|meth|weed|marijuana|alcohol|drunk|beer|vodka|pills?)\b",
    ),
    (
        "hate",
        r"\b(black people|jews?|muslims?|gays?|mexicans?|asians?|racist|n[i1]gg|immigrants?|white people)\b",
    ),
    ("violence", r"\b(kill|murder|hurt|beat|punch|torture|poison|stab|shoot|attack)"),
    (
        "crime",
        r"\b(steal|rob|shoplift|hack|fraud|scam|cheat|break into|illegal|launder|counterfeit)",
    ),
    ("pii", r"\b(address|phone number|social security|home of|where does .* live)"),
    ("harassment", r"\b(insult|stupid|idiot|ugly|bully|prank|cuss|curse)"),
]
for line in gzip.decompress(git(R, p)).decode("utf-8").splitlines():
    d = json.loads(line)
    conv = d["chosen"]
    m = re.search(r"Human:(.*?)(\n\nAssistant:|$)", conv, re.S)
    if not m:
        continue
    t = m.group(1).strip()
    cat = "dangerous_activities"
    for c, rx in KW:
        if re.search(rx, t.lower()):
            cat = c
            break
    rows.append(
        dict(
            text=t,
            label="unsafe",
            category=cat,
            language="en",
            source=f"{R}:{p}",
            orig_label="harmless-base red-team first human turn (weak; category by keyword heuristic)",
        )
    )
emit("hh_rlhf_harmless_redteam", rows, sub="public_weak", cap=1500)


# ---------- H.C. Andersen's fairy tales (hcandersenr): real stories a child hears (safe)
# Wolves, witches, death and cold in a story are the everyday text of a children's toy, and
# the web sets above hold none of it. Split by tale, not by sentence, and the same tale in
# every language (the translations share the tale's number, EK), so no held-out tale is
# trained on in any language. The held-out half is written to OUT/heldout/ for measuring.
R = "EmilHvitfeldt/hcandersenr"
_STORY_SENTENCE = re.compile(r'(?<=[.!?])["»”]?\s+(?=["«“„¿¡]?[A-ZÀ-Ý])')


def story_sentences_of(text):
    text = re.sub(r"\s+", " ", text)
    for s in _STORY_SENTENCE.split(text):
        s = s.strip().strip('"').strip()
        if 5 <= len(s.split()) <= 40:
            yield s


def andersen():
    import os
    import tempfile

    import pyreadr  # reads the package's .rda files (pip install pyreadr)

    def frame(name):
        with tempfile.NamedTemporaryFile(suffix=".rda") as f:
            f.write(git(R, f"data/{name}.rda"))
            f.flush()
            return pyreadr.read_r(f.name)[name]

    ek = frame("EK")
    tales = sorted({int(e) for e in ek["EK"].dropna()})
    random.Random(SEED).shuffle(tales)
    held = set(tales[: len(tales) // 2])
    os.makedirs(f"{OUT}/heldout", exist_ok=True)
    train, heldout = [], collections.defaultdict(list)
    source = f"{R}@{head(R)[:7]}"
    for lang in ("en", "de", "es", "fr"):
        number = {
            n: int(e)
            for n, e in zip(ek[f"name_{lang}"], ek["EK"], strict=True)
            if isinstance(n, str)
        }
        df = frame(f"hcandersen_{lang}")
        books = collections.defaultdict(list)
        for text, book in zip(df["text"], df["book"], strict=True):
            books[book].append(text or "")
        for book, lines in books.items():
            if book not in number:
                continue
            for s in story_sentences_of(" ".join(lines)):
                row = dict(
                    text=s,
                    label="safe",
                    category="literature",
                    language=lang,
                    source=f"{source}:{book}",
                    orig_label=f"H.C. Andersen, EK {number[book]}",
                )
                (heldout[lang] if number[book] in held else train).append(row)
    emit("andersen_stories", train, cap=1000)
    rng = random.Random(SEED)
    for lang, rows in sorted(heldout.items()):
        rng.shuffle(rows)
        with open(f"{OUT}/heldout/andersen_{lang}.jsonl", "w") as f:
            for r in rows[:600]:
                r = dict(r, category="story", direction="to_child")
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print("heldout andersen", lang, min(len(rows), 600), "of", len(rows))


andersen()

with open(f"{OUT}/stats.json", "w") as f:
    json.dump(STATS, f, indent=1)
