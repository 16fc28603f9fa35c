package clio

// MattersService is a stub; see the services issue.
type MattersService struct{ service }
