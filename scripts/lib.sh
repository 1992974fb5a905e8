# Shared by scripts/setup and scripts/test: install only what is missing.

ensure_debian_packages() {  # PACKAGE...: apt-get install those not installed (plus python3-venv if needed)
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  # Debian's python3 ships venv without ensurepip; a pyenv or python.org build has it.
  python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=("python3-venv")
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing ${missing[*]} (apt-get)" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_venv() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
}
