// Package deploy holds no code: its test decodes the deployment files
// (Kubernetes manifests, the compose file, the Keycloak realm) strictly, so
// that a typo fails the build. It is a module of its own, so that the
// Kubernetes and compose libraries stay out of the hub's dependencies.
package deploy
