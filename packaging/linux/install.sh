#!/bin/sh
# Install Partnership Planner for this user from the unpacked bundle this script sits in.
#
#   ./install.sh                  into ~/.local (menu entry, icon, plan file type, and the
#                                 command `partnership-planner` on the PATH)
#   ./install.sh --prefix DIR     into DIR (e.g. /usr/local, as root)
#   ./install.sh --uninstall      remove what an install put there (your plans stay)
#
# The program goes to PREFIX/lib/partnership-planner, a link to it to
# PREFIX/bin/partnership-planner (not `planner`: that is GNOME Planner's), and the desktop
# file, AppStream metainfo, plan file type and icons under PREFIX/share. A file that is there
# already and was not put there by this installer is never overwritten or removed: the
# install stops and names it. What an install wrote is listed in
# PREFIX/lib/partnership-planner/installed-files, and --uninstall removes exactly that.
# Plans and settings live in your user data folder and are never touched.
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
COMMAND="$PREFIX/bin/partnership-planner"
MANIFEST="$TARGET/installed-files"

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
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$SHARE/mime/packages" ]; then
        update-mime-database "$SHARE/mime" 2>/dev/null || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -f -t "$ICONS" 2>/dev/null || true
    fi
}

# The files an earlier install wrote (one path a line), so that they may be replaced.
PREVIOUS=$(cat "$MANIFEST" 2>/dev/null || true)

if [ -z "$PREVIOUS" ] && [ -x "$TARGET/planner" ] && [ -d "$TARGET/_internal" ]; then
    # Installed by version 0.1.0, which kept no list: what it wrote, by name.
    PREVIOUS=$(ls -d "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml" \
        "$ICONS"/*/apps/"$APP_ID".png "$ICONS/scalable/apps/$APP_ID.svg" 2>/dev/null || true)
    if [ "$(readlink "$PREFIX/bin/planner" 2>/dev/null)" = "$TARGET/planner" ]; then
        PREVIOUS="$PREVIOUS
$PREFIX/bin/planner"
    fi
fi

ours() {
    printf '%s\n' "$PREVIOUS" | grep -Fqx -- "$1"
}

# Lists of paths are one a line (a folder may have spaces in its name).
NL='
'
set -f

if [ "$UNINSTALL" = 1 ]; then
    printf '%s\n' "$PREVIOUS" | while IFS= read -r file; do
        [ -n "$file" ] && rm -f -- "$file"
    done
    remove_program
    refresh_caches
    echo "Partnership Planner removed from $PREFIX (your plans are still in your user data folder)."
    exit 0
fi

if [ ! -x "$HERE/planner" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run me from the unpacked partnership-planner folder" >&2
    exit 1
fi
DATA="$HERE/_internal"

# Where each file goes; stop before writing anything if one is there and is not ours.
FILES="$COMMAND$NL$SHARE/applications/$APP_ID.desktop$NL$SHARE/metainfo/$APP_ID.metainfo.xml"
FILES="$FILES$NL$SHARE/mime/packages/$APP_ID.xml$NL$ICONS/scalable/apps/$APP_ID.svg"
set +f
for png in "$DATA"/planner_resources/icons/hicolor/*/apps/"$APP_ID".png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    FILES="$FILES$NL$ICONS/$size/apps/$APP_ID.png"
done
set -f
IFS=$NL
for file in $FILES; do
    if { [ -e "$file" ] || [ -L "$file" ]; } && ! ours "$file"; then
        echo "install.sh: $file is already there and was not installed by Partnership Planner; nothing was changed (move it away, or choose another --prefix)" >&2
        exit 1
    fi
done
unset IFS
set +f

if [ "$HERE" != "$TARGET" ]; then
    remove_program
    mkdir -p "$PREFIX/lib"
    cp -R "$HERE" "$TARGET"
fi

mkdir -p "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$SHARE/mime/packages" \
    "$ICONS/scalable/apps"
ln -sf "$TARGET/planner" "$COMMAND"

# The menu entry names the program by its full path: ~/.local/bin is not on every session's
# PATH. %f: a plan opened from the file manager.
sed -e "s|^Exec=.*|Exec=\"$TARGET/planner\" %f|" -e "s|^TryExec=.*|TryExec=$TARGET/planner|" \
    "$DATA/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$DATA/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
cp "$DATA/share/mime/packages/$APP_ID.mime.xml" "$SHARE/mime/packages/$APP_ID.xml"
for png in "$DATA"/planner_resources/icons/hicolor/*/apps/"$APP_ID".png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    mkdir -p "$ICONS/$size/apps"
    cp "$png" "$ICONS/$size/apps/"
done
cp "$DATA/planner_resources/icons/$APP_ID.svg" "$ICONS/scalable/apps/"
printf '%s\n' "$FILES" > "$MANIFEST"
# The 0.1.0 command, `planner`, shadowed GNOME Planner's: gone when it was ours.
if ours "$PREFIX/bin/planner" && [ -L "$PREFIX/bin/planner" ]; then rm -f "$PREFIX/bin/planner"; fi
refresh_caches

echo "Partnership Planner installed in $TARGET."
echo "Start it from your applications menu, or run: $COMMAND"
