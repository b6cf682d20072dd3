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
