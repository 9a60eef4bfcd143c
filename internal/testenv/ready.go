package testenv

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// StartupTimeout is the one overall deadline for a process or server that a
// test starts to become ready. It is generous on purpose: on a loaded
// 2-core machine a child that seeds the demo or a Chromium start can take
// far longer than alone, and a wait that ends early fails a correct test.
// Waits poll for readiness, so a fast start costs nothing (issue 16).
const StartupTimeout = 3 * time.Minute

// WaitHTTP polls url with GET until it answers 200 OK. It gives up when
// StartupTimeout has passed, ctx is done, or exited (if not nil) is closed
// because the server died; the error says which and carries the last
// failure, for the caller to print with what the child wrote.
func WaitHTTP(ctx context.Context, url string, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, StartupTimeout)
	defer cancel()
	client := &http.Client{Timeout: 10 * time.Second}
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		last = err
		select {
		case <-exited:
			return fmt.Errorf("%s: the server exited (last try: %v)", url, last)
		case <-ctx.Done():
			return fmt.Errorf("%s: not ready after %s (last try: %v)", url, StartupTimeout, last)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
