// Command s3testd serves internal/s3test on a loopback address for the test
// run (scripts/s3test.sh). It prints "listening on HOST:PORT" once it
// accepts connections, and stops on SIGTERM or SIGINT.
//
// The secret key is read from the environment (S3TEST_SECRET_KEY), not the
// command line, so it does not show in the process list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"zhifa/internal/s3test"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "s3testd:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	access := flag.String("access-key", "zhifatest", "access key")
	bucket := flag.String("bucket", "zhifa-test", "bucket created at start")
	flag.Parse()
	secret := os.Getenv("S3TEST_SECRET_KEY")
	if secret == "" {
		return errors.New("S3TEST_SECRET_KEY is not set")
	}
	h, err := s3test.Handler(map[string]string{*access: secret}, *bucket)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	slog.Info("s3testd: listening on " + ln.Addr().String())
	fmt.Println("listening on", ln.Addr().String())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
