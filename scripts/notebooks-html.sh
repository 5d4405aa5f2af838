#!/usr/bin/env bash
# The browser check of the notebooks (`make notebooks-html`): exports the
# executed notebooks to HTML (nbconvert), opens each page in headless
# Chromium, and fails, naming the notebook and cell, when an image the
# notebook should show is missing:
#  - in the HTML, every cell tagged "expect-image" must hold an <img> with a
#    decodable PNG of non-trivial size (the tag run-notebooks.sh checks);
#  - in Chromium, every such image must decode and be laid out with a
#    non-zero size, no <img> on the page may be broken;
#  - the screenshot of the page must not be blank, nor the screenshot's
#    region of each expected image.
# Needs Chromium (Debian's chromium, installed here when missing, as root or
# with sudo), so it is not part of `make test`.
#
#   scripts/notebooks-html.sh [--out DIR] [--readme-image] [DIR | NOTEBOOK.ipynb ...]
#
# Input: executed notebooks, DIR/*.ipynb or the files named. Without any,
# out/notebooks, which is (re)made with scripts/run-notebooks.sh first when
# it is missing or older than a notebook in notebooks/.
# Output (--out, default out/notebooks-html): NAME.html and NAME.png, the
# page's screenshot at 1280 px wide, full height (at most 16384 px).
# --readme-image also remakes docs/img/notebook-quickstart.png: the executed
# quickstart opened in the live classic notebook (jupyter notebook on
# 127.0.0.1 with a token, its kernel started) in a 1280x1840 window: from
# the top down to the raster and rate plot of the "Build and run" cell.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/out/notebooks-html
readme=0
inputs=()
while (($#)); do
  case "$1" in
    --out) OUT=$2; shift ;;
    --readme-image) readme=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "notebooks-html: unknown flag $1" >&2; exit 2 ;;
    *) inputs+=("$1") ;;
  esac
  shift
done
say() { echo "notebooks-html: $*" >&2; }
die() { echo "notebooks-html: $*" >&2; exit 1; }

JUPYTER=${JUPYTER:-/usr/bin/jupyter}
[[ -x $JUPYTER ]] || JUPYTER=$(command -v jupyter || true)
[[ -n $JUPYTER ]] || die "jupyter not found; run make kernel"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
export PYDEVD_DISABLE_FILE_VALIDATION=1

# 1. Chromium and PIL (Debian's chromium and python3-pil), when missing.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]}; install Chromium and set CHROMIUM=/path/to/it"
  local SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root or sudo to apt-get install ${missing[*]}"
    SUDO=sudo
  fi
  say "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
CHROMIUM=${CHROMIUM:-}
if [[ -z $CHROMIUM ]]; then
  command -v chromium >/dev/null || apt_install chromium
  CHROMIUM=$(command -v chromium) || die "chromium not found after installing it"
fi
"$PY" -c 'import PIL' 2>/dev/null || apt_install python3-pil

# 2. The executed notebooks.
notebooks=()
if ((${#inputs[@]} == 0)); then
  exec_dir=$ROOT/out/notebooks
  stale=0
  for nb in "$ROOT"/notebooks/*.ipynb; do
    [[ -f $exec_dir/$(basename "$nb") && ! $nb -nt $exec_dir/$(basename "$nb") ]] || stale=1
  done
  if ((stale)); then
    say "$exec_dir is missing or older than notebooks/: running scripts/run-notebooks.sh"
    "$ROOT/scripts/run-notebooks.sh" --no-timing --out "$exec_dir" || die "run-notebooks.sh failed"
  fi
  for nb in "$ROOT"/notebooks/*.ipynb; do notebooks+=("$exec_dir/$(basename "$nb")"); done
else
  shopt -s nullglob
  for a in "${inputs[@]}"; do
    if [[ -d $a ]]; then notebooks+=("$a"/*.ipynb); else notebooks+=("$a"); fi
  done
fi
((${#notebooks[@]})) || die "no executed notebooks found"
for nb in "${notebooks[@]}"; do [[ -f $nb ]] || die "no such notebook: $nb"; done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# chrome ARGS... runs headless Chromium with a fresh profile (flags for a
# closed network, as root).
chrome() {
  local profile
  profile=$(mktemp -d "$TMP/profile.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$TMP/chromium.log"
  local rc=$?
  rm -rf "$profile"
  return $rc
}

# What Chromium measures on a page, appended to a copy of it: the page's
# height, every <img>'s decoded and laid-out size, and the images of each
# expect-image cell. The page is then replaced by the JSON, for --dump-dom.
PROBE='<script>
window.addEventListener("load", function () {
  function box(im) {
    var r = im.getBoundingClientRect();
    return {nw: im.naturalWidth, nh: im.naturalHeight, complete: im.complete,
            x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height};
  }
  var out = {height: document.documentElement.scrollHeight, images: [], cells: []};
  document.querySelectorAll("img").forEach(function (im) { out.images.push(box(im)); });
  document.querySelectorAll(".celltag_expect-image").forEach(function (c) {
    out.cells.push(Array.prototype.map.call(c.querySelectorAll("img"), box));
  });
  document.documentElement.innerHTML = "<body><pre id=golgi-probe></pre></body>";
  document.getElementById("golgi-probe").textContent = JSON.stringify(out);
});
</script>'

printf '%-36s %6s  %s\n' notebook seconds result
status=0
fail() { printf '%-36s %6s  FAIL: %s\n' "$name" - "$*"; status=1; }
t_all=$(date +%s.%N)
for nb in "${notebooks[@]}"; do
  name=$(basename "$nb" .ipynb)
  t0=$(date +%s.%N)
  if ! "$JUPYTER" nbconvert --to html --output-dir "$OUT" --output "$name" "$nb" >"$TMP/$name.nbconvert.log" 2>&1; then
    cp "$TMP/$name.nbconvert.log" "$OUT/$name.nbconvert.log"
    fail "nbconvert --to html failed, see $OUT/$name.nbconvert.log"
    continue
  fi
  html=$OUT/$name.html
  { cat "$html"; printf '%s\n' "$PROBE"; } >"$TMP/$name.probe.html"
  if ! chrome --window-size=1280,1000 --virtual-time-budget=5000 --dump-dom \
    "file://$TMP/$name.probe.html" >"$TMP/$name.dom"; then
    fail "chromium --dump-dom failed (see $TMP/chromium.log)"
    continue
  fi
  height=$("$PY" -c '
import json, re, sys
m = re.search(r"<pre id=\"golgi-probe\">(.*?)</pre>", open(sys.argv[1]).read(), re.S)
print(min(16384, max(600, int(json.loads(m.group(1).replace("&quot;", "\"").replace("&amp;", "&"))["height"]))) if m else 0)' \
    "$TMP/$name.dom") || height=0
  if ((height == 0)); then
    fail "Chromium did not load the page (no probe result)"
    continue
  fi
  if ! chrome --window-size=1280,"$height" --virtual-time-budget=5000 --screenshot="$OUT/$name.png" \
    "file://$html" >/dev/null || [[ ! -s $OUT/$name.png ]]; then
    fail "chromium --screenshot failed (see $TMP/chromium.log)"
    continue
  fi
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  if result=$("$PY" - "$nb" "$html" "$TMP/$name.dom" "$OUT/$name.png" 2>"$TMP/$name.check" <<'EOF'
import base64, html as htmllib, json, re, struct, sys
from html.parser import HTMLParser
from PIL import Image, ImageStat

nb_path, html_path, dom_path, png_path = sys.argv[1:]
MIN_SIDE, MIN_BYTES = 50, 2000  # a plot, not a placeholder pixel
problems = []

# The expect-image cells of the notebook, named as run-notebooks.sh names them.
nb = json.load(open(nb_path))
expected = []
for i, c in enumerate(nb["cells"]):
    if c["cell_type"] == "code" and "expect-image" in c.get("metadata", {}).get("tags", []):
        src = "".join(c["source"]).strip()
        first = next((l for l in src.splitlines() if l.strip() and not l.startswith("%")), src[:60])[:60]
        expected.append("cell %d (%s)" % (i + 1, first))

# 1. The HTML: the <img> elements inside each div tagged celltag_expect-image.
class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.depth, self.open = [], 0, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            self.depth += 1
            if self.open is None and "celltag_expect-image" in (a.get("class") or "").split():
                self.open = self.depth
                self.cells.append([])
        elif tag == "img" and self.open is not None:
            self.cells[-1].append(a.get("src") or "")
    def handle_endtag(self, tag):
        if tag == "div":
            if self.open == self.depth:
                self.open = None
            self.depth -= 1

def png_ok(src):
    m = re.match(r"data:image/png;base64,(.*)", src, re.S)
    if not m:
        return False
    try:
        data = base64.b64decode(m.group(1))
    except Exception:
        return False
    if len(data) < MIN_BYTES or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return False
    w, h = struct.unpack(">II", data[16:24])
    return w >= MIN_SIDE and h >= MIN_SIDE

p = Cells()
p.feed(open(html_path, encoding="utf-8").read())
if len(p.cells) != len(expected):
    problems.append("HTML has %d expect-image cells, the notebook %d (nbconvert template without cell tags?)"
                    % (len(p.cells), len(expected)))
for where, imgs in zip(expected, p.cells):
    if not any(png_ok(s) for s in imgs):
        problems.append(where + ": no PNG <img> in the HTML")

# 2. Chromium: images decoded and laid out.
dom = open(dom_path, encoding="utf-8").read()
m = re.search(r'<pre id="golgi-probe">(.*?)</pre>', dom, re.S)
probe = json.loads(htmllib.unescape(m.group(1)))
def shown(b):
    return b["complete"] and b["nw"] >= MIN_SIDE and b["nh"] >= MIN_SIDE and b["w"] >= MIN_SIDE and b["h"] >= MIN_SIDE
broken = [b for b in probe["images"] if b["complete"] and b["nw"] == 0]
if broken:
    problems.append("%d broken <img> in Chromium" % len(broken))
for where, boxes in zip(expected, probe["cells"]):
    if not any(shown(b) for b in boxes):
        problems.append(where + ": Chromium shows no image")

# 3. The screenshot: not blank, and each expected image's region not blank.
im = Image.open(png_path).convert("L")
if ImageStat.Stat(im).stddev[0] < 10:
    problems.append("screenshot is blank (stddev %.1f)" % ImageStat.Stat(im).stddev[0])
for where, boxes in zip(expected, probe["cells"]):
    for b in boxes:
        if not shown(b) or b["y"] + b["h"] > im.height:
            continue
        region = im.crop((int(b["x"]), int(b["y"]), int(b["x"] + b["w"]), int(b["y"] + b["h"])))
        sd = ImageStat.Stat(region).stddev[0]
        if sd < 5:
            problems.append(where + ": the image's region of the screenshot is blank (stddev %.1f)" % sd)

if problems:
    print("FAIL: " + "; ".join(problems[:5]))
    sys.exit(1)
print("ok: %d images, %d expect-image cells, screenshot %dx%d" % (len(probe["images"]), len(expected), im.width, im.height))
EOF
  ); then
    printf '%-36s %6s  %s\n' "$name" "$secs" "$result"
  else
    printf '%-36s %6s  %s\n' "$name" "$secs" "${result:-FAIL: the check crashed: $(tail -1 "$TMP/$name.check")}"
    status=1
  fi
done

# 3. The README's screenshot: the live classic notebook.
if ((readme)); then
  quick=""
  for nb in "${notebooks[@]}"; do [[ $(basename "$nb") == 01-quickstart.ipynb ]] && quick=$nb; done
  if [[ -z $quick ]]; then
    say "--readme-image: no executed 01-quickstart.ipynb among the inputs"
    status=1
  else
    live=$TMP/live
    mkdir -p "$live"
    cp "$quick" "$live/"
    token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    port=${GOLGI_NOTEBOOK_PORT:-8899}
    # Trusted (signed, in a private database), so outputs render as in a user's own notebook.
    "$PY" -m nbformat.sign --NotebookNotary.db_file="$TMP/trust.db" "$live/01-quickstart.ipynb" >/dev/null 2>&1 || true
    "$JUPYTER" notebook --no-browser --ip 127.0.0.1 --port "$port" --port-retries 0 --allow-root \
      --notebook-dir="$live" --NotebookApp.token="$token" --NotebookNotary.db_file="$TMP/trust.db" \
      >"$TMP/server.log" 2>&1 &
    server_pid=$!
    url=http://127.0.0.1:$port
    for _ in $(seq 60); do
      curl -sf -o /dev/null -H "Authorization: token $token" "$url/api/status" && break
      sleep 0.5
    done
    # Start the kernel first, so the page shows it idle, not "starting".
    curl -sf -o /dev/null -X POST -H "Authorization: token $token" -H 'Content-Type: application/json' \
      -d '{"path": "01-quickstart.ipynb", "type": "notebook", "name": "", "kernel": {"name": "golgi"}}' \
      "$url/api/sessions" || say "--readme-image: could not start a kernel (see $TMP/server.log)"
    sleep 3 # the server reports "starting" until a page connects; gonb is up well before
    mkdir -p "$ROOT/docs/img"
    shot=$TMP/readme.png
    if chrome --window-size=1280,1840 --virtual-time-budget=15000 --screenshot="$shot" \
      "$url/notebooks/01-quickstart.ipynb?token=$token" >/dev/null && [[ -s $shot ]] &&
      "$PY" - "$shot" "$ROOT/docs/img/notebook-quickstart.png" <<'EOF'
import sys
from PIL import Image, ImageStat
im = Image.open(sys.argv[1]).convert("RGB")
if ImageStat.Stat(im.convert("L")).stddev[0] < 10:
    sys.exit("blank screenshot")
# The raster must be in view: its blue and orange dots, many saturated pixels.
hsv = im.convert("HSV").getdata()
colourful = sum(1 for h, s, v in hsv if s > 120 and v > 80)
if colourful < 0.02 * im.width * im.height:
    sys.exit("no raster in the screenshot (%d saturated pixels)" % colourful)
# 1280 px wide is the page at 1:1; a 256-colour palette keeps it small and sharp.
im.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(sys.argv[2], optimize=True)
EOF
    then
      say "wrote docs/img/notebook-quickstart.png ($(stat -c %s "$ROOT/docs/img/notebook-quickstart.png") bytes)"
    else
      say "--readme-image failed (server log: $TMP/server.log)"
      status=1
    fi
    curl -sf -o /dev/null -X DELETE -H "Authorization: token $token" \
      "$url/api/kernels/$(curl -sf -H "Authorization: token $token" "$url/api/kernels" |
        "$PY" -c 'import json,sys; k=json.load(sys.stdin); print(k[0]["id"] if k else "none")')" || true
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
fi

t_end=$(date +%s.%N)
total=$(awk -v a="$t_all" -v b="$t_end" 'BEGIN { printf "%.0f", b - a }')
if ((status)); then
  say "FAILED in ${total} s (HTML and screenshots in $OUT)"
else
  say "ok in ${total} s (HTML and screenshots in $OUT)"
fi
exit $status
