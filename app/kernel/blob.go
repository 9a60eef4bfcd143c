package kernel

import (
	"errors"

	"zhifa"
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
