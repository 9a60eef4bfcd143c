package app

import "zhifa/app/kernel"

// errNoBlobs is the error of file operations without blob storage (kernel.ErrNoBlobs).
func errNoBlobs() error { return kernel.ErrNoBlobs() }
