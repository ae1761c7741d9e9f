#!/usr/bin/env bash
# Regenerates docs/screenshot-light.png, docs/screenshot-dark.png (the chunk timeline),
# docs/screenshot-messages.png (Messages mode with the Problems panel) and
# docs/screenshot-monitor.png (pipescope --monitor following two headless recorders) and
# docs/screenshot-intercept.png (a request held at a breakpoint, the Intercept panel open).
#
# Run from the repository root after building:
#   cmake --build --preset dev && bash docs/screenshots.sh
#   BUILD_DIR=build/other bash docs/screenshots.sh     # another build directory
#
# It records a small language-server-like session headlessly with the built pipescope, then opens
# it in the window on a virtual X server (Xvfb), once with a light and once with a dark palette,
# selects a stdout row so the hex view shows its bytes, and captures the window.
# Both palettes come from Qt's GTK 3 platform theme (Debian: qt6-gtk-platformtheme) with GTK's
# Adwaita theme; the settings of whoever runs this are not used.
set -euo pipefail

BUILD_DIR=${BUILD_DIR:-build/dev}
OUT_DIR=${OUT_DIR:-docs}
XVFB_SCREEN="1280x800x24"

die() {
    echo "screenshots.sh: $*" >&2
    exit 1
}

# --- Inside the virtual X server. ---
# Starts the window with ARGS (its output in $TMP_DIR/LABEL.log) and waits until it shows: sets
# window_pid and window_id.
start_window() {
    local label=$1
    shift
    # <&0: a background job's stdin would be /dev/null, and a proxy's is its client.
    "$BUILD_DIR/app/pipescope" "$@" <&0 >"$TMP_DIR/$label.log" 2>&1 &
    window_pid=$!
    # shellcheck disable=SC2064 # expand now: the pid is known
    trap "kill $window_pid 2>/dev/null || true" EXIT
    window_id=$(timeout 30 xdotool search --sync --onlyvisible --class '^pipescope$' | head -1) ||
        true
    [[ -n $window_id ]] || die "$label: the window did not appear (log: $TMP_DIR/$label.log)"
    sleep 1 # let it lay out and paint
}

# Captures the window to OUT, the pointer off it so that no row shows a hover highlight, and
# closes it.
capture_window() {
    xdotool mousemove --sync 2000 2000
    sleep 1
    import -window "$window_id" -strip "$1"
    # KILL: a proxy's window stays open after its child ends, and the child goes with it.
    kill -KILL "$window_pid" 2>/dev/null || true
    wait "$window_pid" 2>/dev/null || true
    trap - EXIT
}

# Shows SESSION with the palette THEME and captures it to OUT. VIEW: chunks (select the first
# stdout notification) or messages (Messages mode, the hover response selected, which selects
# its request too, and the Problems panel open).
shoot() {
    local theme=$1 session=$2 out=$3 view=$4
    case $theme in
    light) export GTK_THEME=Adwaita ;;
    dark) export GTK_THEME=Adwaita:dark ;;
    esac
    export QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=gtk3
    unset QT_STYLE_OVERRIDE QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS QT_FONT_DPI
    start_window "window-$theme" "$session"

    # Without a window manager the window sits at the top left corner of the screen. Click into
    # the timeline (a quarter down the window: below the menu and tool bars, above the detail
    # pane), then select the first stdout row that carries a notification (row 8) with the
    # keyboard, which does not depend on row heights.
    local WIDTH HEIGHT
    eval "$(xdotool getwindowgeometry --shell "$window_id" | grep -E '^(WIDTH|HEIGHT)=')"
    local width=$WIDTH height=$HEIGHT
    xdotool windowfocus --sync "$window_id"
    xdotool mousemove --window "$window_id" --sync $((width / 2)) $((height / 4)) click 1
    sleep 0.5
    # Ctrl+Home goes to the first row in a tree and in a table view. Twice: pressing it again
    # does no harm, and a first key can get lost while the window takes the focus.
    # The demo speaks LSP, so it opens in Messages mode; the read timeline is Ctrl+M away.
    if [[ $view == chunks ]]; then
        xdotool key --delay 100 ctrl+m
        sleep 1
    else
        xdotool key --delay 100 ctrl+shift+p
        sleep 0.5
        xdotool mousemove --window "$window_id" --sync $((width / 2)) $((height / 4)) click 1
        sleep 0.5
    fi
    xdotool key --delay 100 ctrl+Home ctrl+Home
    sleep 0.2
    if [[ $view == messages ]]; then
        xdotool key --delay 100 Down Down Down Down Down Down Down Down Down Down
    else
        xdotool key --delay 100 Down Down Down Down Down Down Down
    fi
    capture_window "$out"
}

# A monitor, and two recorders it opens tabs for, captured to OUT.
shoot_monitor() {
    local out=$1
    local bin="$BUILD_DIR/app/pipescope"
    export GTK_THEME=Adwaita QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=gtk3
    mkdir -p "$XDG_CONFIG_HOME/pipescope"
    printf '[sessions]\nopenNew=true\n' >"$XDG_CONFIG_HOME/pipescope/pipescope.ini"
    start_window monitor --monitor
    { sleep 0.3; for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 0.2; done; } |
        "$bin" --no-gui --name ticker -- sh -c 'while read -r l; do echo "$l"; done' >/dev/null &
    sleep 0.5
    { sh "$TMP_DIR/demo-client"; sleep 6; } |
        PATH="$TMP_DIR/bin:$PATH" "$bin" --no-gui --name demo-lsp -- demo-server --stdio \
            >/dev/null 2>&1 &
    sleep 6
    capture_window "$out"
}

# A proxy with its window, held at a breakpoint on the demo's hover request, the Intercept panel
# open; captured to OUT.
shoot_intercept() {
    local out=$1
    export GTK_THEME=Adwaita QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=gtk3
    # The client's stdin stays open (the sleep) while the window is captured.
    exec 3< <(
        sh "$TMP_DIR/demo-client"
        sleep 20
    )
    PATH="$TMP_DIR/bin:$PATH" start_window intercept \
        --break 'method == "textDocument/hover"' -- demo-server --stdio <&3
    sleep 2 # the handshake, then the hover request, held
    xdotool windowfocus --sync "$window_id"
    xdotool key --delay 100 ctrl+shift+e
    sleep 1
    capture_window "$out"
    exec 3<&-
}

if [[ ${1-} == --shoot ]]; then
    shift
    shoot "$@"
    exit 0
fi
if [[ ${1-} == --shoot-monitor ]]; then
    shoot_monitor "$2"
    exit 0
fi
if [[ ${1-} == --shoot-intercept ]]; then
    shoot_intercept "$2"
    exit 0
fi

# --- Outside: check the tools, record the demo, start one X server per shot. ---
missing=()
command -v xvfb-run >/dev/null || missing+=("xvfb-run (Debian: xvfb)")
command -v xauth >/dev/null || missing+=("xauth (Debian: xauth)")
command -v xdotool >/dev/null || missing+=("xdotool (Debian: xdotool)")
command -v import >/dev/null || missing+=("import (Debian: imagemagick)")
command -v identify >/dev/null || missing+=("identify (Debian: imagemagick)")
if ((${#missing[@]})); then
    printf 'screenshots.sh: missing %s\n' "${missing[@]}" >&2
    echo "screenshots.sh: on Debian: sudo apt-get install xvfb xauth xdotool imagemagick" >&2
    exit 1
fi
[[ -f CMakePresets.json && -d docs ]] || die "run this from the repository root"
[[ -x $BUILD_DIR/app/pipescope ]] ||
    die "$BUILD_DIR/app/pipescope is missing: build first (cmake --build --preset dev)"

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pipescope-screenshots.XXXXXX")
trap 'rm -rf "$TMP_DIR"' EXIT
export TMP_DIR BUILD_DIR
# A clean, fixed environment: no settings, recent files or caches of the person running this.
export XDG_CONFIG_HOME=$TMP_DIR/config XDG_CACHE_HOME=$TMP_DIR/cache
export XDG_DATA_HOME=$TMP_DIR/data XDG_RUNTIME_DIR=$TMP_DIR/runtime
mkdir -p "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC

# The demo: a client and a pretend language server exchanging JSON-RPC in Content-Length frames
# (as LSP does), the server logging on stderr, with a coloured warning at the end.
mkdir -p "$TMP_DIR/bin"
cat >"$TMP_DIR/bin/demo-server" <<'EOF'
#!/bin/sh
frame() { local LC_ALL=C; printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
echo "demo-server 1.0 starting (stdio)" >&2
read -r header # the client's initialize request
echo "debug: config loaded" # a stray print on the framed stdout: a protocol problem
sleep 0.1
frame '{"jsonrpc":"2.0","id":1,"result":{"capabilities":{"hoverProvider":true,"textDocumentSync":1},"serverInfo":{"name":"demo-server","version":"1.0"}}}'
sleep 0.5
frame '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///src/main.c","diagnostics":[{"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":13}},"severity":2,"message":"unused variable count"}]}}'
sleep 0.35
printf '[info] hover main.c:3:9 (2 ms)\n' >&2
sleep 0.02
frame '{"jsonrpc":"2.0","id":2,"result":{"contents":{"kind":"markdown","value":"int count"}}}'
sleep 0.4
frame '{"jsonrpc":"2.0","id":3,"result":null}'
cat >/dev/null # until the client closes stdin
printf '\033[33mwarning:\033[0m 1 document still open at exit\n' >&2
EOF
chmod +x "$TMP_DIR/bin/demo-server"

cat >"$TMP_DIR/demo-client" <<'EOF'
frame() { local LC_ALL=C; printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file:///src","capabilities":{}}}'
sleep 0.3
frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
sleep 0.1
frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///src/main.c","languageId":"c","version":1,"text":"int main(void)\n{\n    int count = 0;\n    return 0;\n}\n"}}}'
sleep 0.45
frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///src/main.c"},"position":{"line":2,"character":8}}}'
sleep 0.4
frame '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
sleep 0.2
frame '{"jsonrpc":"2.0","method":"exit"}'
EOF

session=$TMP_DIR/demo.pcapng
echo "screenshots.sh: recording the demo session"
if ! sh "$TMP_DIR/demo-client" |
    PATH="$TMP_DIR/bin:$PATH" "$BUILD_DIR/app/pipescope" --no-gui --record "$session" \
        -- demo-server --stdio >/dev/null 2>"$TMP_DIR/record.log"; then
    cat "$TMP_DIR/record.log" >&2
    die "recording the demo failed"
fi
[[ -s $session ]] || die "the demo session is empty"

for shot in light:chunks dark:chunks light:messages; do
    theme=${shot%%:*} view=${shot#*:}
    name=$theme
    [[ $view == messages ]] && name=messages
    out=$OUT_DIR/screenshot-$name.png
    echo "screenshots.sh: $out"
    xvfb-run -a -s "-screen 0 $XVFB_SCREEN" \
        bash "$0" --shoot "$theme" "$session" "$TMP_DIR/$theme.png" "$view" ||
        die "$theme: capture failed"
    # A dark shot that came out light means the GTK 3 platform theme was not used.
    mean=$(identify -format '%[fx:mean]' "$TMP_DIR/$theme.png")
    if [[ $theme == dark ]] && awk -v m="$mean" 'BEGIN { exit !(m > 0.5) }'; then
        die "dark: the palette stayed light; install Qt's GTK 3 platform theme" \
            "(Debian: qt6-gtk-platformtheme)"
    fi
    mv "$TMP_DIR/$theme.png" "$out"
done
echo "screenshots.sh: $OUT_DIR/screenshot-monitor.png"
xvfb-run -a -s "-screen 0 $XVFB_SCREEN" bash "$0" --shoot-monitor "$TMP_DIR/monitor.png" ||
    die "monitor: capture failed"
mv "$TMP_DIR/monitor.png" "$OUT_DIR/screenshot-monitor.png"
echo "screenshots.sh: $OUT_DIR/screenshot-intercept.png"
xvfb-run -a -s "-screen 0 $XVFB_SCREEN" bash "$0" --shoot-intercept "$TMP_DIR/intercept.png" ||
    die "intercept: capture failed"
mv "$TMP_DIR/intercept.png" "$OUT_DIR/screenshot-intercept.png"
echo "screenshots.sh: done"
