package s3test_test

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"zhifa/internal/s3test"
)

func newClient(t *testing.T, secret string) (*minio.Client, string) {
	t.Helper()
	h, err := s3test.Handler(map[string]string{"ak": "right-secret"}, "bkt")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := minio.New(strings.TrimPrefix(srv.URL, "http://"), &minio.Options{
		Creds: credentials.NewStaticV4("ak", secret, ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, "bkt"
}

// TestSignatureChecked: a client with the wrong secret is refused as by a
// real S3 service; the right one gets through.
func TestSignatureChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		secret string
		wantOK bool
	}{{"right-secret", true}, {"wrong-secret", false}} {
		c, bucket := newClient(t, tc.secret)
		ok, err := c.BucketExists(t.Context(), bucket)
		var resp minio.ErrorResponse
		switch {
		case tc.wantOK && (err != nil || !ok):
			t.Errorf("secret %s: BucketExists = %v, %v; want true", tc.secret, ok, err)
		case !tc.wantOK && (!errors.As(err, &resp) || resp.StatusCode != 403):
			t.Errorf("secret %s: err = %v; want 403", tc.secret, err)
		}
	}
}

// TestClientOperations runs the requests blob/s3.go makes: put (plain and
// multipart of unknown size), server-side copy with replaced metadata, stat,
// ranged get, list and remove.
func TestClientOperations(t *testing.T) {
	t.Parallel()
	c, bucket := newClient(t, "right-secret")
	ctx := t.Context()
	for up := range c.ListIncompleteUploads(ctx, bucket, "tmp/", true) {
		if up.Err != nil {
			t.Fatal("list uploads of a new bucket:", up.Err)
		}
	}
	if _, err := c.PutObject(ctx, bucket, "tmp/a", strings.NewReader("hello"), 5, minio.PutObjectOptions{}); err != nil {
		t.Fatal("put:", err)
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 400_000) // 6.4 MB: two parts
	if _, err := c.PutObject(ctx, bucket, "tmp/big", bytes.NewReader(big), -1,
		minio.PutObjectOptions{PartSize: 5 << 20}); err != nil {
		t.Fatal("multipart put:", err)
	}
	_, err := c.ComposeObject(ctx,
		minio.CopyDestOptions{Bucket: bucket, Object: "final/a", UserMetadata: map[string]string{"Zhifa-Sm3": "abc"}, ReplaceMetadata: true},
		minio.CopySrcOptions{Bucket: bucket, Object: "tmp/a"})
	if err != nil {
		t.Fatal("copy:", err)
	}
	st, err := c.StatObject(ctx, bucket, "final/a", minio.StatObjectOptions{})
	if err != nil || st.Size != 5 || st.UserMetadata["Zhifa-Sm3"] != "abc" {
		t.Fatalf("stat = %+v, %v", st, err)
	}
	obj, err := c.GetObject(ctx, bucket, "tmp/big", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	got := make([]byte, 4)
	if _, err := obj.ReadAt(got, 17); err != nil || string(got) != "123456789abcdef0"[:4] {
		t.Fatalf("ranged read = %q, %v", got, err)
	}
	var keys []string
	for o := range c.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: "tmp/", Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		keys = append(keys, o.Key)
	}
	if strings.Join(keys, ",") != "tmp/a,tmp/big" {
		t.Fatalf("list = %q", keys)
	}
	if err := c.RemoveObject(ctx, bucket, "tmp/a", minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StatObject(ctx, bucket, "tmp/a", minio.StatObjectOptions{}); err == nil {
		t.Fatal("removed object still there")
	}
	_ = io.EOF
}
