// Command compat runs one compatibility check of golang.org/x/oauth2/google: `compat <flow>`. It prints what it
// obtained and exits 0, or prints the library's error and exits 1; `compat --list` names the flows.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2/google"
)

const scope = "https://www.googleapis.com/auth/cloud-platform"

type fixtures struct {
	Issuer          string            `json:"issuer"`
	CallerEmail     string            `json:"callerEmail"`
	TargetEmail     string            `json:"targetEmail"`
	IDTokenAudience string            `json:"idTokenAudience"`
	Files           map[string]string `json:"files"`
}

type flow struct {
	name string
	run  func(context.Context, fixtures) (string, error)
}

var flows = []flow{
	{"key-file-access-token", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["keyFile"], map[string]string{"email": f.CallerEmail})
	}},
	{"key-file-id-token", keyFileIDToken},
	{"adc-external-file", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["fileSourced"], nil)
	}},
	{"adc-external-url", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["urlSourced"], nil)
	}},
	{"adc-external-file-impersonated", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["fileSourcedImpersonated"], map[string]string{"email": f.TargetEmail})
	}},
	{"adc-external-url-impersonated", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["urlSourcedImpersonated"], map[string]string{"email": f.TargetEmail})
	}},
	{"adc-impersonated", func(ctx context.Context, f fixtures) (string, error) {
		return adcAccessToken(ctx, f, f.Files["impersonated"], map[string]string{"email": f.TargetEmail})
	}},
}

func adcAccessToken(ctx context.Context, f fixtures, file string, expected map[string]string) (string, error) {
	os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	credentials, err := google.FindDefaultCredentials(ctx, scope)
	if err != nil {
		return "", err
	}
	token, err := credentials.TokenSource.Token()
	if err != nil {
		return "", err
	}
	return expectTollgateToken(f, token.AccessToken, expected)
}

// keyFileIDToken asks for an ID token the way google.golang.org/api/idtoken does with a key file.
func keyFileIDToken(ctx context.Context, f fixtures) (string, error) {
	keyFile, err := os.ReadFile(f.Files["keyFile"])
	if err != nil {
		return "", err
	}
	config, err := google.JWTConfigFromJSON(keyFile)
	if err != nil {
		return "", err
	}
	config.UseIDToken = true
	config.PrivateClaims = map[string]interface{}{"target_audience": f.IDTokenAudience}
	token, err := config.TokenSource(ctx).Token()
	if err != nil {
		return "", err
	}
	return expectTollgateToken(f, token.AccessToken, map[string]string{"aud": f.IDTokenAudience})
}

func expectTollgateToken(f fixtures, jwt string, expected map[string]string) (string, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "", errors.New("not a JWT")
	}
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", err
	}
	var claims map[string]interface{}
	if err := json.Unmarshal(body, &claims); err != nil {
		return "", err
	}
	if claims["iss"] != f.Issuer {
		return "", fmt.Errorf("token issued by %v, not %s", claims["iss"], f.Issuer)
	}
	for claim, value := range expected {
		if claims[claim] != value {
			return "", fmt.Errorf("token %s=%v, expected %s", claim, claims[claim], value)
		}
	}
	if aud, ok := expected["aud"]; ok {
		return "aud=" + aud, nil
	}
	return fmt.Sprintf("sub=%v", claims["sub"]), nil
}

// startInANewSecond waits for the next whole second. The library's jwt-bearer assertions carry no jti, so two flows
// signing with the same key file within one second send the same JWT, and Tollgate refuses the second as a replay
// (docs/security.md, "Assertions: replay, nbf and signed claims"); each flow runs in its own process, so waiting
// here gives every flow a second of its own.
func startInANewSecond() {
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--list" {
		for _, each := range flows {
			fmt.Println(each.name)
		}
		return
	}
	var f fixtures
	content, err := os.ReadFile(filepath.Join(os.Getenv("COMPAT_OUT"), "fixtures.json"))
	if err == nil {
		err = json.Unmarshal(content, &f)
	}
	for _, each := range flows {
		if err == nil && each.name == os.Args[1] {
			startInANewSecond()
			var detail string
			if detail, err = each.run(context.Background(), f); err == nil {
				fmt.Println(detail)
				return
			}
		}
	}
	if err == nil {
		err = fmt.Errorf("unknown flow %q", os.Args[1])
	}
	fmt.Println(strings.SplitN(err.Error(), "\n", 2)[0])
	os.Exit(1)
}
