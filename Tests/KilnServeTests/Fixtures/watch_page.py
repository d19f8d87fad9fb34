"""Opens a page in headless Chromium (DevTools protocol over --remote-debugging-pipe) and watches it
without reloading: evaluates --probe every 0.1 s and prints each new value as a JSON line, until --until
is true in the page or --seconds pass; then saves a screenshot to --screenshot.

--ready FILE is written once the page is loaded and --ready-when holds, so a test can change the store
while the page watches. Each --click WHEN SELECTOR, in order, clicks (mouse down and up at its centre)
the element SELECTOR once WHEN holds; --until is checked once every click is done.

The page gets a marker (window.__kilnWatch) once loaded; every probe line says whether it is still
there ("same_page"), so a reload would show. Exit: 0 when --until held, 2 at the deadline, 3 when
Chromium failed."""
import argparse, base64, json, os, select, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("--chromium", required=True)
parser.add_argument("--url", required=True)
parser.add_argument("--probe", required=True, help="a JavaScript expression; its value is printed")
parser.add_argument("--until", required=True, help="a JavaScript expression; the watch ends when true")
parser.add_argument("--seconds", type=float, default=60)
parser.add_argument("--screenshot")
parser.add_argument("--ready", help="a file written once the page is loaded and --ready-when holds")
parser.add_argument("--ready-when", default="true", help="a JavaScript expression")
parser.add_argument("--click", nargs=2, action="append", default=[], metavar=("WHEN", "SELECTOR"),
                    help="click SELECTOR once the JavaScript expression WHEN holds (in order)")
args = parser.parse_args()
deadline = time.monotonic() + args.seconds

commands_read, commands_write = os.pipe()
replies_read, replies_write = os.pipe()

def child_fds():
    # Chromium reads commands on fd 3 and writes replies on fd 4.
    a, b = os.dup(commands_read), os.dup(replies_write)
    os.dup2(a, 3)
    os.dup2(b, 4)

profile = tempfile.mkdtemp(prefix="kiln-chromium-")
browser = subprocess.Popen(
    [args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
     "--user-data-dir=" + profile, "--no-first-run", "--hide-scrollbars", "about:blank"],
    preexec_fn=child_fds, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    stderr=open(os.path.join(profile, "stderr"), "w"))
os.close(commands_read)
os.close(replies_write)
buffered = b""
next_id = 0

def fail(message):
    print(json.dumps({"error": message}), flush=True)
    browser.kill()
    sys.exit(3)

def call(method, params=None, session=None):
    global buffered, next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(commands_write, json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffered:
            left = max(0.1, deadline + 15 - time.monotonic())
            ready, _, _ = select.select([replies_read], [], [], left)
            if not ready:
                fail("no reply to " + method)
            chunk = os.read(replies_read, 1 << 20)
            if not chunk:
                fail("chromium closed the pipe during " + method)
            buffered += chunk
        raw, buffered = buffered.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                fail(method + ": " + json.dumps(reply["error"]))
            return reply.get("result", {})

def evaluate(session, expression):
    result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    if "exceptionDetails" in result:
        # A throwing expression's value is its exception, so that the output says what went wrong.
        details = result["exceptionDetails"]
        return {"exception": details.get("exception", {}).get("description") or details.get("text")}
    return result.get("result", {}).get("value")

target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Emulation.setDeviceMetricsOverride",
     {"width": 1200, "height": 1500, "deviceScaleFactor": 1, "mobile": False}, session)
call("Page.navigate", {"url": args.url}, session)
while evaluate(session, "document.readyState") != "complete":
    if time.monotonic() > deadline:
        fail("the page did not load")
    time.sleep(0.1)
evaluate(session, "window.__kilnWatch = 1")
if args.ready:
    while evaluate(session, args.ready_when) is not True:
        if time.monotonic() > deadline:
            fail("--ready-when never held; --probe: " + json.dumps(evaluate(session, args.probe)))
        time.sleep(0.1)
    open(args.ready, "w").close()

def click(selector):
    # The element's centre in the viewport, scrolled into view first; then a real mouse click there.
    box = evaluate(session, """(function () {
      var el = document.querySelector(%s);
      if (!el) { return null; }
      el.scrollIntoView({ block: 'center' });
      var r = el.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    })()""" % json.dumps(selector))
    if box is None:
        fail("nothing to click at " + selector)
    for kind in ("mousePressed", "mouseReleased"):
        call("Input.dispatchMouseEvent",
             {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1}, session)
    print(json.dumps({"clicked": selector}), flush=True)

last, met, clicks = None, False, list(args.click)

def show():
    global last
    value = evaluate(session, args.probe)
    same = evaluate(session, "window.__kilnWatch === 1")
    if value != last:
        print(json.dumps({"value": value, "same_page": same}), flush=True)
        last = value

while time.monotonic() < deadline:
    due = bool(clicks) and evaluate(session, clicks[0][0]) is True
    show()
    if due:
        click(clicks.pop(0)[1])
        show()
    if not clicks and evaluate(session, args.until) is True:
        met = True
        break
    time.sleep(0.1)
if args.screenshot:
    shot = call("Page.captureScreenshot", {"format": "png"}, session)
    with open(args.screenshot, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
os.write(commands_write, json.dumps({"id": next_id + 1, "method": "Browser.close"}).encode() + b"\0")
browser.wait(timeout=30)
sys.exit(0 if met else 2)
