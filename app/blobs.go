package app

import "zhifa/app/kernel"

// errNoBlobs is the error of file operations without blob storage (kernel.ErrNoBlobs).
func errNoBlobs() error { return kernel.ErrNoBlobs() }

// uploadError is the error of an upload whose source failed (kernel.UploadError).
func uploadError(err error) error { return kernel.UploadError(err) }
