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
inputs = [0, fd, 3]
buf = b''
while True:
    try:
        ready, _, _ = select.select(inputs, [], [])
    except InterruptedError:
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
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 128 - os.waitstatus_to_exitcode(status))
`;
