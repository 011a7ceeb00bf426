# Sourced by the set-up scripts, which define die() first.
have() { command -v "$1" >/dev/null 2>&1; }

# Run a command as root: directly when we are root, else through password-less sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif have sudo && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "root is needed to run: $* (run this script as root or allow password-less sudo)"
    fi
}
