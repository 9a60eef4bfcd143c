package app

import (
	"bytes"
	"context"
	"fmt"

	"zhifa/blob"
)

// The copies' document files off the copy's critical path (zhifa gen, issue 11). Each
// issued document of a closed copy is a file of its own; creating it (and, in a fresh
// store, its directory) was a fifth of a copy's CPU, on the goroutine that also builds
// the copies and feeds SQLite. So a copy hashes its documents in memory (blob.Sum: the
// hashes its rows and entries name) and hands the content to one writer goroutine, which
// stores it on the other core while the copies go on; Copy waits for every file before
// its transaction commits, so a committed row never names a missing file.

// copyFileQueue is the number of document files queued for the writer before a copy waits.
const copyFileQueue = 256

// fileWriter stores the copies' document files on a goroutine of its own.
type fileWriter struct {
	blobs blob.Store
	queue chan copyFile
	done  chan error // the writer's first error, when the queue is closed and drained
}

// copyFile is one document file to store, with the hashes the copy's rows name.
type copyFile struct {
	content []byte
	want    blob.Hashes
}

// newFileWriter starts a writer into blobs; Wait ends it.
func newFileWriter(ctx context.Context, blobs blob.Store) *fileWriter {
	w := &fileWriter{blobs: blobs, queue: make(chan copyFile, copyFileQueue), done: make(chan error, 1)}
	go w.run(ctx)
	return w
}

func (w *fileWriter) run(ctx context.Context) {
	var first error
	for f := range w.queue {
		if first != nil {
			continue // drain: the copies fail anyway
		}
		h, err := w.blobs.Put(ctx, bytes.NewReader(f.content), 1<<30)
		switch {
		case err != nil:
			first = fmt.Errorf("document content: %w", err)
		case h != f.want:
			first = fmt.Errorf("document content stored as %s, hashed as %s", h.SHA256Hex(), f.want.SHA256Hex())
		}
	}
	w.done <- first
}

// Put hashes content and queues it; the hashes are those the stored file will have.
func (w *fileWriter) Put(content []byte) blob.Hashes {
	h := blob.Sum(content)
	w.queue <- copyFile{content: content, want: h}
	return h
}

// Wait returns once every queued file is stored, with the first error; the writer is
// done then.
func (w *fileWriter) Wait() error {
	close(w.queue)
	return <-w.done
}
