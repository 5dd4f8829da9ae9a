package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// rssDelta is one hub process's resident memory before and after connecting.
type rssDelta struct {
	pid           int
	before, after int64 // KiB
	perConn       float64
}

// readRSS reads VmRSS (KiB) of each process; a process that cannot be read is left out.
func readRSS(pids []int) map[int]int64 {
	out := map[int]int64{}
	for _, pid := range pids {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			fmt.Fprintln(os.Stderr, "ketenload:", err)
			continue
		}
		kib, err := vmRSS(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "ketenload: pid %d: %v\n", pid, err)
			continue
		}
		out[pid] = kib
	}
	return out
}

// vmRSS finds the VmRSS line of a /proc/<pid>/status file.
func vmRSS(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "VmRSS:" {
			return strconv.ParseInt(fields[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS line")
}

// rssDeltas spreads each process's growth over the connections; with
// several nodes the connections are spread evenly, so each node holds its share.
func rssDeltas(before, after map[int]int64, conns int) []rssDelta {
	var out []rssDelta
	for pid, b := range before {
		a, ok := after[pid]
		if !ok || conns == 0 {
			continue
		}
		share := float64(conns) / float64(len(before))
		out = append(out, rssDelta{pid: pid, before: b, after: a, perConn: float64(a-b) / share})
	}
	return out
}

// raiseFileLimit lifts the soft limit on open files to the hard limit:
// every websocket is a file descriptor.
func raiseFileLimit(progress io.Writer) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fmt.Fprintln(progress, "ketenload: cannot raise the open-file limit:", err)
	}
}
