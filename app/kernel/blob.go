package kernel

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/ledger"
)

// ErrNoBlobs is the error of file operations (evidence, documents, photos) without blob
// storage.
func ErrNoBlobs() error {
	return &zhifa.Error{Code: zhifa.EINTERNAL, Message: "本系统未配置证据存储", Err: errors.New("app: no blob store configured")}
}

// UploadError is the error of an upload whose source failed: a domain error (such as
// the web layer's size limit) as it is, anything else an interruption.
func UploadError(err error) error {
	var ze *zhifa.Error
	if errors.As(err, &ze) {
		return err
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "文件上传中断，未保存任何内容，请重新上传", Err: err}
}

// StoredFile is a file kept in blob storage, as its row records it: size and hex
// digests.
type StoredFile struct {
	Size        int64
	SHA256, SM3 string
}

// FileHashes names stored files in a ledger entry ("file1", "file2"… in order), so that
// zhifa verify rehashes each against its entry and no stored file is left unnamed.
func FileHashes(files []StoredFile) (map[string]ledger.Digest, error) {
	if len(files) == 0 {
		return nil, nil
	}
	out := make(map[string]ledger.Digest, len(files))
	for i, f := range files {
		d := ledger.Digest{Size: f.Size}
		a, err := hex.DecodeString(f.SHA256)
		if err != nil || len(a) != len(d.SHA256) {
			return nil, fmt.Errorf("file %d: bad SHA-256 %q", i+1, f.SHA256)
		}
		b, err := hex.DecodeString(f.SM3)
		if err != nil || len(b) != len(d.SM3) {
			return nil, fmt.Errorf("file %d: bad SM3 %q", i+1, f.SM3)
		}
		copy(d.SHA256[:], a)
		copy(d.SM3[:], b)
		out["file"+strconv.Itoa(i+1)] = d
	}
	return out, nil
}
