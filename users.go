package clio

// UsersService is a stub; see the services issue.
type UsersService struct{ service }

// MatterStagesService is a stub; see the services issue.
type MatterStagesService struct{ service }

// PracticeAreasService is a stub; see the services issue.
type PracticeAreasService struct{ service }
