// `kubectl exec -it` wants a terminal. Node has no pty without a native addon, so the pod's
// process is started under Python's pty module: bytes are relayed both ways, and "COLS ROWS"
// lines on fd 3 resize the terminal (with SIGWINCH), as the resize channel asks.
export const PTY_RELAY = String.raw`
import os, pty, sys, select, struct, fcntl, termios, signal
pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    except OSError as e:
        sys.stderr.write('exec: "%s": %s\n' % (sys.argv[1], e.strerror)); os._exit(127)
# The command leads a session of its own (pty.fork), outside the group the lab kills: take it along.
def kill_session():
    # Job control puts background jobs in groups of their own: find every process of the session.
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            if int(fields[3]) == pid:
                os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass
def end_session(*_):
    kill_session()
    os._exit(143)
signal.signal(signal.SIGTERM, end_session)
inputs = [0, fd, 3]
buf = b''
status = None
while True:
    try:
        ready, _, _ = select.select(inputs, [], [], 0.2)
    except InterruptedError:
        continue
    # A background job can keep the terminal open after the command ended: watch the command itself.
    if not ready:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
        continue
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        data = os.read(0, 65536)
        if data:
            os.write(fd, data)
        else:
            inputs.remove(0)
            os.write(fd, b'\x04')
    if 3 in ready:
        data = os.read(3, 1024)
        if not data:
            inputs.remove(3)
            continue
        buf += data
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            cols, rows = [int(x) for x in line.split()]
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
            os.kill(pid, signal.SIGWINCH)
if status is None:
    _, status = os.waitpid(pid, 0)
kill_session()  # what the command left running in its session
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 128 - os.waitstatus_to_exitcode(status))
`;
