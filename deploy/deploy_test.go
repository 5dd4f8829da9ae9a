package deploy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// settings are the hub's environment variables, read from the table of
// docs/configuration.md (which a test of the hub keeps complete), so that
// a misspelt variable in a manifest fails here.
func settings(t *testing.T) map[string]bool {
	t.Helper()
	doc, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(KETENHUB_[A-Z_]+)`").FindAllSubmatch(doc, -1) {
		out[string(m[1])] = true
	}
	if len(out) < 10 {
		t.Fatalf("found only %d settings in docs/configuration.md", len(out))
	}
	return out
}

// typeMeta is what a manifest says it is.
type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// newObject returns the Kubernetes API type for a manifest's kind.
func newObject(tm typeMeta) any {
	switch tm.APIVersion + " " + tm.Kind {
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}
	case "v1 Service":
		return &corev1.Service{}
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}
	case "v1 Secret":
		return &corev1.Secret{}
	case "networking.k8s.io/v1 Ingress":
		return &networkingv1.Ingress{}
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "batch/v1 Job":
		return &batchv1.Job{}
	}
	return nil
}

// decodeManifest decodes one manifest strictly into its API type: an
// unknown or misspelt field, or a value of the wrong type, is an error.
func decodeManifest(data []byte) (any, error) {
	var tm typeMeta
	if err := yaml.Unmarshal(data, &tm); err != nil {
		return nil, err
	}
	obj := newObject(tm)
	if obj == nil {
		return nil, &unknownKind{tm}
	}
	return obj, yaml.UnmarshalStrict(data, obj)
}

type unknownKind struct{ tm typeMeta }

func (e *unknownKind) Error() string { return "unknown kind " + e.tm.APIVersion + " " + e.tm.Kind }

// manifests decodes every manifest in kubernetes/, by file name.
func manifests(t *testing.T) map[string]any {
	t.Helper()
	files, err := filepath.Glob("kubernetes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	out := map[string]any{}
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\n---")) {
			t.Fatalf("%s: one manifest per file, please", f)
		}
		obj, err := decodeManifest(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = obj
	}
	return out
}

func TestKubernetesManifests(t *testing.T) {
	m := manifests(t)
	known := settings(t)
	dep := m["deployment.yaml"].(*appsv1.Deployment)
	labels := dep.Spec.Template.Labels

	t.Run("Deployment", func(t *testing.T) {
		if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 3 {
			t.Errorf("replicas = %v, want 3", dep.Spec.Replicas)
		}
		pod := dep.Spec.Template.Spec
		if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			t.Error("the pod may run as root")
		}
		if len(pod.Containers) != 1 {
			t.Fatalf("%d containers, want 1", len(pod.Containers))
		}
		c := pod.Containers[0]
		if sc := c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Error("the container's root filesystem is writable or it may escalate privileges")
		}
		for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe, "startup": c.StartupProbe} {
			want := map[string]string{"liveness": "/healthz", "readiness": "/readyz", "startup": "/healthz"}[name]
			if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != want {
				t.Errorf("%s probe is not GET %s", name, want)
			}
		}
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Error("the container lacks CPU and memory requests or a memory limit")
		}
		checkEnv(t, "deployment", c.Env, known)
		checkMetricsPort(t, dep, c)
		mounts := map[string]bool{}
		for _, v := range pod.Volumes {
			mounts[v.Name] = true
		}
		for _, vm := range c.VolumeMounts {
			if !mounts[vm.Name] {
				t.Errorf("volume mount %s has no volume", vm.Name)
			}
		}
		if !selects(dep.Spec.Selector.MatchLabels, labels) {
			t.Error("the Deployment's selector does not select its pods")
		}
	})
	t.Run("Service", func(t *testing.T) {
		svc := m["service.yaml"].(*corev1.Service)
		if !selects(svc.Spec.Selector, labels) {
			t.Error("the Service does not select the Deployment's pods")
		}
		if svc.Spec.Ports[0].TargetPort.String() != dep.Spec.Template.Spec.Containers[0].Ports[0].Name {
			t.Error("the Service's target port is not the container's port")
		}
		for _, p := range svc.Spec.Ports {
			if p.TargetPort.String() == "metrics" || p.TargetPort.IntValue() == 9090 {
				t.Errorf("the Service exposes the metrics port as %s", p.Name)
			}
		}
	})
	t.Run("Ingress", func(t *testing.T) {
		ing := m["ingress.yaml"].(*networkingv1.Ingress)
		svc := m["service.yaml"].(*corev1.Service)
		for _, r := range ing.Spec.Rules {
			for _, p := range r.HTTP.Paths {
				b := p.Backend.Service
				if b == nil || b.Name != svc.Name || b.Port.Name != svc.Spec.Ports[0].Name {
					t.Errorf("path %s goes to %+v, not the Service's port", p.Path, b)
				}
			}
		}
		if ing.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "" {
			t.Error("the Ingress sets no read timeout for websockets")
		}
	})
	t.Run("PodDisruptionBudget", func(t *testing.T) {
		pdb := m["poddisruptionbudget.yaml"].(*policyv1.PodDisruptionBudget)
		if !selects(pdb.Spec.Selector.MatchLabels, labels) {
			t.Error("the PodDisruptionBudget does not select the Deployment's pods")
		}
	})
	t.Run("SecretAndConfig", func(t *testing.T) {
		sec := m["secret.example.yaml"].(*corev1.Secret)
		cm := m["configmap.yaml"].(*corev1.ConfigMap)
		for _, v := range dep.Spec.Template.Spec.Volumes {
			switch {
			case v.Secret != nil && v.Secret.SecretName != sec.Name:
				t.Errorf("volume %s names secret %s, the example is %s", v.Name, v.Secret.SecretName, sec.Name)
			case v.ConfigMap != nil && v.ConfigMap.Name != cm.Name:
				t.Errorf("volume %s names config map %s, not %s", v.Name, v.ConfigMap.Name, cm.Name)
			}
		}
		for _, e := range dep.Spec.Template.Spec.Containers[0].Env {
			if key, ok := strings.CutPrefix(e.Value, "/run/secrets/ketenhub/"); ok {
				if _, has := sec.StringData[key]; !has {
					t.Errorf("%s reads %s, which the Secret example lacks", e.Name, key)
				}
			}
		}
	})
	t.Run("MigrateJob", func(t *testing.T) {
		job := m["migrate-job.yaml"].(*batchv1.Job)
		checkEnv(t, "migrate job", job.Spec.Template.Spec.Containers[0].Env, known)
	})
	t.Run("Kustomization", func(t *testing.T) {
		var k struct {
			Resources []string `json:"resources"`
		}
		data, err := os.ReadFile("kubernetes/kustomization.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, &k); err != nil {
			t.Fatal(err)
		}
		for _, r := range k.Resources {
			if _, ok := m[r]; !ok {
				t.Errorf("kustomization lists %s, which is not a manifest here", r)
			}
		}
		for name := range m {
			if name != "secret.example.yaml" && !slices.Contains(k.Resources, name) {
				t.Errorf("kustomization does not list %s", name)
			}
		}
	})
}

// checkMetricsPort checks that the hub serves its metrics on a port of its
// own that the annotations point Prometheus at, apart from the public one.
func checkMetricsPort(t *testing.T, dep *appsv1.Deployment, c corev1.Container) {
	t.Helper()
	var addr string
	for _, e := range c.Env {
		if e.Name == "KETENHUB_METRICS_ADDR" {
			addr = e.Value
		}
	}
	_, port, ok := strings.Cut(addr, ":")
	if !ok {
		t.Fatalf("KETENHUB_METRICS_ADDR = %q: the pod serves no metrics Prometheus can reach", addr)
	}
	if got := dep.Spec.Template.Annotations["prometheus.io/port"]; got != port {
		t.Errorf("prometheus.io/port = %q, want the metrics port %s", got, port)
	}
	for _, p := range c.Ports {
		if p.Name == "http" && strconv.Itoa(int(p.ContainerPort)) == port {
			t.Errorf("the metrics port %s is the public port", port)
		}
	}
}

func checkEnv(t *testing.T, what string, env []corev1.EnvVar, known map[string]bool) {
	t.Helper()
	for _, e := range env {
		if !known[e.Name] {
			t.Errorf("%s: %s is not a setting of the hub", what, e.Name)
		}
	}
}

// selects reports whether selector matches labels.
func selects(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// TestStrictDecodingCatchesTypos proves the checks above can fail: a
// misspelt field in a manifest or in the compose file is refused.
func TestStrictDecodingCatchesTypos(t *testing.T) {
	data, err := os.ReadFile("kubernetes/deployment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	typo := bytes.Replace(data, []byte("readinessProbe:"), []byte("readinesProbe:"), 1)
	if _, err := decodeManifest(typo); err == nil || !strings.Contains(err.Error(), "readinesProbe") {
		t.Errorf("a misspelt probe decoded: %v", err)
	}
	typo = bytes.Replace(data, []byte("replicas: 3"), []byte("replicas: three"), 1)
	if _, err := decodeManifest(typo); err == nil {
		t.Error("replicas: three decoded")
	}

	compose, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := bytes.Replace(compose, []byte("stop_grace_period: 20s"), []byte("stop_grace_periode: 20s"), 1)
	if bytes.Equal(bad, compose) {
		t.Fatal("the typo was not made")
	}
	if err := os.WriteFile(filepath.Join(dir, "compose.yaml"), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadCompose(t, dir); err == nil || !strings.Contains(err.Error(), "stop_grace_periode") {
		t.Errorf("a misspelt compose key loaded: %v", err)
	}
}

// loadCompose loads dir/compose.yaml with the compose specification's
// loader, which validates it against the compose JSON schema.
func loadCompose(t *testing.T, dir string) (*types.Project, error) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  abs,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(abs, "compose.yaml")}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("ketenhub", true)
		o.SkipResolveEnvironment = true
		o.ResolvePaths = false
	})
}

func TestCompose(t *testing.T) {
	p, err := loadCompose(t, ".")
	if err != nil {
		t.Fatal(err)
	}
	known := settings(t)
	for _, name := range []string{"postgres", "keycloak", "init", "hub-a", "hub-b", "proxy"} {
		if _, err := p.GetService(name); err != nil {
			t.Errorf("no service %s: %v", name, err)
		}
	}
	for _, name := range []string{"hub-a", "hub-b", "init"} {
		s, err := p.GetService(name)
		if err != nil {
			continue
		}
		for k := range s.Environment {
			if !known[k] {
				t.Errorf("%s: %s is not a setting of the hub", name, k)
			}
		}
		if !s.ReadOnly {
			t.Errorf("%s: the root filesystem is writable", name)
		}
		for _, p := range s.Ports {
			if p.Target == 9090 && p.Published != "" {
				t.Errorf("%s publishes the metrics port", name)
			}
		}
	}
	for name, sec := range p.Secrets {
		if _, err := os.Stat(sec.File); err != nil {
			t.Errorf("secret %s: %v", name, err)
		}
	}
	for _, mount := range []string{"caddy/Caddyfile", "ketenhub/oidc.yaml", "keycloak/ketenhub-realm.json"} {
		if _, err := os.Stat(mount); err != nil {
			t.Errorf("a mounted file is missing: %v", err)
		}
	}
}

// realm is the part of Keycloak's RealmRepresentation the demo realm uses.
// Decoding disallows unknown fields, so a key misspelt in the file (which
// Keycloak would silently ignore) fails here.
type realm struct {
	Realm                  string   `json:"realm"`
	DisplayName            string   `json:"displayName"`
	Enabled                bool     `json:"enabled"`
	SSLRequired            string   `json:"sslRequired"`
	LoginWithEmailAllowed  bool     `json:"loginWithEmailAllowed"`
	DuplicateEmailsAllowed bool     `json:"duplicateEmailsAllowed"`
	ResetPasswordAllowed   bool     `json:"resetPasswordAllowed"`
	RegistrationAllowed    bool     `json:"registrationAllowed"`
	BruteForceProtected    bool     `json:"bruteForceProtected"`
	InternationalizationOn bool     `json:"internationalizationEnabled"`
	SupportedLocales       []string `json:"supportedLocales"`
	DefaultLocale          string   `json:"defaultLocale"`
	Groups                 []struct {
		Name string `json:"name"`
	} `json:"groups"`
	Clients []struct {
		ClientID                  string            `json:"clientId"`
		Name                      string            `json:"name"`
		Enabled                   bool              `json:"enabled"`
		Protocol                  string            `json:"protocol"`
		PublicClient              bool              `json:"publicClient"`
		ClientAuthenticatorType   string            `json:"clientAuthenticatorType"`
		Secret                    string            `json:"secret"`
		StandardFlowEnabled       bool              `json:"standardFlowEnabled"`
		ImplicitFlowEnabled       bool              `json:"implicitFlowEnabled"`
		DirectAccessGrantsEnabled bool              `json:"directAccessGrantsEnabled"`
		ServiceAccountsEnabled    bool              `json:"serviceAccountsEnabled"`
		RedirectURIs              []string          `json:"redirectUris"`
		WebOrigins                []string          `json:"webOrigins"`
		Attributes                map[string]string `json:"attributes"`
		ProtocolMappers           []struct {
			Name            string            `json:"name"`
			Protocol        string            `json:"protocol"`
			ProtocolMapper  string            `json:"protocolMapper"`
			ConsentRequired bool              `json:"consentRequired"`
			Config          map[string]string `json:"config"`
		} `json:"protocolMappers"`
	} `json:"clients"`
	Users []struct {
		Username      string `json:"username"`
		Enabled       bool   `json:"enabled"`
		Email         string `json:"email"`
		EmailVerified bool   `json:"emailVerified"`
		FirstName     string `json:"firstName"`
		LastName      string `json:"lastName"`
		Credentials   []struct {
			Type      string `json:"type"`
			Value     string `json:"value"`
			Temporary bool   `json:"temporary"`
		} `json:"credentials"`
		Groups []string `json:"groups"`
	} `json:"users"`
}

// oidcFile is the hub's provider file of the compose stack.
type oidcFile struct {
	Providers []struct {
		ID                string   `json:"id"`
		DisplayName       string   `json:"display_name"`
		Issuer            string   `json:"issuer"`
		ClientID          string   `json:"client_id"`
		ClientSecretFile  string   `json:"client_secret_file"`
		Scopes            []string `json:"scopes"`
		OrganisationClaim string   `json:"organisation_claim"`
		Beheerder         struct {
			Claim  string   `json:"claim"`
			Values []string `json:"values"`
		} `json:"beheerder"`
	} `json:"providers"`
}

func TestKeycloakRealm(t *testing.T) {
	data, err := os.ReadFile("keycloak/ketenhub-realm.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r realm
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("ketenhub-realm.json: %v", err)
	}
	var hub oidcFile
	raw, err := os.ReadFile("ketenhub/oidc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(raw, &hub); err != nil {
		t.Fatalf("ketenhub/oidc.yaml: %v", err)
	}
	if len(hub.Providers) != 1 {
		t.Fatalf("%d providers in ketenhub/oidc.yaml, want 1", len(hub.Providers))
	}
	p := hub.Providers[0]
	if !strings.HasSuffix(p.Issuer, "/realms/"+r.Realm) {
		t.Errorf("the hub's issuer %s is not realm %s", p.Issuer, r.Realm)
	}
	if len(r.Clients) != 1 {
		t.Fatalf("%d clients, want 1", len(r.Clients))
	}
	c := r.Clients[0]
	secret, err := os.ReadFile("secrets/keycloak-client-secret")
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != p.ClientID || c.Secret != strings.TrimSpace(string(secret)) || c.PublicClient {
		t.Errorf("client %s (public %v) does not match the hub's client %s and secret file", c.ClientID, c.PublicClient, p.ClientID)
	}
	if want := "http://localhost:8080/auth/callback/" + p.ID; !slices.Contains(c.RedirectURIs, want) {
		t.Errorf("redirect URIs %v lack %s", c.RedirectURIs, want)
	}
	if c.Attributes["pkce.code.challenge.method"] != "S256" || !c.StandardFlowEnabled || c.ImplicitFlowEnabled || c.DirectAccessGrantsEnabled {
		t.Error("the client is not an authorization-code client with PKCE S256 only")
	}
	claims := map[string]bool{}
	for _, m := range c.ProtocolMappers {
		if m.ProtocolMapper == "oidc-group-membership-mapper" && m.Config["id.token.claim"] == "true" && m.Config["full.path"] == "false" {
			claims[m.Config["claim.name"]] = true
		}
	}
	if !claims[p.OrganisationClaim] || !claims[p.Beheerder.Claim] {
		t.Errorf("no ID-token group mapper for the claims %q and %q: %v", p.OrganisationClaim, p.Beheerder.Claim, claims)
	}
	groups := map[string]bool{}
	for _, g := range r.Groups {
		groups[g.Name] = true
	}
	beheerders := 0
	for _, u := range r.Users {
		orgs := 0
		for _, g := range u.Groups {
			name := strings.TrimPrefix(g, "/")
			if !groups[name] {
				t.Errorf("user %s is in group %s, which the realm lacks", u.Username, g)
			}
			if slices.Contains(p.Beheerder.Values, name) {
				beheerders++
			} else {
				orgs++
			}
		}
		if orgs != 1 || !u.Enabled || len(u.Credentials) != 1 {
			t.Errorf("user %s: %d organisation groups (want 1), enabled %v, %d credentials", u.Username, orgs, u.Enabled, len(u.Credentials))
		}
	}
	if beheerders == 0 || len(r.Users) < 10 {
		t.Errorf("%d users of whom %d beheerders; want the demo personas with a beheerder", len(r.Users), beheerders)
	}
}
