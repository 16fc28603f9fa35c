package clio

// ContactsService is a stub; see the services issue.
type ContactsService struct{ service }
