package blob

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

func TestParseS3URL(t *testing.T) {
	tests := []struct {
		in      string
		want    S3Config
		wantErr bool
	}{
		{"http://AK:SK@127.0.0.1:7070/evidence", S3Config{Endpoint: "127.0.0.1:7070", AccessKey: "AK", SecretKey: "SK", Bucket: "evidence"}, false},
		{"https://AK:s%2Fk%40x@s3.example.cn/zhifa/city/evidence?region=cn-north-1",
			S3Config{Endpoint: "s3.example.cn", Secure: true, AccessKey: "AK", SecretKey: "s/k@x", Bucket: "zhifa", Prefix: "city/evidence", Region: "cn-north-1"}, false},
		{"https://s3.example.cn/zhifa/", S3Config{Endpoint: "s3.example.cn", Secure: true, Bucket: "zhifa"}, false},
		{"s3://AK:SK@host/bucket", S3Config{}, true},
		{"http://AK:SK@host/", S3Config{}, true},
		{"http:///bucket", S3Config{}, true},
		{"://", S3Config{}, true},
	}
	for _, tc := range tests {
		got, err := ParseS3URL(tc.in)
		if tc.wantErr {
			if err == nil {
				t.Errorf("ParseS3URL(%q) = %+v, want an error", tc.in, got)
			} else if strings.Contains(err.Error(), ":SK@") {
				t.Errorf("ParseS3URL(%q): error %q shows the secret", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseS3URL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	cfg, _ := ParseS3URL("https://AK:topsecret@s3.example.cn/zhifa/p/?region=r1")
	if s := cfg.String(); strings.Contains(s, "topsecret") || s != "https://AK:xxxxx@s3.example.cn/zhifa/p/?region=r1" {
		t.Errorf("String() = %q, want the URL without the secret", s)
	}
}

func TestNewS3MissingBucket(t *testing.T) {
	s := openS3(t)
	cfg := s.Config()
	cfg.Bucket = "zhifa-no-such-bucket"
	if _, err := NewS3(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("NewS3 on a missing bucket = %v, want an error saying so", err)
	}
}

// TestS3Cleanup: the temp objects and unfinished multipart uploads of
// crashed Puts are removed once they are older than TempMaxAge, and not
// before.
func TestS3Cleanup(t *testing.T) {
	s := openS3(t)
	ctx := t.Context()
	tmp := s.cfg.Prefix + "tmp/"
	if _, err := s.client.PutObject(ctx, s.cfg.Bucket, tmp+"CRASHED1", bytes.NewReader([]byte("half")), 4, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	core := minio.Core{Client: s.client}
	if _, err := core.NewMultipartUpload(ctx, s.cfg.Bucket, tmp+"CRASHED2", minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := s.Put(ctx, strings.NewReader("kept"), 10)
	if err != nil {
		t.Fatal(err)
	}
	if l := s.leftovers(t); len(l) != 2 {
		t.Fatalf("leftovers = %q, want the temp object and the upload", l)
	}

	tests := []struct {
		name   string
		maxAge time.Duration
		want   int
	}{
		{"too young", time.Hour, 0},
		{"old enough", time.Nanosecond, 2},
		{"again", time.Nanosecond, 0},
	}
	for _, tc := range tests {
		s.cfg.TempMaxAge = tc.maxAge
		time.Sleep(10 * time.Millisecond)
		if n, err := s.Cleanup(ctx); err != nil || n != tc.want {
			t.Errorf("%s: Cleanup = %d, %v; want %d removed", tc.name, n, err, tc.want)
		}
	}
	if l := s.leftovers(t); len(l) > 0 {
		t.Errorf("leftovers after Cleanup: %q", l)
	}
	if ok, err := s.Exists(ctx, h.SHA256); !ok || err != nil {
		t.Errorf("Cleanup touched a stored blob: Exists = %v, %v", ok, err)
	}
	st, err := s.client.StatObject(ctx, s.cfg.Bucket, s.key(h.SHA256), minio.StatObjectOptions{})
	if err != nil || st.UserMetadata["Zhifa-Sm3"] != h.SM3Hex() {
		t.Errorf("stored blob's metadata %v, %v; want Zhifa-Sm3 %s", st.UserMetadata, err, h.SM3Hex())
	}
}
