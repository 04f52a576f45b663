#!/bin/sh
# Install Partnership Planner for this user from the unpacked bundle this script sits in.
#
#   ./install.sh                  into ~/.local (menu entry, icon, `planner` on the PATH)
#   ./install.sh --prefix DIR     into DIR (e.g. /usr/local, as root)
#   ./install.sh --uninstall      remove what an install put there (your plans stay)
#
# The program goes to PREFIX/lib/partnership-planner, a link to it to PREFIX/bin/planner, and
# the desktop file, AppStream metainfo and icons under PREFIX/share. Plans and settings live
# in your user data folder and are never touched.
set -eu

APP_ID=io.github.partnership_planner.PartnershipPlanner
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="$HOME/.local"
UNINSTALL=0

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  PREFIX=$2; shift 2 ;;
        --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

case "$PREFIX" in
    /*) ;;
    *) PREFIX="$(pwd)/$PREFIX" ;;
esac
# The path goes into the desktop file's Exec line; keep to characters that need no escaping
# there (spaces are quoted below).
case "$PREFIX" in
    *[\"\`\$\\%\|]*) echo "install.sh: please choose a folder without \" \` \$ \\ % or | in its name" >&2; exit 2 ;;
esac

TARGET="$PREFIX/lib/partnership-planner"
SHARE="$PREFIX/share"
ICONS="$SHARE/icons/hicolor"

remove_program() {
    # Only ever delete a folder that is recognisably an earlier install of this bundle.
    if [ -d "$TARGET" ]; then
        if [ -x "$TARGET/planner" ] && [ -d "$TARGET/_internal" ]; then
            rm -rf "$TARGET"
        else
            echo "install.sh: $TARGET exists but is not a Partnership Planner install; leaving it" >&2
            exit 1
        fi
    fi
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -f -t "$ICONS" 2>/dev/null || true
    fi
}

if [ "$UNINSTALL" = 1 ]; then
    remove_program
    if [ -L "$PREFIX/bin/planner" ]; then rm -f "$PREFIX/bin/planner"; fi
    rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    rm -f "$ICONS"/*/apps/"$APP_ID".png "$ICONS/scalable/apps/$APP_ID.svg"
    refresh_caches
    echo "Partnership Planner removed from $PREFIX (your plans are still in your user data folder)."
    exit 0
fi

if [ ! -x "$HERE/planner" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run me from the unpacked partnership-planner folder" >&2
    exit 1
fi
DATA="$HERE/_internal"

if [ "$HERE" != "$TARGET" ]; then
    remove_program
    mkdir -p "$PREFIX/lib"
    cp -R "$HERE" "$TARGET"
fi

mkdir -p "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$ICONS/scalable/apps"
ln -sf "$TARGET/planner" "$PREFIX/bin/planner"

# The menu entry names the program by its full path: ~/.local/bin is not on every session's PATH.
sed -e "s|^Exec=.*|Exec=\"$TARGET/planner\"|" -e "s|^TryExec=.*|TryExec=$TARGET/planner|" \
    "$DATA/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$DATA/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
for png in "$DATA"/planner_resources/icons/hicolor/*/apps/"$APP_ID".png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    mkdir -p "$ICONS/$size/apps"
    cp "$png" "$ICONS/$size/apps/"
done
cp "$DATA/planner_resources/icons/$APP_ID.svg" "$ICONS/scalable/apps/"
refresh_caches

echo "Partnership Planner installed in $TARGET."
echo "Start it from your applications menu, or run: $PREFIX/bin/planner"
