package clio

// WebhooksService is a stub; see the services issue.
type WebhooksService struct{ service }
