package blob

import (
	"context"
	"crypto/sha256"
	"hash"
	"io"
	"math"
	"sync"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"
)

// The ingest pipeline reads the input in chunks of chunkSize into a ring of
// numChunks buffers. Each chunk goes to three consumers, each on its own
// goroutine: the SHA-256 hasher, the SM3 hasher and the writer. A buffer is
// reused once all three are done with it. So the three run in parallel, and
// reading runs ahead of them by up to numChunks chunks; ingest then runs at
// about the speed of the slowest of them (SM3 on most machines), rather than
// at the harmonic sum a single loop (io.MultiWriter) would give. Memory is
// bounded by numChunks*chunkSize whatever the input's size.
const (
	chunkSize = 1 << 20
	numChunks = 8
)

// chunk is one buffer of the ring.
type chunk struct {
	buf  []byte
	n    int
	refs atomic.Int32 // consumers not yet done with buf[:n]
}

// chunkPool keeps the ring buffers between Puts.
var chunkPool = sync.Pool{New: func() any { return &chunk{buf: make([]byte, chunkSize)} }}

// ingest copies src to dst until EOF, hashing the bytes with SHA-256 and
// SM3, and returns the hashes. It fails with errTooLarge as soon as src has
// yielded more than maxSize bytes, with ctx's error when ctx is done, with
// dst's first write error, or with src's read error (io.EOF ends the input).
// dst is written from a single goroutine other than the caller's, in order,
// and not after ingest returns.
func ingest(ctx context.Context, dst io.Writer, src io.Reader, maxSize int64) (Hashes, error) {
	var h Hashes
	if maxSize <= 0 {
		return h, errMaxSize(maxSize)
	}
	if err := ctx.Err(); err != nil {
		return h, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	free := make(chan *chunk, numChunks)
	for range numChunks {
		free <- chunkPool.Get().(*chunk)
	}
	release := func(c *chunk) {
		if c.refs.Add(-1) == 0 {
			free <- c // never blocks: there are only numChunks chunks
		}
	}

	// The consumers. A failing consumer cancels ctx with its error and
	// keeps draining its queue (releasing chunks) without working on it.
	var wg sync.WaitGroup
	consume := func(do func([]byte) error) chan<- *chunk {
		in := make(chan *chunk, numChunks)
		wg.Go(func() {
			failed := false
			for c := range in {
				if !failed && ctx.Err() == nil {
					if err := do(c.buf[:c.n]); err != nil {
						failed = true
						cancel(err)
					}
				}
				release(c)
			}
		})
		return in
	}
	hashWith := func(hh hash.Hash) func([]byte) error {
		return func(b []byte) error { hh.Write(b); return nil }
	}
	shaH, sm3H := sha256.New(), sm3.New()
	queues := []chan<- *chunk{
		consume(hashWith(shaH)),
		consume(hashWith(sm3H)),
		consume(func(b []byte) error {
			n, err := dst.Write(b)
			if err == nil && n < len(b) {
				err = io.ErrShortWrite
			}
			return err
		}),
	}

	var err error
	for ctx.Err() == nil {
		var c *chunk
		select {
		case c = <-free:
		case <-ctx.Done():
		}
		if c == nil {
			break
		}
		c.n, err = readChunk(src, c.buf)
		if c.n == 0 {
			free <- c
		} else {
			h.Size += int64(c.n)
			if h.Size > maxSize {
				err = errTooLarge(maxSize)
				free <- c
			} else if ctx.Err() == nil {
				c.refs.Store(int32(len(queues)))
				for _, q := range queues {
					q <- c // never blocks: each queue holds numChunks
				}
			} else {
				free <- c
			}
		}
		if err != nil {
			break
		}
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	for range numChunks {
		chunkPool.Put(<-free)
	}

	switch {
	case err != nil && err != io.EOF:
		return h, err
	case context.Cause(ctx) != nil:
		return h, context.Cause(ctx)
	}
	shaH.Sum(h.SHA256[:0])
	sm3H.Sum(h.SM3[:0])
	return h, nil
}

// readChunk fills buf from src, stopping early only at an error. Unlike io.ReadFull,
// it passes src's own errors through unchanged: io.ErrUnexpectedEOF from src (what a
// multipart part of a truncated request body returns) is a failure, not the end of the
// input; only io.EOF is.
func readChunk(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ingestSerial is the obvious single-loop ingest (io.MultiWriter): the
// baseline that BenchmarkHashPipeline compares ingest with. It is not used
// by the stores.
func ingestSerial(dst io.Writer, src io.Reader, maxSize int64) (Hashes, error) {
	var h Hashes
	shaH, sm3H := sha256.New(), sm3.New()
	limit := maxSize
	if limit < math.MaxInt64 {
		limit++ // to see that src has more than maxSize
	}
	n, err := io.Copy(io.MultiWriter(shaH, sm3H, dst), io.LimitReader(src, limit))
	h.Size = n
	if err != nil {
		return h, err
	}
	if n > maxSize {
		return h, errTooLarge(maxSize)
	}
	shaH.Sum(h.SHA256[:0])
	sm3H.Sum(h.SM3[:0])
	return h, nil
}
